/* The C ABI test suite: run by `make test-c` against the sandbox (tools/with-sandbox),
 * again under valgrind by `make test-valgrind`, and under Wine for Windows x64 and x86 by
 * `make test-windows`. */
#include "harness.h"

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
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
