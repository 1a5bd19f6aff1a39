/* The C ABI test suite: run by `make test-c` against the sandbox (tools/with-sandbox),
 * and again under valgrind by `make test-valgrind`. */
#include "harness.h"

int tests_passed = 0;
int tests_failed = 0;

void check_status(const char *file, int line, int32_t got, int32_t want, char *doc,
                  const char *needle) {
    int ok = got == want && (needle == NULL || (doc != NULL && strstr(doc, needle) != NULL));
    if (ok) {
        tests_passed++;
    } else {
        tests_failed++;
        fprintf(stderr, "FAIL %s:%d: status %d (expected %d)%s%s; document: %s\n", file, line,
                (int)got, (int)want, needle ? ", looking for " : "", needle ? needle : "",
                doc ? doc : "(null)");
    }
    sgpay_string_free(doc);
}

int main(void) {
    if (sgpay_abi_version() != SGPAY_ABI_VERSION) {
        fprintf(stderr, "ABI mismatch\n");
        return 1;
    }
    test_null_arguments();
    test_errors();
    test_bad_input();
    test_flow();
    test_transport();
    test_webhooks();
    test_logging();
    test_threads();
    test_journal();
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
