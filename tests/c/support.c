/* Shared helpers of the C tests: environment, clients, a payment, sandbox control. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "json_scan.h"

static const char *env(const char *name) {
    const char *value = getenv(name);
    if (!value || !*value) {
        fprintf(stderr, "%s is not set: run the tests through tools/with-sandbox\n", name);
        exit(2);
    }
    return value;
}

const char *test_base_url(void) { return env("SGPAY_BASE_URL"); }
const char *test_key_path(void) { return env("SGPAY_PRIVATE_KEY_PATH"); }
const char *test_project(void) { return env("SGPAY_PROJECT"); }
int test_quick(void) { return getenv("SGPAY_TEST_QUICK") != NULL; }

sgpay_client *test_client(const char *extra_config) {
    char config[2048];
    sgpay_client *client = NULL;
    char *doc = NULL;
    snprintf(config, sizeof config,
             "{\"base_url\":\"%s\",\"project\":\"%s\",\"private_key_path\":\"%s\"%s}",
             test_base_url(), test_project(), test_key_path(), extra_config ? extra_config : "");
    int32_t rc = sgpay_client_new(config, &client, &doc);
    if (rc != SGPAY_OK) {
        fprintf(stderr, "cannot create the test client (%d): %s\n", rc, doc ? doc : "");
        exit(2);
    }
    return client;
}

int32_t test_start_payment(sgpay_client *client, const char *card, char *session_id,
                           size_t session_id_size) {
    char request[1024];
    char *doc = NULL;
    int32_t rc = sgpay_session_create(client, "{}", NULL, &doc);
    if (rc != SGPAY_OK) {
        sgpay_string_free(doc);
        return rc;
    }
    json_string(json_member(json_member(doc, "session"), "id"), session_id, session_id_size);
    sgpay_string_free(doc);
    snprintf(request, sizeof request,
             "{\"session_id\":\"%s\",\"amount_details\":{\"amount\":2500,\"currency\":\"rub\"},"
             "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","
             "\"bank_card\":{\"number\":\"%s\",\"expiration_month\":\"12\","
             "\"expiration_year\":\"30\",\"security_code\":\"987\"}}},"
             "\"customer\":{\"reference\":\"c-test\"}}",
             session_id, card);
    doc = NULL;
    rc = sgpay_session_start_payment(client, request, NULL, &doc);
    sgpay_string_free(doc);
    return rc;
}

/* Opens a TCP connection to the sandbox's host and port. */
static int connect_sandbox(void) {
    const char *url = test_base_url();
    const char *colon = strrchr(url, ':');
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || !colon) return -1;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(colon + 1));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends one HTTP/1.1 request with Connection: close and reads the whole reply. */
static int exchange(const char *method, const char *path, const char *body, char *reply,
                    size_t reply_size) {
    char request[4096];
    size_t used = 0;
    ssize_t n;
    int fd = connect_sandbox();
    if (fd < 0) return -1;
    int len = snprintf(request, sizeof request,
                       "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                       "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                       method, path, strlen(body), body);
    if (write(fd, request, (size_t)len) != len) {
        close(fd);
        return -1;
    }
    while (used + 1 < reply_size && (n = read(fd, reply + used, reply_size - used - 1)) > 0)
        used += (size_t)n;
    reply[used] = '\0';
    close(fd);
    return strncmp(reply, "HTTP/1.1 200", 12) == 0 ? 0 : -1;
}

int sandbox_post(const char *path, const char *json_body) {
    char reply[4096];
    return exchange("POST", path, json_body, reply, sizeof reply);
}

int sandbox_get(const char *path, char *buf, size_t buf_size) {
    char reply[16384];
    if (exchange("GET", path, "", reply, sizeof reply) != 0) return -1;
    const char *body = strstr(reply, "\r\n\r\n");
    snprintf(buf, buf_size, "%s", body ? body + 4 : "");
    return 0;
}
