/* Eight threads sharing one client. */
#include <pthread.h>

#include "harness.h"

#define THREADS 8

struct worker {
    sgpay_client *client;
    int calls;
    int failures;
};

static void *work(void *arg) {
    struct worker *w = (struct worker *)arg;
    char session_id[64], request[128];
    for (int i = 0; i < w->calls; i++) {
        char *doc = NULL;
        if (test_start_payment(w->client, "4242424242424242", session_id, sizeof session_id) !=
            SGPAY_OK) {
            w->failures++;
            continue;
        }
        snprintf(request, sizeof request, "{\"session_id\":\"%s\"}", session_id);
        if (sgpay_session_status(w->client, request, NULL, &doc) != SGPAY_OK ||
            !strstr(doc, session_id))
            w->failures++;
        sgpay_string_free(doc);
    }
    return NULL;
}

void test_threads(void) {
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    sgpay_client *client = test_client(NULL);
    for (int i = 0; i < THREADS; i++) {
        workers[i].client = client;
        workers[i].calls = test_quick() ? 3 : 25;
        workers[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0, "thread %d", i);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(workers[i].failures == 0, "thread %d: %d failures", i, workers[i].failures);
    }
    sgpay_client_free(client);
}
