/* What happens when the network or the server misbehaves. */
#include "harness.h"
#include "json_scan.h"

static const char *START_BODY =
    "{\"amount_details\":{\"amount\":990,\"currency\":\"rub\"},\"customer\":{\"reference\":\"t\"},"
    "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{"
    "\"number\":\"4242424242424242\",\"expiration_month\":\"01\",\"expiration_year\":\"31\",\"security_code\":\"321\"}}}}";

static void unreachable_server_is_not_sent(void) {
    sgpay_client *client = NULL;
    char config[1024];
    char *doc = NULL;
    snprintf(config, sizeof config,
             "{\"base_url\":\"http://127.0.0.1:1\",\"project\":\"p\",\"hmac_secret\":\"s\","
             "\"deadline_ms\":5000}");
    int32_t rc = sgpay_client_new(config, &client, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    rc = sgpay_session_init_payment(client, START_BODY, NULL, &doc);
    CHECK(doc && strstr(doc, "\"attempts\":3"), "not-sent is retried: %s", doc);
    CHECK(doc && strstr(doc, "\"idempotency_key\":\""), "key in document: %s", doc);
    CHECK_STATUS(rc, SGPAY_ERR_NOT_SENT, doc, "safe to send again");
    sgpay_client_free(client);
}

static void garbage_reply_is_a_protocol_error(sgpay_client *client) {
    char *doc = NULL;
    CHECK(sandbox_post("/_sandbox/faults",
                       "{\"operation\":\"session/status\",\"count\":3,\"kind\":\"status\","
                       "\"http_status\":502,\"body\":\"<html><body>Bad gateway</body></html>\"}") == 0,
          "queue fault");
    int32_t rc = sgpay_session_status(client, "{\"session_id\":\"ps_x\"}", NULL, &doc);
    CHECK(doc && strstr(doc, "\"http_status\":502"), "http status: %s", doc);
    CHECK(doc && strstr(doc, "\"attempts\":3"), "5xx on a read is retried: %s", doc);
    CHECK_STATUS(rc, SGPAY_ERR_PROTOCOL, doc, "not JSON");
}

static void malformed_reply_is_retried_with_a_key(sgpay_client *client) {
    char *doc = NULL;
    CHECK(sandbox_post("/_sandbox/faults",
                       "{\"operation\":\"session/init/payment\",\"kind\":\"malformed_json\"}") == 0,
          "queue fault");
    int32_t rc = sgpay_session_init_payment(client, START_BODY, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"status\":\"ok\"");
}

static void dropped_reply_is_outcome_unknown_then_recovered(void) {
    sgpay_client *client = test_client(",\"max_attempts\":1");
    char key[128], stats[16384], options[200];
    char *doc = NULL;
    CHECK(sandbox_post("/_sandbox/faults",
                       "{\"operation\":\"session/init/payment\",\"kind\":\"drop_after\"}") == 0,
          "queue fault");
    int32_t rc = sgpay_session_init_payment(client, START_BODY, NULL, &doc);
    json_string(json_member(json_member(doc, "sgpay"), "idempotency_key"), key, sizeof key);
    CHECK(strlen(key) >= 32, "generated key: '%s'", key);
    CHECK_STATUS(rc, SGPAY_ERR_OUTCOME_UNKNOWN, doc, "may have");
    snprintf(options, sizeof options, "{\"idempotency_key\":\"%s\"}", key);
    rc = sgpay_session_init_payment(client, START_BODY, options, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "acquiring_payments");
    CHECK(sandbox_get("/_sandbox/stats", stats, sizeof stats) == 0, "stats");
    CHECK(payments_for_key(stats, key) == 1, "exactly one payment for %s: %s", key, stats);
    sgpay_client_free(client);
}

static void slow_reply_times_out_as_outcome_unknown(void) {
    sgpay_client *client = test_client(",\"max_attempts\":1,\"request_timeout_ms\":300");
    char *doc = NULL;
    CHECK(sandbox_post("/_sandbox/faults",
                       "{\"operation\":\"session/init/payment\",\"kind\":\"delay\","
                       "\"delay_ms\":1500}") == 0,
          "queue fault");
    int32_t rc = sgpay_session_init_payment(client, START_BODY, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_OUTCOME_UNKNOWN, doc, "idempotency");
    sgpay_client_free(client);
}

void test_transport(void) {
    sgpay_client *client = test_client(NULL);
    unreachable_server_is_not_sent();
    garbage_reply_is_a_protocol_error(client);
    malformed_reply_is_retried_with_a_key(client);
    dropped_reply_is_outcome_unknown_then_recovered();
    slow_reply_times_out_as_outcome_unknown();
    sgpay_client_free(client);
}
