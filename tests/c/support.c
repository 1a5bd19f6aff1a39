/* Shared helpers of the C tests: environment, clients, a payment, sandbox control.
 * Portable to Windows (MinGW, Winsock), where tools/windows/test runs them under Wine. */
#ifdef _WIN32
#include <winsock2.h>
typedef SOCKET socket_t;
#define close_socket closesocket
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
typedef int socket_t;
#define INVALID_SOCKET (-1)
#define close_socket close
#endif

#include "harness.h"
#include "json_scan.h"

int tests_passed = 0;
int tests_failed = 0;

void check_status(const char *file, int line, int32_t got, int32_t want, char *doc,
                  const char *needle) {
    int ok = got == want && (needle == NULL || (doc != NULL && strstr(doc, needle) != NULL));
    if (ok) {
        tests_passed++;
    } else {
        tests_failed++;
        fprintf(stderr, "FAIL %s:%d: status %d (expected %d)%s%s; document: %s\n", file, line,
                (int)got, (int)want, needle ? ", looking for " : "", needle ? needle : "",
                doc ? doc : "(null)");
    }
    sgpay_string_free(doc);
}

void check_calls(const char *file, int line, sgpay_client *client, const call_case *cases,
                 size_t count) {
    for (size_t i = 0; i < count; i++) {
        char *doc = NULL;
        int32_t rc = sgpay_call(client, cases[i].operation, cases[i].request, cases[i].options, &doc);
        check_status(file, line, rc, cases[i].status, doc, cases[i].needle);
    }
}

const char *test_key_path(void) { return env_or_die("SGPAY_PRIVATE_KEY_PATH"); }
int test_quick(void) { return getenv("SGPAY_TEST_QUICK") != NULL; }

sgpay_client *test_client(const char *extra_config) {
    char config[4096];
    sgpay_client *client = NULL;
    char *doc = NULL;
    config_from_env(config, sizeof config, extra_config ? extra_config : "");
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
static socket_t connect_sandbox(void) {
    const char *url = env_or_die("SGPAY_BASE_URL");
    const char *colon = strrchr(url, ':');
    struct sockaddr_in addr;
#ifdef _WIN32
    static int started = 0;
    WSADATA wsa;
    if (!started && WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return INVALID_SOCKET;
    started = 1;
#endif
    socket_t fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == INVALID_SOCKET || !colon) return INVALID_SOCKET;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(colon + 1));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close_socket(fd);
        return INVALID_SOCKET;
    }
    return fd;
}

/* Sends one HTTP/1.1 request with Connection: close and reads the whole reply. */
static int exchange(const char *method, const char *path, const char *body, char *reply,
                    size_t reply_size) {
    char request[4096];
    size_t used = 0;
    int n;
    socket_t fd = connect_sandbox();
    if (fd == INVALID_SOCKET) return -1;
    int len = snprintf(request, sizeof request,
                       "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                       "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                       method, path, strlen(body), body);
    if (send(fd, request, len, 0) != len) {
        close_socket(fd);
        return -1;
    }
    while (used + 1 < reply_size &&
           (n = (int)recv(fd, reply + used, (int)(reply_size - used - 1), 0)) > 0)
        used += (size_t)n;
    reply[used] = '\0';
    close_socket(fd);
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

long payments_for_key(const char *stats, const char *key) {
    const char *value = json_member(json_member(stats, "payments_by_idempotency_key"), key);
    char *end = NULL;
    if (!value) return -1;
    long count = strtol(value, &end, 10);
    return end != value && (*end == ',' || *end == '}') ? count : -1;
}
