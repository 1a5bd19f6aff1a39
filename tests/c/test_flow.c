/* The payment flow through every named session function. */
#include <unistd.h>

#include "harness.h"
#include "json_scan.h"

/* Polls session/status until next_action or the session status equals `want`. */
static int wait_for(sgpay_client *client, const char *session_id, const char *member,
                    const char *want) {
    char request[256], value[64];
    snprintf(request, sizeof request, "{\"session_id\":\"%s\"}", session_id);
    for (int i = 0; i < 200; i++) {
        char *doc = NULL;
        if (sgpay_session_status(client, request, NULL, &doc) != SGPAY_OK) {
            sgpay_string_free(doc);
            return 0;
        }
        json_string(json_member(json_member(doc, "session"), member), value, sizeof value);
        sgpay_string_free(doc);
        if (strcmp(value, want) == 0) return 1;
        usleep(20000);
    }
    return 0;
}

/* A card payment waiting for session/confirm: its session id and the request naming it. */
typedef struct {
    char session_id[64];
    char request[256];
} confirmable_payment;

/* Starts a payment with `card` and waits until its next action is "confirm". */
static confirmable_payment start_until_confirmable(sgpay_client *client, const char *card) {
    confirmable_payment payment = {"", ""};
    int32_t rc = test_start_payment(client, card, payment.session_id, sizeof payment.session_id);
    CHECK(rc == SGPAY_OK, "start payment with %s: %d", card, rc);
    CHECK(wait_for(client, payment.session_id, "next_action", "confirm"),
          "payment with %s never ready to confirm", card);
    snprintf(payment.request, sizeof payment.request, "{\"session_id\":\"%s\"}",
             payment.session_id);
    return payment;
}

static void card_payment_succeeds(sgpay_client *client) {
    char *doc = NULL;
    confirmable_payment payment = start_until_confirmable(client, "4242424242424242");
    CHECK(strncmp(payment.session_id, "ps_", 3) == 0, "session id '%s'", payment.session_id);
    int32_t rc = sgpay_session_confirm(client, payment.request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"status\":\"ok\"");
    CHECK(wait_for(client, payment.session_id, "status", "accepted"), "never accepted");
    rc = sgpay_call(client, "session/status", payment.request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "succeeded");
    rc = sgpay_session_refund(client, payment.request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "refunds");
}

static void hold_is_captured(sgpay_client *client) {
    char capture[256];
    char *doc = NULL;
    confirmable_payment hold = start_until_confirmable(client, "4000000000009995");
    int32_t rc = sgpay_session_confirm(client, hold.request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    CHECK(wait_for(client, hold.session_id, "next_action", "capture"), "never ready to capture");
    snprintf(capture, sizeof capture,
             "{\"session_id\":\"%s\",\"amount_details\":{\"amount\":2500,\"currency\":\"rub\"}}",
             hold.session_id);
    rc = sgpay_session_capture(client, capture, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    CHECK(wait_for(client, hold.session_id, "status", "accepted"), "capture never accepted");
}

static void pending_payment_is_cancelled(sgpay_client *client) {
    char *doc = NULL;
    confirmable_payment payment = start_until_confirmable(client, "5555555555554444");
    int32_t rc = sgpay_session_cancel(client, payment.request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    CHECK(wait_for(client, payment.session_id, "status", "cancelled"), "never cancelled");
}

static void init_payment_and_payouts(sgpay_client *client) {
    char *doc = NULL;
    char session_id[64], request[512];
    int32_t rc = sgpay_session_init_payment(
        client,
        "{\"amount_details\":{\"amount\":100,\"currency\":\"usd\"},\"customer\":{\"reference\":\"x\"},"
        "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{"
        "\"number\":\"4242424242424242\",\"expiration_month\":\"01\",\"expiration_year\":\"31\","
        "\"security_code\":\"321\"}}}}",
        NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "acquiring_payments");
    rc = sgpay_session_init_payout(
        client,
        "{\"amount_details\":{\"amount\":700,\"currency\":\"rub\"},\"payment_method\":{\"type\":"
        "\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{\"number\":\"4242424242424242\"}}}}",
        NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"status\":\"ok\"");
    rc = sgpay_session_create(client, "{}", NULL, &doc);
    json_string(json_member(json_member(doc, "session"), "id"), session_id, sizeof session_id);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    snprintf(request, sizeof request,
             "{\"session_id\":\"%s\",\"amount_details\":{\"amount\":700,\"currency\":\"rub\"},"
             "\"payment_method\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","
             "\"bank_card\":{\"number\":\"5555555555554444\"}}}}",
             session_id);
    rc = sgpay_session_start_payout(client, request, NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"status\":\"ok\"");
}

static void idempotency_key_replays(sgpay_client *client) {
    char stats_before[16384], stats_after[16384];
    char *first = NULL, *second = NULL;
    const char *body =
        "{\"amount_details\":{\"amount\":100,\"currency\":\"usd\"},\"customer\":{\"reference\":\"k\"},"
        "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{"
        "\"number\":\"4242424242424242\",\"expiration_month\":\"01\",\"expiration_year\":\"31\",\"security_code\":\"321\"}}}}";
    const char *options = "{\"idempotency_key\":\"c-test-replay-1\"}";
    CHECK(sandbox_get("/_sandbox/stats", stats_before, sizeof stats_before) == 0, "stats");
    int32_t rc1 = sgpay_session_init_payment(client, body, options, &first);
    int32_t rc2 = sgpay_session_init_payment(client, body, options, &second);
    CHECK(rc1 == SGPAY_OK && rc2 == SGPAY_OK, "init twice: %d %d", rc1, rc2);
    CHECK(first && second && strcmp(first, second) == 0, "replay differs:\n%s\n%s", first, second);
    sgpay_string_free(first);
    sgpay_string_free(second);
    CHECK(sandbox_get("/_sandbox/stats", stats_after, sizeof stats_after) == 0, "stats");
    CHECK(payments_for_key(stats_after, "c-test-replay-1") == 1, "one payment for the key: %s",
          stats_after);
}

void test_flow(void) {
    sgpay_client *client = test_client(NULL);
    card_payment_succeeds(client);
    hold_is_captured(client);
    pending_payment_is_cancelled(client);
    init_payment_and_payouts(client);
    idempotency_key_replays(client);
    sgpay_client_free(client);
}
