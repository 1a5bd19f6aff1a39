/*
 * pay_with_journal.c: crash-safe payments through sgpay's C ABI.
 *
 *   1. At start-up a till recovers what its last run left open (sgpay_journal_recover).
 *   2. It takes a card payment in one call (sgpay_pay), journaled at every step.
 *   3. A second sale is interrupted: the process paying is killed with SIGKILL mid-payment,
 *      as a power cut would. The "restarted" till recovers the sale from the journal (it is
 *      never charged twice, and recovery decides nothing new), then finishes it with
 *      sgpay_pay on the same session and acknowledges the recorded outcome.
 *
 * Settings come from the environment: SGPAY_BASE_URL, SGPAY_PROJECT, SGPAY_PRIVATE_KEY_PATH,
 * and optionally SGPAY_JOURNAL_PATH (default: a new file under /tmp). `make demo` runs it
 * against the sandbox.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sgpay.h"
#include "example_settings.h"
#include "json_scan.h"

#define SALE                                                                                   \
    "\"amount_details\":{\"amount\":10000,\"currency\":\"rub\"},"                              \
    "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","                 \
    "\"bank_card\":{\"number\":\"4242424242424242\",\"expiration_month\":\"12\","              \
    "\"expiration_year\":\"30\",\"security_code\":\"123\"}}},"                                 \
    "\"customer\":{\"reference\":\"till-7\"}"

static sgpay_client *open_client(const char *journal_path) {
    char config[4096], escaped[1024], extra[1100];
    sgpay_client *client = NULL;
    char *doc = NULL;
    json_escape(journal_path, escaped, sizeof escaped);
    snprintf(extra, sizeof extra, ",\"journal_path\":\"%s\"", escaped);
    config_from_env(config, sizeof config, extra);
    int32_t rc = sgpay_client_new(config, &client, &doc);
    if (rc != SGPAY_OK) fail("sgpay_client_new", rc, doc);
    return client;
}

/* Prints each recovered entry: reference, session, state and outcome or note. */
static void print_recovered(const char *doc) {
    const char *entry = json_first(json_member(doc, "entries"));
    if (!entry) printf("[c] recover                 -> nothing was left open\n");
    while (entry && *entry == '{') {
        char reference[64], session[64], state[32], outcome[32];
        json_string(json_member(entry, "reference"), reference, sizeof reference);
        json_string(json_member(entry, "session_id"), session, sizeof session);
        json_string(json_member(entry, "state"), state, sizeof state);
        json_string(json_member(entry, "outcome"), outcome, sizeof outcome);
        printf("[c] recover                 -> sale %s, session %s: %s, outcome %s\n",
               reference, session, state, outcome);
        entry = json_skip_ws(json_skip_value(entry));
        entry = (entry && *entry == ',') ? json_skip_ws(entry + 1) : NULL;
    }
}

static void recover(sgpay_client *client) {
    char *doc = NULL;
    int32_t rc = sgpay_journal_recover(client, NULL, &doc);
    if (rc != SGPAY_OK) fail("sgpay_journal_recover", rc, doc);
    print_recovered(doc);
    sgpay_string_free(doc);
}

/* Runs sgpay_pay; prints and returns the outcome; copies the session id. */
static void pay(sgpay_client *client, const char *request, const char *options,
                char *outcome, char *session_id) {
    char *doc = NULL;
    int32_t rc = sgpay_pay(client, request, options, &doc);
    if (rc != SGPAY_OK) fail("sgpay_pay", rc, doc);
    json_string(json_member(doc, "outcome"), outcome, 32);
    json_string(json_member(json_member(doc, "session"), "id"), session_id, 64);
    sgpay_string_free(doc);
    printf("[c] pay                     -> session %s: %s\n", session_id, outcome);
}

/* The interrupted sale: a child process pays and is killed before it can finish. */
static void interrupted_sale(const char *journal_path) {
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        exit(1);
    }
    if (child == 0) {
        sgpay_client *client = open_client(journal_path);
        char *doc = NULL;
        sgpay_pay(client, "{" SALE "}", "{\"reference\":\"A-1002\"}", &doc);
        _exit(0);
    }
    usleep(250000);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    printf("[c] sale A-1002             -> the paying process was killed mid-payment\n");
}

/* Acknowledges every listed entry of a sale: the till has recorded its outcome. */
static void acknowledge_sale(sgpay_client *client, const char *reference) {
    char filter[128], id[64];
    char *doc = NULL;
    snprintf(filter, sizeof filter, "{\"reference\":\"%s\"}", reference);
    int32_t rc = sgpay_journal_entries(client, filter, &doc);
    if (rc != SGPAY_OK) fail("sgpay_journal_entries", rc, doc);
    json_string(json_member(json_first(json_member(doc, "entries")), "id"), id, sizeof id);
    sgpay_string_free(doc);
    rc = sgpay_journal_acknowledge(client, id, &doc);
    if (rc != SGPAY_OK) fail("sgpay_journal_acknowledge", rc, doc);
    sgpay_string_free(doc);
    printf("[c] acknowledge             -> sale %s recorded (entry %s)\n", reference, id);
}

int main(void) {
    char journal_path[256], outcome[32], session_id[64], request[512];
    const char *configured = getenv("SGPAY_JOURNAL_PATH");
    if (configured && *configured) {
        snprintf(journal_path, sizeof journal_path, "%s", configured);
    } else {
        snprintf(journal_path, sizeof journal_path, "/tmp/sgpay-demo-journal-%ld.db",
                 (long)getpid());
    }
    printf("[c] sgpay %s, journal %s\n", sgpay_version(), journal_path);

    sgpay_client *client = open_client(journal_path);
    recover(client);
    pay(client, "{" SALE "}", "{\"reference\":\"A-1001\"}", outcome, session_id);
    if (strcmp(outcome, "succeeded") != 0) return 1;
    acknowledge_sale(client, "A-1001");
    sgpay_client_free(client);

    interrupted_sale(journal_path);

    client = open_client(journal_path);
    recover(client);
    char *doc = NULL;
    int32_t rc = sgpay_journal_entries(client, "{\"reference\":\"A-1002\"}", &doc);
    if (rc != SGPAY_OK) fail("sgpay_journal_entries", rc, doc);
    json_string(json_member(json_first(json_member(doc, "entries")), "session_id"), session_id,
                sizeof session_id);
    sgpay_string_free(doc);
    if (*session_id) {
        snprintf(request, sizeof request, "{\"session_id\":\"%s\"," SALE "}", session_id);
        pay(client, request, "{\"reference\":\"A-1002\"}", outcome, session_id);
    } else {
        printf("[c] sale A-1002             -> never reached the server; paying anew\n");
        pay(client, "{" SALE "}", "{\"reference\":\"A-1002\"}", outcome, session_id);
    }
    acknowledge_sale(client, "A-1002");
    sgpay_client_free(client);
    if (!configured || !*configured) {
        char path[300];
        remove(journal_path);
        snprintf(path, sizeof path, "%s-wal", journal_path);
        remove(path);
        snprintf(path, sizeof path, "%s-shm", journal_path);
        remove(path);
    }
    return strcmp(outcome, "succeeded") == 0 ? 0 : 1;
}
