/* Every refusal that happens before or instead of a payment: bad configuration, bad
 * requests, API errors. */
#include "harness.h"

static void bad_config_is_refused(void) {
    char config[1024];
    const char *cases[][2] = {
        {"not json", "invalid configuration JSON"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\",\"hmac_secret\":\"s\",\"bse_url\":1}",
         "bse_url"},
        {"{\"project\":\"p\",\"hmac_secret\":\"s\"}", "base_url"},
        {"{\"base_url\":\"https://x.test\",\"hmac_secret\":\"s\"}", "project"},
        {"{\"base_url\":\"http://example.com\",\"project\":\"p\",\"hmac_secret\":\"s\"}",
         "loopback"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\"}", "signing key"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\",\"hmac_secret\":\"s\","
         "\"private_key_path\":\"/nonexistent\"}", "exactly one"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\",\"private_key_path\":\"/nonexistent/k.pem\"}",
         "cannot open"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\",\"private_key_pem\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\"}",
         "RSA"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\",\"hmac_secret\":\"s\",\"max_attempts\":0}",
         "max_attempts"},
        {"{\"base_url\":\"https://x.test\",\"project\":\"p\",\"hmac_secret\":\"s\",\"deadline_ms\":\"soon\"}",
         "wrong type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sgpay_client *client = (sgpay_client *)&config;
        char *doc = NULL;
        int32_t rc = sgpay_client_new(cases[i][0], &client, &doc);
        CHECK(client == NULL, "case %zu left a client", i);
        CHECK(doc && strstr(doc, "\"code\":\"config\""), "case %zu: %s", i, doc);
        CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, cases[i][1]);
    }
}

static void missing_fields_are_named(sgpay_client *client) {
    const char *session_only[] = {"session/start/payment", "session/start/payout",
                                  "session/confirm", "session/cancel", "session/capture",
                                  "session/refund", "session/status"};
    char *doc = NULL;
    for (size_t i = 0; i < sizeof session_only / sizeof session_only[0]; i++) {
        int32_t rc = sgpay_call(client, session_only[i], "{}", NULL, &doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "session_id");
    }
    const char *init_payment[][2] = {
        {"{\"amount_details\":{\"amount\":1,\"currency\":\"rub\"},\"customer\":{}}",
         "payment_details"},
        {"{\"payment_details\":{\"type\":\"card\"},\"customer\":{}}", "amount_details"},
        {"{\"payment_details\":{\"type\":\"x\"},\"amount_details\":{\"amount\":1,\"currency\":\"rub\"}}",
         "customer"},
        {"{\"payment_details\":{\"type\":\"x\"},\"customer\":{},\"amount_details\":{\"currency\":\"rub\"}}",
         "amount_details.amount"},
        {"{\"payment_details\":{\"type\":\"x\"},\"customer\":{},\"amount_details\":{\"amount\":-5,\"currency\":\"rub\"}}",
         "amount_details.amount"},
        {"{\"payment_details\":{\"type\":\"x\"},\"customer\":{},\"amount_details\":{\"amount\":5,\"currency\":\"rubles\"}}",
         "amount_details.currency"},
    };
    for (size_t i = 0; i < sizeof init_payment / sizeof init_payment[0]; i++) {
        int32_t rc = sgpay_session_init_payment(client, init_payment[i][0], NULL, &doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, init_payment[i][1]);
    }
    int32_t rc = sgpay_session_init_payout(client, "{\"amount_details\":{\"amount\":1,\"currency\":\"rub\"}}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "payment_method");
}

static void bad_cards_are_refused_unsent(sgpay_client *client) {
    const char *cards[][3] = {
        {"4242424242424241", "12", "bank_card.number"},
        {"4242", "12", "bank_card.number"},
        {"4242424242424242", "13", "expiration_month"},
        {"4242424242424242", "00", "expiration_month"},
    };
    char request[1024];
    for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
        char *doc = NULL;
        snprintf(request, sizeof request,
                 "{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":\"card\",\"card\":{"
                 "\"type\":\"bank_card\",\"bank_card\":{\"number\":\"%s\",\"expiration_month\":"
                 "\"%s\",\"expiration_year\":\"30\",\"security_code\":\"987\"}}}}",
                 cards[i][0], cards[i][1]);
        int32_t rc = sgpay_session_start_payment(client, request, NULL, &doc);
        CHECK(doc && !strstr(doc, cards[i][0]) && !strstr(doc, "987"),
              "document leaks card number %s or the CVC: %s", cards[i][0], doc);
        CHECK(doc && strstr(doc, "\"attempts\":0"), "something was sent: %s", doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, cards[i][2]);
    }
}

static void malformed_input_is_refused(sgpay_client *client) {
    const char *status_path = "session/status", *ps_1 = "{\"session_id\":\"ps_1\"}";
    const call_case calls[] = {
        {status_path, "{\"session_id\":", NULL, SGPAY_ERR_INVALID_ARGUMENT, "not valid JSON"},
        {status_path, "[1,2]", NULL, SGPAY_ERR_INVALID_ARGUMENT, "JSON object"},
        {status_path, "{\"session_id\":\"\xff\xfe\"}", NULL, SGPAY_ERR_INVALID_ARGUMENT, "UTF-8"},
        {"session/explode", "{}", NULL, SGPAY_ERR_INVALID_ARGUMENT, "unknown operation"},
        {status_path, ps_1, "{\"idem\":1}", SGPAY_ERR_INVALID_ARGUMENT, "options"},
        {status_path, ps_1, "{\"idempotency_key\":\"\"}", SGPAY_ERR_INVALID_ARGUMENT, "idempotency_key"},
    };
    CHECK_CALLS(client, calls);
    char *doc = NULL;
    sgpay_client *none = NULL;
    int32_t rc = sgpay_client_new("{\"base_url\":\"\xc3\x28\"}", &none, &doc);
    CHECK(none == NULL, "client from non-UTF-8 config");
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "UTF-8");
}

static void api_errors_carry_the_server_error(sgpay_client *client) {
    char *doc = NULL;
    int32_t rc = sgpay_session_confirm(client, "{\"session_id\":\"ps_does_not_exist\"}",
                                       "{\"idempotency_key\":\"c-api-error\"}", &doc);
    CHECK(doc && strstr(doc, "\"http_status\":4"), "no 4xx http_status: %s", doc);
    CHECK(doc && strstr(doc, "\"idempotency_key\":\"c-api-error\""), "no key: %s", doc);
    CHECK(doc && strstr(doc, "\"attempts\":1"), "4xx must not be retried: %s", doc);
    CHECK_STATUS(rc, SGPAY_ERR_API, doc, "\"operation\":\"session/confirm\"");
}

void test_errors(void) {
    sgpay_client *client = test_client(NULL);
    bad_config_is_refused();
    missing_fields_are_named(client);
    bad_cards_are_refused_unsent(client);
    malformed_input_is_refused(client);
    api_errors_carry_the_server_error(client);
    sgpay_client_free(client);
}
