/*
 * start_payment.c: a card payment from start to end through sgpay's C ABI.
 *
 *   session/create -> session/start/payment -> wait for next_action "confirm"
 *   -> session/confirm -> wait for the session to be accepted.
 *
 * Settings come from the environment: SGPAY_BASE_URL, SGPAY_PROJECT and
 * SGPAY_PRIVATE_KEY_PATH (an RSA key in PEM). `make demo` runs it against the sandbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgpay.h"
#include "example_settings.h"
#include "json_scan.h"

#define WAIT_STEPS 100
#define WAIT_STEP_US 100000

/* Returns the session object's "status" and, for the first payment, its status. */
static void read_statuses(const char *reply, char *session_status, char *payment_status,
                          char *next_action) {
    const char *session = json_member(reply, "session");
    const char *payment = json_first(json_member(session, "acquiring_payments"));
    json_string(json_member(session, "status"), session_status, 32);
    json_string(json_member(payment, "status"), payment_status, 32);
    json_string(json_member(session, "next_action"), next_action, 32);
}

/* Polls session/status until `done` says so; returns the last reply (caller frees). */
static char *wait_for(sgpay_client *client, const char *request,
                      int (*done)(const char *, const char *, const char *)) {
    for (int i = 0; i < WAIT_STEPS; i++) {
        char *reply = NULL;
        char session_status[32], payment_status[32], next_action[32];
        int32_t rc = sgpay_session_status(client, request, NULL, &reply);
        if (rc != SGPAY_OK) fail("session/status", rc, reply);
        read_statuses(reply, session_status, payment_status, next_action);
        if (done(session_status, payment_status, next_action)) return reply;
        sgpay_string_free(reply);
        usleep(WAIT_STEP_US);
    }
    fprintf(stderr, "gave up waiting; the session is still in progress\n");
    exit(1);
}

static int ready_to_confirm(const char *session, const char *payment, const char *next) {
    (void)payment;
    return strcmp(next, "confirm") == 0 || strcmp(session, "cancelled") == 0;
}

static int finished(const char *session, const char *payment, const char *next) {
    (void)next;
    return strcmp(session, "accepted") == 0 || strcmp(session, "cancelled") == 0 ||
           strcmp(payment, "failed") == 0;
}

int main(void) {
    char config[4096], request[1024], session_id[64];
    char session_status[32], payment_status[32], next_action[32];
    sgpay_client *client = NULL;
    char *reply = NULL;
    int32_t rc;

    if (sgpay_abi_version() != SGPAY_ABI_VERSION) {
        fprintf(stderr, "libsgpay ABI %u does not match sgpay.h (%d)\n", sgpay_abi_version(),
                SGPAY_ABI_VERSION);
        return 1;
    }
    config_from_env(config, sizeof config, "");
    rc = sgpay_client_new(config, &client, &reply);
    if (rc != SGPAY_OK) fail("sgpay_client_new", rc, reply);
    printf("[c] sgpay %s\n", sgpay_version());

    rc = sgpay_session_create(client, "{}", NULL, &reply);
    if (rc != SGPAY_OK) fail("session/create", rc, reply);
    json_string(json_member(json_member(reply, "session"), "id"), session_id, sizeof session_id);
    sgpay_string_free(reply);
    printf("[c] session/create          -> %s created\n", session_id);

    snprintf(request, sizeof request,
             "{\"session_id\":\"%s\",\"amount_details\":{\"amount\":10000,\"currency\":\"rub\"},"
             "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","
             "\"bank_card\":{\"number\":\"4242424242424242\",\"expiration_month\":\"12\","
             "\"expiration_year\":\"30\",\"security_code\":\"123\"}}},"
             "\"customer\":{\"reference\":\"till-7\"},\"metadata\":{\"receipt\":\"A-1001\"}}",
             session_id);
    /* The library makes an idempotency key and keeps it across its own retries. */
    rc = sgpay_session_start_payment(client, request, NULL, &reply);
    if (rc != SGPAY_OK) fail("session/start/payment", rc, reply);
    read_statuses(reply, session_status, payment_status, next_action);
    sgpay_string_free(reply);
    printf("[c] session/start/payment   -> session %s, payment %s\n", session_status,
           payment_status);

    snprintf(request, sizeof request, "{\"session_id\":\"%s\"}", session_id);
    reply = wait_for(client, request, ready_to_confirm);
    read_statuses(reply, session_status, payment_status, next_action);
    sgpay_string_free(reply);
    printf("[c] session/status          -> payment %s, next_action %s\n", payment_status,
           next_action);

    rc = sgpay_session_confirm(client, request, NULL, &reply);
    if (rc != SGPAY_OK) fail("session/confirm", rc, reply);
    sgpay_string_free(reply);
    printf("[c] session/confirm         -> sent\n");

    reply = wait_for(client, request, finished);
    read_statuses(reply, session_status, payment_status, next_action);
    sgpay_string_free(reply);
    printf("[c] session/status          -> session %s, payment %s\n", session_status,
           payment_status);

    sgpay_client_free(client);
    return strcmp(session_status, "accepted") == 0 ? 0 : 1;
}
