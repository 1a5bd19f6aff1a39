/* harness.h: a tiny test harness for the C ABI tests; prints "N passed, N failed". */
#ifndef SGPAY_TEST_HARNESS_H
#define SGPAY_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgpay.h"
/* env_or_die, json_escape and config_from_env, shared with the examples. */
#include "example_settings.h"

extern int tests_passed;
extern int tests_failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            tests_passed++;                                                \
        } else {                                                           \
            tests_failed++;                                                \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

/* Checks a status and that the document contains `needle` (NULL: skip), then frees it. */
#define CHECK_STATUS(got, want, doc, needle)                                  \
    do {                                                                      \
        check_status(__FILE__, __LINE__, (got), (want), (doc), (needle));     \
        (doc) = NULL;                                                         \
    } while (0)

void check_status(const char *file, int line, int32_t got, int32_t want, char *doc,
                  const char *needle);

/* One sgpay_call and the answer it must get: the status, and text the document contains
 * (NULL: any document). */
typedef struct {
    const char *operation;
    const char *request;
    const char *options;
    int32_t status;
    const char *needle;
} call_case;

/* Runs each case of the array `cases` through sgpay_call on `client` and checks its status
 * and document; a failure names the line of the CHECK_CALLS. */
#define CHECK_CALLS(client, cases) \
    check_calls(__FILE__, __LINE__, (client), (cases), sizeof(cases) / sizeof((cases)[0]))

void check_calls(const char *file, int line, sgpay_client *client, const call_case *cases,
                 size_t count);

/* The environment set by tools/with-sandbox. */
const char *test_key_path(void);
int test_quick(void);

/* A client for the sandbox with optional extra config members (",\"k\":v" form). */
sgpay_client *test_client(const char *extra_config);

/* Creates a session and starts a card payment; writes the session id. Returns status. */
int32_t test_start_payment(sgpay_client *client, const char *card, char *session_id,
                           size_t session_id_size);

/* Sandbox control: queue a fault (JSON body), read stats into buf. Return 0 on success. */
int sandbox_post(const char *path, const char *json_body);
int sandbox_get(const char *path, char *buf, size_t buf_size);
/* The payments the sandbox's stats count for one idempotency key, exactly (-1 when absent). */
long payments_for_key(const char *stats, const char *key);

void test_flow(void);
void test_errors(void);
void test_bad_input(void);
void test_null_arguments(void);
void test_transport(void);
void test_webhooks(void);
void test_logging(void);
void test_threads(void);
void test_journal(void);

#endif
