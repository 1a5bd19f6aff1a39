/*
 * The example examples/c/pay_with_journal.c as a test of the money it moves, run by
 * `make test-c` against the sandbox:
 *
 *   tools/with-sandbox target/release/pay_with_journal_test target/release/pay_with_journal
 *
 * 1. The demo as a whole ends well: one payment per sale, each sale on one session.
 * 2. A sale killed while the sandbox holds its session/start/payment (a fault delays it): the
 *    kill must land while the payment is held (the payer still running, no payment made yet),
 *    the sandbox finishes the start its client left, and the restarted till must recover the
 *    sale's session and finish it on that session: outcome succeeded, exactly one payment.
 *
 * Kept out of the files of tests/c itself, which are all linked into c_tests; it shares
 * tests/c/support.c.
 * POSIX only (fork, kill): the Windows run of tools/windows/test does not build it.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "json_scan.h"

#define HOLD_MS 1500
#define WAIT_STEP_US 5000
#define WAIT_STEPS 4000 /* 20 s */

static const char *payer;
static char journal_path[512];
static int journal_number;

/* A fresh journal path for the next scenario; its files are removed by remove_journal_files(journal_path). */
static void new_journal(void) {
    const char *folder = getenv("TMPDIR");
    snprintf(journal_path, sizeof journal_path, "%s/sgpay-c-crash-%ld-%d.db",
             folder && *folder ? folder : "/tmp", (long)getpid(), ++journal_number);
    setenv("SGPAY_JOURNAL_PATH", journal_path, 1);
}

/* Starts the payer with `command` and `reference` (both NULL: the whole demo). */
static pid_t start_payer(const char *command, const char *reference) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        execl(payer, payer, command, reference, (char *)NULL);
        perror(payer);
        _exit(127);
    }
    return pid;
}

