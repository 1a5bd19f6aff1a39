/* The log callback: one line per request, card data never in it. */
#include <pthread.h>

#include "harness.h"

static pthread_mutex_t lines_lock = PTHREAD_MUTEX_INITIALIZER;
static char lines[16384];
static int line_count = 0;

static void collect(void *userdata, int32_t level, const char *message) {
    int *calls = (int *)userdata;
    pthread_mutex_lock(&lines_lock);
    (*calls)++;
    line_count++;
    if (strlen(lines) + strlen(message) + 16 < sizeof lines) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "[%d] ", level);
        strcat(lines, prefix);
        strcat(lines, message);
        strcat(lines, "\n");
    }
    pthread_mutex_unlock(&lines_lock);
}

void test_logging(void) {
    int calls = 0;
    char session_id[64];
    char *doc = NULL;
    sgpay_client *client = test_client(NULL);
    CHECK(sgpay_set_log_callback(collect, &calls, 5) == SGPAY_OK, "install callback");
    int32_t rc = test_start_payment(client, "4000000000000002", session_id, sizeof session_id);
    CHECK(rc == SGPAY_OK, "payment: %d", rc);
    rc = sgpay_session_start_payment(
        client,
        "{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":"
        "\"bank_card\",\"bank_card\":{\"number\":\"4000000000000002\",\"security_code\":\"987\"}}},"
        "\"amount_details\":{\"amount\":5,\"currency\":\"rub\"}}",
        NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_API, doc, NULL);
    CHECK(sgpay_set_log_callback(NULL, NULL, 0) == SGPAY_OK, "remove callback");
    int seen = calls;
    rc = sgpay_session_create(client, "{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    CHECK(calls == seen, "callback called after removal");
    CHECK(line_count >= 3, "one line per request, got %d:\n%s", line_count, lines);
    CHECK(strstr(lines, "session/start/payment") && strstr(lines, "HTTP 200"),
          "request line missing:\n%s", lines);
    CHECK(strstr(lines, "attempt 1/3"), "attempt missing:\n%s", lines);
    CHECK(!strstr(lines, "4000000000000002") && !strstr(lines, "987"),
          "card data in logs:\n%s", lines);
    sgpay_client_free(client);
}
