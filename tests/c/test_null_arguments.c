/* NULL for every pointer argument of every function: a clear status, never a crash. */
#include "harness.h"

typedef int32_t (*session_fn)(const sgpay_client *, const char *, const char *, char **);

static void session_functions_check_nulls(sgpay_client *client) {
    session_fn fns[] = {sgpay_session_create,        sgpay_session_init_payment,
                        sgpay_session_start_payment, sgpay_session_init_payout,
                        sgpay_session_start_payout,  sgpay_session_confirm,
                        sgpay_session_cancel,        sgpay_session_capture,
                        sgpay_session_refund,        sgpay_session_status};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        char *doc = NULL;
        int32_t rc = fns[i](NULL, "{}", NULL, &doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "client\\\" is NULL");
        rc = fns[i](client, NULL, NULL, &doc);
        CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "request_json\\\" is NULL");
        rc = fns[i](client, NULL, NULL, NULL);
        CHECK(rc == SGPAY_ERR_INVALID_ARGUMENT, "NULL out_json: %d", rc);
    }
}

static void call_checks_nulls(sgpay_client *client) {
    char *doc = NULL;
    int32_t rc = sgpay_call(NULL, "session/status", "{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "client\\\" is NULL");
    rc = sgpay_call(client, NULL, "{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "operation\\\" is NULL");
    rc = sgpay_call(client, "session/status", NULL, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "request_json\\\" is NULL");
    rc = sgpay_call(client, "session/status", "{}", NULL, NULL);
    CHECK(rc == SGPAY_ERR_INVALID_ARGUMENT, "missing session_id with NULL out_json: %d", rc);
}

static void client_and_webhook_check_nulls(sgpay_client *client) {
    char *doc = NULL;
    sgpay_client *out = NULL;
    int32_t rc = sgpay_client_new(NULL, &out, &doc);
    CHECK(out == NULL, "client from NULL config");
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "config_json\\\" is NULL");
    rc = sgpay_client_new("{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "out_client\\\" is NULL");
    rc = sgpay_client_new("{}", NULL, NULL);
    CHECK(rc == SGPAY_ERR_INVALID_ARGUMENT, "all NULL: %d", rc);
    rc = sgpay_webhook_verify(NULL, "{}", 2, "c2ln", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "client\\\" is NULL");
    rc = sgpay_webhook_verify(client, NULL, 0, "c2ln", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "body\\\" is NULL");
    rc = sgpay_webhook_verify(client, "{}", 2, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "signature\\\" is NULL");
    rc = sgpay_webhook_verify(client, "{}", (size_t)-1, "c2ln", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_INVALID_ARGUMENT, doc, "body_len");
    sgpay_string_free(NULL);
    sgpay_client_free(NULL);
    rc = sgpay_set_log_callback(NULL, NULL, 0);
    CHECK(rc == SGPAY_OK, "NULL log callback: %d", rc);
    rc = sgpay_set_log_callback(NULL, NULL, 9);
    CHECK(rc == SGPAY_ERR_INVALID_ARGUMENT, "max_level 9: %d", rc);
    CHECK(sgpay_version() != NULL && sgpay_version()[0] != '\0', "version");
}

void test_null_arguments(void) {
    sgpay_client *client = test_client(NULL);
    session_functions_check_nulls(client);
    call_checks_nulls(client);
    client_and_webhook_check_nulls(client);
    sgpay_client_free(client);
}
