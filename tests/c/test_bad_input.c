/* Hostile input at every exported function: empty strings, invalid UTF-8, deep nesting,
 * 10 MB strings, wrong JSON types, absurd lengths. Each gets a clear status and an error
 * document; nothing crashes and, under valgrind, nothing leaks. */
#include "harness.h"

#include <stdint.h>

#define BIG (10 * 1024 * 1024)

static char *big_string(char fill, const char *prefix, const char *suffix) {
    size_t pre = strlen(prefix), suf = strlen(suffix);
    char *s = malloc(BIG + pre + suf + 1);
    if (!s) exit(2);
    memcpy(s, prefix, pre);
    memset(s + pre, fill, BIG);
    memcpy(s + pre + BIG, suffix, suf + 1);
    return s;
}

static char *deep_json(int depth) {
    char *s = malloc((size_t)depth * 7 + 64);
    size_t n = 0;
    if (!s) exit(2);
    n += (size_t)sprintf(s, "{\"session_id\":\"ps_1\",\"metadata\":");
    for (int i = 0; i < depth; i++) n += (size_t)sprintf(s + n, "{\"a\":");
    n += (size_t)sprintf(s + n, "1");
    for (int i = 0; i < depth; i++) s[n++] = '}';
    s[n++] = '}';
    s[n] = '\0';
    return s;
}

static void strings_everywhere(sgpay_client *client) {
    const char *status_path = "session/status", *ps_1 = "{\"session_id\":\"ps_1\"}";
    const call_case refused_calls[] = {
        {"", "{}", NULL, SGPAY_ERR_INVALID_ARGUMENT, "unknown operation"},
        {"session/\xc0\xaf", "{}", NULL, SGPAY_ERR_INVALID_ARGUMENT, "UTF-8"},
        {status_path, "", NULL, SGPAY_ERR_INVALID_ARGUMENT, "not valid JSON"},
        {status_path, ps_1, "\xff", SGPAY_ERR_INVALID_ARGUMENT, "options_json"},
        {status_path, ps_1, "[]", SGPAY_ERR_INVALID_ARGUMENT, "options"},
    };
    char *doc = NULL;
    sgpay_client *none = NULL;
    int32_t rc = sgpay_client_new("", &none, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, "\"code\":\"config\"");
    rc = sgpay_client_new("{\"base_url\":\"\xed\xa0\x80\"}", &none, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "UTF-8");
    CHECK_CALLS(client, refused_calls);
    rc = sgpay_call(client, status_path, ps_1, "", &doc);
    CHECK(rc != SGPAY_ERR_INVALID_ARGUMENT, "empty options mean none: %d", rc);
    sgpay_string_free(doc);
    doc = NULL;
    rc = sgpay_call(NULL, "4242424242424242", "{}", "{bad", &doc);
    CHECK(doc && !strstr(doc, "4242424242424242") && strstr(doc, "\"operation\":null"),
          "an unknown operation is not echoed: %s", doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, NULL);
    rc = sgpay_webhook_verify(client, "", 0, "", &doc);
    CHECK(rc == SGPAY_ERR_CONFIG || rc == SGPAY_ERR_SIGNATURE, "empty webhook: %d", rc);
    sgpay_string_free(doc);
    doc = NULL;
    rc = sgpay_webhook_verify(client, "{}", SIZE_MAX / 2, "c2ln", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "body_len");
    rc = sgpay_webhook_verify(client, "{}", (size_t)-2, "c2ln", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "body_len");
}

static void huge_and_deep(sgpay_client *client) {
    char *doc = NULL;
    sgpay_client *none = NULL;
    char *request = big_string('a', "{\"session_id\":\"", "\"}");
    int32_t rc = sgpay_call(client, "session/status", request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "limit");
    rc = sgpay_call(client, request, "{}", NULL, &doc);
    CHECK(doc && strlen(doc) < 4096, "huge operation echoed whole");
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "unknown operation");
    rc = sgpay_client_new(request, &none, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, "limit");
    rc = sgpay_call(client, "session/status", "{\"session_id\":\"ps_1\"}", request, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "options");
    rc = sgpay_webhook_verify(client, "{}", 2, request, &doc);
    CHECK(rc == SGPAY_ERR_CONFIG || rc == SGPAY_ERR_SIGNATURE, "huge signature: %d", rc);
    sgpay_string_free(doc);
    free(request);
    char *deep = deep_json(100000);
    rc = sgpay_call(client, "session/status", deep, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "recursion");
    rc = sgpay_client_new(deep, &none, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, NULL);
    free(deep);
}

