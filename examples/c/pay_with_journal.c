/*
 * pay_with_journal.c: crash-safe payments through sgpay's C ABI.
 *
 *   pay_with_journal              the demo below, from start to end
 *   pay_with_journal pay REF      a till taking sale REF (the process a power cut kills)
 *   pay_with_journal restart REF  the till starting up again: it recovers, then finishes REF
 *
 * The demo:
 *   1. At start-up a till recovers what its last run left open (sgpay_journal_recover).
 *   2. It takes a card payment in one call (sgpay_pay), journaled at every step.
 *   3. A second sale is interrupted: once the journal shows it under way, the process paying
 *      is killed with SIGKILL, as a power cut would. The restarted till recovers the sale from
 *      the journal (the card is never charged twice; a sale left to confirm automatically is
 *      confirmed), calls sgpay_pay on the sale's session, which returns its outcome or
 *      finishes it, and acknowledges it. A sale whose session recovery could not learn is
 *      never paid anew (the card may have been charged): the till stops and says so.
 *
 * Settings come from the environment: SGPAY_BASE_URL, SGPAY_PROJECT, SGPAY_PRIVATE_KEY_PATH,
 * and SGPAY_JOURNAL_PATH (the demo alone defaults to a new file under /tmp). `make demo` runs
 * the demo against the sandbox; `make test-c` runs tests/c/crash/pay_with_journal_test.c,
 * which kills `pay` while the sandbox holds its payment and checks what `restart` ends with.
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
    char config[4096];
    sgpay_client *client = NULL;
    char *doc = NULL;
    journaled_config_from_env(config, sizeof config, journal_path);
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

/* Copies the id of the sale's first journal entry and the session it records ("" if none);
 * returns 0 when the journal holds no entry of the sale. */
static int sale_in_journal(sgpay_client *client, const char *reference, char *entry_id,
                           char *session_id) {
    char filter[128];
    char *doc = NULL;
    snprintf(filter, sizeof filter, "{\"reference\":\"%s\"}", reference);
    int32_t rc = sgpay_journal_entries(client, filter, &doc);
    if (rc != SGPAY_OK) fail("sgpay_journal_entries", rc, doc);
    const char *entry = json_first(json_member(doc, "entries"));
    json_string(json_member(entry, "id"), entry_id, 64);
    json_string(json_member(entry, "session_id"), session_id, 64);
    sgpay_string_free(doc);
    return entry != NULL;
}

/* Acknowledges the sale's entry: the till has recorded its outcome. */
static void acknowledge_sale(sgpay_client *client, const char *reference) {
    char id[64], session_id[64];
    char *doc = NULL;
    sale_in_journal(client, reference, id, session_id);
    int32_t rc = sgpay_journal_acknowledge(client, id, &doc);
    if (rc != SGPAY_OK) fail("sgpay_journal_acknowledge", rc, doc);
    sgpay_string_free(doc);
    printf("[c] acknowledge             -> sale %s recorded (entry %s)\n", reference, id);
}

/* Pays sale `reference` (on `session_id` unless it is NULL) and acknowledges it once it has
 * succeeded; returns 0 then, 1 otherwise. */
static int pay(sgpay_client *client, const char *reference, const char *session_id) {
    char request[1024], options[128], outcome[32], paid_session[64];
    char *doc = NULL;
    if (session_id)
        snprintf(request, sizeof request, "{\"session_id\":\"%s\"," SALE "}", session_id);
    else
        snprintf(request, sizeof request, "{" SALE "}");
    snprintf(options, sizeof options, "{\"reference\":\"%s\"}", reference);
    int32_t rc = sgpay_pay(client, request, options, &doc);
    if (rc != SGPAY_OK) fail("sgpay_pay", rc, doc);
    json_string(json_member(doc, "outcome"), outcome, sizeof outcome);
    json_string(json_member(json_member(doc, "session"), "id"), paid_session, sizeof paid_session);
    sgpay_string_free(doc);
    printf("[c] pay                     -> sale %s, session %s: %s\n", reference, paid_session,
           outcome);
    if (strcmp(outcome, "succeeded") != 0) return 1;
    acknowledge_sale(client, reference);
    return 0;
}

/* The till starting up after a power cut: recovers, then finishes sale `reference` on the
 * session the journal holds for it. Returns 0 once the sale has succeeded. */
static int restart(const char *journal_path, const char *reference) {
    char entry_id[64], session_id[64];
    sgpay_client *client = open_client(journal_path);
    recover(client);
    if (!sale_in_journal(client, reference, entry_id, session_id) || !*session_id) {
        /* Never pay anew: the card may have been charged. Recover again later, or ask. */
        fprintf(stderr, "[c] sale %s: recovery did not learn its session; not paying it again\n",
                reference);
        sgpay_client_free(client);
        return 1;
    }
    int failed = pay(client, reference, session_id);
    sgpay_client_free(client);
    return failed;
}

/* The interrupted sale: a child process pays, and is killed once the journal shows the sale
 * under way. Exits if the sale ended before the kill: then nothing was interrupted. */
static void interrupted_sale(const char *journal_path, const char *reference) {
    char entry_id[64], session_id[64];
    int status = 0;
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        exit(1);
    }
    if (child == 0) {
        sgpay_client *client = open_client(journal_path);
        pay(client, reference, NULL);
        _exit(0);
    }
    sgpay_client *watcher = open_client(journal_path);
    pid_t ended = 0;
    while (!sale_in_journal(watcher, reference, entry_id, session_id) &&
           (ended = waitpid(child, &status, WNOHANG)) == 0)
        usleep(2000);
    sgpay_client_free(watcher);
    if (ended == 0) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
        fprintf(stderr, "[c] sale %s ended before the power cut\n", reference);
        exit(1);
    }
    printf("[c] sale %s             -> the paying process was killed mid-payment\n",
           reference);
}

static int demo(void) {
    char journal_path[256];
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
    int failed = pay(client, "A-1001", NULL);
    sgpay_client_free(client);
    if (failed) return 1;

    interrupted_sale(journal_path, "A-1002");
    failed = restart(journal_path, "A-1002");

    if (!configured || !*configured) remove_journal_files(journal_path);
    return failed;
}

int main(int argc, char **argv) {
    if (argc == 1) return demo();
    if (argc == 3 && strcmp(argv[1], "pay") == 0) {
        sgpay_client *client = open_client(env_or_die("SGPAY_JOURNAL_PATH"));
        int failed = pay(client, argv[2], NULL);
        sgpay_client_free(client);
        return failed;
    }
    if (argc == 3 && strcmp(argv[1], "restart") == 0)
        return restart(env_or_die("SGPAY_JOURNAL_PATH"), argv[2]);
    fprintf(stderr, "usage: pay_with_journal [pay REFERENCE | restart REFERENCE]\n");
    return 2;
}
