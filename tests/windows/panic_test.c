/* A panic inside the C boundary, on the Windows unwinders (SEH on x64, DWARF on x86): it
 * becomes SGPAY_ERR_PANIC with an error document, card data masked, on the calling thread
 * and on eight threads at once, and the host process goes on. Links panic_probe.dll
 * (tests/windows/panic_probe.rs), built with sgpay.dll by tools/windows/build. */
#include <pthread.h>

#include "harness.h"

#define THREADS 8

int32_t sgpay_probe_panic(char **out_json);

int tests_passed = 0;
int tests_failed = 0;

static void *panic_on_thread(void *arg) {
    char *doc = NULL;
    int32_t rc = sgpay_probe_panic(&doc);
    *(int *)arg = rc == SGPAY_ERR_PANIC && doc && strstr(doc, "\"code\":\"panic\"");
    sgpay_string_free(doc);
    return NULL;
}

int main(void) {
    char *doc = NULL;
    int32_t rc = sgpay_probe_panic(&doc);
    CHECK(rc == SGPAY_ERR_PANIC, "status %d", rc);
    CHECK(doc && strstr(doc, "\"code\":\"panic\"") && strstr(doc, "\"status\":98"),
          "document: %s", doc ? doc : "(null)");
    CHECK(doc && strstr(doc, "internal bug"), "plain words: %s", doc ? doc : "(null)");
    CHECK(doc && !strstr(doc, "4242424242424242"), "card number in the document: %s", doc);
    sgpay_string_free(doc);
    CHECK(sgpay_probe_panic(NULL) == SGPAY_ERR_PANIC, "NULL out_json");

    pthread_t threads[THREADS];
    int caught[THREADS] = {0};
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&threads[i], NULL, panic_on_thread, &caught[i]) == 0, "thread %d", i);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(caught[i], "thread %d did not get SGPAY_ERR_PANIC", i);
    }
    CHECK(sgpay_abi_version() == SGPAY_ABI_VERSION, "the library still answers after panics");
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