static void wrong_types(sgpay_client *client) {
    const char *cases[][2] = {
        {"{\"session_id\":5}", "session_id"},
        {"{\"session_id\":null}", "session_id"},
        {"{\"session_id\":\"ps_1\",\"amount_details\":[]}", "amount_details"},
        {"{\"session_id\":\"ps_1\",\"amount_details\":{\"amount\":\"100\",\"currency\":\"rub\"}}", "amount_details.amount"},
        {"{\"session_id\":\"ps_1\",\"amount_details\":{\"amount\":1e3,\"currency\":\"rub\"}}", "amount_details.amount"},
        {"{\"session_id\":\"ps_1\",\"amount_details\":{\"amount\":18446744073709551616,\"currency\":\"rub\"}}", "amount_details.amount"},
        {"{\"session_id\":\"ps_1\",\"amount_details\":{\"amount\":1,\"currency\":643}}", "amount_details.currency"},
        {"{\"session_id\":\"ps_1\",\"payment_details\":\"card\"}", "payment_details"},
        {"{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":1}}", "payment_details.type"},
        {"{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":\"card\",\"card\":[]}}", "payment_details.card"},
        {"{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{\"number\":4242424242424242}}}}", "bank_card.number"},
        {"{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{\"number\":\"4242424242424242\",\"expiration_month\":12}}}}", "expiration_month"},
        {"{\"session_id\":\"ps_1\",\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{\"number\":\"4242424242424242\",\"security_code\":123}}}}", "security_code"},
        {"{\"session_id\":\"ps_1\",\"customer\":\"me\"}", "customer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *doc = NULL;
        int32_t rc = sgpay_session_start_payment(client, cases[i][0], NULL, &doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, cases[i][1]);
    }
    const char *options[] = {"{\"idempotency_key\":5}", "{\"idempotency_key\":\"has space\"}",
                             "{\"submerchant\":[]}", "{\"idempotency_key\":null,\"x\":1}"};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        char *doc = NULL;
        int32_t rc = sgpay_session_status(client, "{\"session_id\":\"ps_1\"}", options[i], &doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "\"code\":\"invalid_argument\"");
    }
}

/* Hostile settings and card numbers where nobody expects them (see tests/hostile_network.rs
 * for the hostile servers). */
static void hostile_settings(sgpay_client *client) {
    char *doc = NULL;
    sgpay_client *none = NULL;
    int32_t rc = sgpay_client_new("{\"base_url\":\"http://127.0.0.1:1\",\"project\":\"p\","
                                  "\"hmac_secret\":\"s\",\"proxy\":\"http://127.0.0.1:99999999\"}",
                                  &none, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, "outside 1 to 65535");
    CHECK(none == NULL, "no client on a config error");
    rc = sgpay_session_status(client, "{\"session_id\":\"ps_4242.4242.4242.4242\"}",
                              "{\"idempotency_key\":\"sale-4242_4242_4242_4242\"}", &doc);
    CHECK(doc && !strstr(doc, "4242.4242.4242.4242") && !strstr(doc, "4242_4242_4242_4242"),
          "card numbers in the caller's own session id and key are masked: %s", doc);
    CHECK(doc && strstr(doc, "4242.42**.****.4242") && strstr(doc, "\"kind\":"),
          "the masked number keeps its first 6 and last 4 digits: %s", doc);
    sgpay_string_free(doc);
    (void)rc;
}

void test_bad_input(void) {
    sgpay_client *client = test_client(NULL);
    hostile_settings(client);
    strings_everywhere(client);
    huge_and_deep(client);
    wrong_types(client);
    sgpay_client_free(client);
}