/* Runs the payer to its end; returns its exit status, or -1 if it did not exit. */
static int run_payer(const char *command, const char *reference) {
    int status = 0;
    pid_t pid = start_payer(command, reference);
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void read_stats(char *stats, size_t size) {
    if (sandbox_get("/_sandbox/stats", stats, size) != 0) {
        fprintf(stderr, "cannot read the sandbox's stats\n");
        exit(2);
    }
}

/* A number in the stats document: `name`, or `name` inside `object` (NULL: at the top); 0 when
 * it is absent (the sandbox lists no operation it has not seen). */
static long stat_of(const char *stats, const char *object, const char *name) {
    const char *value = json_member(object ? json_member(stats, object) : stats, name);
    return value ? strtol(value, NULL, 10) : 0;
}

static void reset_sandbox(void) {
    if (sandbox_post("/_sandbox/reset", "{}") != 0) {
        fprintf(stderr, "cannot reset the sandbox\n");
        exit(2);
    }
}

/* Checks the journal's entries of the sale: all on one session that recovery kept, and
 * succeeded. */
static void check_journaled_sale(const char *reference) {
    char config[4096], filter[128], id[64], outcome[32];
    char session_id[64] = "";
    sgpay_client *client = NULL;
    char *doc = NULL;
    journaled_config_from_env(config, sizeof config, journal_path);
    int32_t rc = sgpay_client_new(config, &client, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);
    if (rc != SGPAY_OK) return;
    snprintf(filter, sizeof filter, "{\"reference\":\"%s\"}", reference);
    rc = sgpay_journal_entries(client, filter, &doc);
    const char *entry = json_first(json_member(doc, "entries"));
    CHECK(rc == SGPAY_OK && entry != NULL, "no journal entry of sale %s: %s", reference,
          doc ? doc : "(null)");
    while (entry && *entry == '{') {
        json_string(json_member(entry, "session_id"), id, sizeof id);
        json_string(json_member(entry, "outcome"), outcome, sizeof outcome);
        CHECK(*id != '\0', "recovery lost the session of sale %s: %s", reference, doc);
        CHECK(!*session_id || strcmp(id, session_id) == 0, "sale %s on two sessions: %s",
              reference, doc);
        CHECK(strcmp(outcome, "succeeded") == 0, "sale %s did not succeed: %s", reference, doc);
        if (!*session_id) snprintf(session_id, sizeof session_id, "%s", id);
        entry = json_skip_ws(json_skip_value(entry));
        entry = (entry && *entry == ',') ? json_skip_ws(entry + 1) : NULL;
    }
    sgpay_string_free(doc);
    sgpay_client_free(client);
}

static void the_demo_pays_each_sale_once(void) {
    char stats[16384];
    printf("== pay_with_journal: the demo\n");
    reset_sandbox();
    new_journal();
    int status = run_payer(NULL, NULL);
    CHECK(status == 0, "the demo exited with %d", status);
    read_stats(stats, sizeof stats);
    CHECK(stat_of(stats, NULL, "payments_created") == 2, "two sales, two payments: %s", stats);
    check_journaled_sale("A-1001");
    check_journaled_sale("A-1002");
    remove_journal_files(journal_path);
}

/* Waits until the sandbox has taken the fault queued for the payer's start (it read the
 * request and holds it) or the payer has ended; returns 1 if the payment is held. */
static int wait_until_held(pid_t pid, int *ended, int *status) {
    char stats[16384];
    for (int i = 0; i < WAIT_STEPS; i++) {
        read_stats(stats, sizeof stats);
        if (stat_of(stats, NULL, "faults_applied") >= 1) return 1;
        if (waitpid(pid, status, WNOHANG) == pid) {
            *ended = 1;
            return 0;
        }
        usleep(WAIT_STEP_US);
    }
    return 0;
}

/* Waits until the sandbox has made `count` payments; returns 1 then. */
static int wait_for_payments(long count) {
    char stats[16384];
    for (int i = 0; i < WAIT_STEPS; i++) {
        read_stats(stats, sizeof stats);
        if (stat_of(stats, NULL, "payments_created") >= count) return 1;
        usleep(WAIT_STEP_US);
    }
    return 0;
}

static void a_sale_killed_while_its_payment_is_held_is_paid_once(void) {
    char stats[16384], fault[256];
    int ended = 0, status = 0;
    printf("== pay_with_journal: sale A-1002 killed while the sandbox holds its payment\n");
    reset_sandbox();
    new_journal();
    snprintf(fault, sizeof fault,
             "{\"operation\":\"session/start/payment\",\"kind\":\"delay\",\"delay_ms\":%d}",
             HOLD_MS);
    CHECK(sandbox_post("/_sandbox/faults", fault) == 0, "queue the hold");

    pid_t pid = start_payer("pay", "A-1002");
    int held = wait_until_held(pid, &ended, &status);
    read_stats(stats, sizeof stats);
    CHECK(held, "the payer %s before the sandbox held its payment: %s",
          ended ? "ended" : "did not pay within 20 s", stats);
    CHECK(stat_of(stats, "requests", "session/start/payment") == 1 &&
              stat_of(stats, NULL, "payments_created") == 0,
          "the kill lands while the start is held, before any payment: %s", stats);
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "the kill is what ended the payer (status %d)", status);

    /* The sandbox finishes the start it had read: the customer's card is in play. */
    CHECK(wait_for_payments(1), "the held start never made its payment");

    status = run_payer("restart", "A-1002");
    CHECK(status == 0, "the restarted till did not finish sale A-1002 (exit %d)", status);
    read_stats(stats, sizeof stats);
    CHECK(stat_of(stats, NULL, "payments_created") == 1, "exactly one payment: %s", stats);
    check_journaled_sale("A-1002");
    remove_journal_files(journal_path);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: pay_with_journal_test PATH_OF_pay_with_journal\n");
        return 2;
    }
    payer = argv[1];
    the_demo_pays_each_sale_once();
    a_sale_killed_while_its_payment_is_held_is_paid_once();
    printf("pay_with_journal_test: %d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
