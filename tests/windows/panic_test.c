/* A panic inside the C boundary, on the Windows unwinders (SEH on x64, DWARF on x86): it
 * becomes SGPAY_ERR_PANIC with an error document, card data masked, on the calling thread
 * and on eight threads at once, and the host process goes on. Links panic_probe.dll
 * (tests/windows/panic_probe.rs), built with sgpay.dll by tools/windows/build; the probe
 * carries its own copy of the library, so after its panics the shipped sgpay.dll, loaded
 * by name beside this program, must still answer a real call. */
#include <pthread.h>
#include <windows.h>

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

typedef uint32_t (*abi_version_fn)(void);
typedef int32_t (*client_new_fn)(const char *, sgpay_client **, char **);
typedef void (*client_free_fn)(sgpay_client *);
typedef void (*string_free_fn)(char *);

/* Loads the shipped sgpay.dll (not the probe's copy) and makes a client with it: a bad
 * configuration must come back as SGPAY_ERR_CONFIG with its document. */
static int shipped_library_answers(void) {
    HMODULE dll = LoadLibraryA("sgpay.dll");
    if (!dll) return 0;
    abi_version_fn abi = (abi_version_fn)(void (*)(void))GetProcAddress(dll, "sgpay_abi_version");
    client_new_fn client_new = (client_new_fn)(void (*)(void))GetProcAddress(dll, "sgpay_client_new");
    string_free_fn string_free = (string_free_fn)(void (*)(void))GetProcAddress(dll, "sgpay_string_free");
    if (!abi || !client_new || !string_free || abi() != SGPAY_ABI_VERSION) return 0;
    sgpay_client *client = NULL;
    char *doc = NULL;
    int32_t rc = client_new("{\"project\":\"p\"}", &client, &doc);
    int answered = rc == SGPAY_ERR_CONFIG && client == NULL && doc && strstr(doc, "\"code\":\"config\"");
    string_free(doc);
    return answered;
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
    CHECK(shipped_library_answers(), "the shipped sgpay.dll answers after the panics");
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
