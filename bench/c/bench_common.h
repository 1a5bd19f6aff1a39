/*
 * What every measured C client shares: the arguments, the request bodies (byte for byte
 * those of bench/src/workload.rs), the clock and the output (one duration in ns per line).
 *
 * Arguments: BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BODY_MAX 1024
#define ID_MAX 128

typedef struct {
    const char *base_url;
    const char *project;
    int rsa;                /* 0: HMAC with `credential` as secret; 1: RSA key file */
    const char *credential;
    int start;              /* 0: session/status; 1: session/start/payment */
    long warmup;
    long calls;
} bench_args;

__attribute__((noreturn)) static inline void bench_fail(const char *what, const char *detail)
{
    fprintf(stderr, "%s: %s\n", what, detail ? detail : "");
    exit(1);
}

static inline bench_args bench_parse_args(int argc, char **argv)
{
    bench_args a;
    if (argc != 8) {
        bench_fail("usage", "BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS");
    }
    a.base_url = argv[1];
    a.project = argv[2];
    a.rsa = strcmp(argv[3], "rsa") == 0;
    a.credential = argv[4];
    a.start = strcmp(argv[5], "start") == 0;
    a.warmup = strtol(argv[6], NULL, 10);
    a.calls = strtol(argv[7], NULL, 10);
    if (a.warmup < 0 || a.calls <= 0) {
        bench_fail("bad call counts", argv[7]);
    }
    return a;
}

static inline uint64_t bench_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static const char BENCH_CREATE_BODY[] = "{}";

static inline void bench_status_body(char *out, const char *session_id)
{
    snprintf(out, BODY_MAX, "{\"session_id\":\"%s\"}", session_id);
}

static inline void bench_start_body(char *out, const char *session_id)
{
    snprintf(out, BODY_MAX,
             "{\"session_id\":\"%s\",\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","
             "\"bank_card\":{\"number\":\"4242424242424242\",\"expiration_month\":\"12\","
             "\"expiration_year\":\"30\",\"security_code\":\"123\"}}},"
             "\"amount_details\":{\"amount\":10000,\"currency\":\"rub\"},"
             "\"customer\":{\"reference\":\"bench\"}}",
             session_id);
}

/* Copies the first "id":"ps_..." of a session reply into out. */
static inline void bench_session_id(const char *reply, char *out)
{
    const char *at = reply ? strstr(reply, "\"id\":\"ps_") : NULL;
    const char *end;
    if (!at) {
        bench_fail("no session id in", reply);
    }
    at += strlen("\"id\":\"");
    end = strchr(at, '"');
    if (!end || end - at >= ID_MAX) {
        bench_fail("malformed session id in", reply);
    }
    memcpy(out, at, (size_t)(end - at));
    out[end - at] = '\0';
}

/* A measured client's two calls; `ctx` is handed back to each. `create` makes one session and
 * writes its id; `call` sends `body` to `operation` and fails the run unless it succeeds. */
typedef void (*bench_create_fn)(void *ctx, char *id);
typedef void (*bench_call_fn)(void *ctx, const char *operation, const char *body);

/* The bodies of every call, warm-up first. */
static inline char (*bench_bodies(const bench_args *a, bench_create_fn create, bench_call_fn call,
                                  void *ctx))[BODY_MAX]
{
    long total = a->warmup + a->calls;
    char (*bodies)[BODY_MAX] = malloc((size_t)total * BODY_MAX);
    char id[ID_MAX];
    long i;
    if (!bodies) {
        bench_fail("out of memory", NULL);
    }
    if (!a->start) {
        create(ctx, id);
        bench_start_body(bodies[0], id);
        call(ctx, "session/start/payment", bodies[0]);
        for (i = 0; i < total; i++) {
            bench_status_body(bodies[i], id);
        }
        return bodies;
    }
    for (i = 0; i < total; i++) {
        create(ctx, id);
        bench_start_body(bodies[i], id);
    }
    return bodies;
}

static inline void bench_print_samples(const uint64_t *samples, long count)
{
    long i;
    for (i = 0; i < count; i++) {
        printf("%llu\n", (unsigned long long)samples[i]);
    }
}

/* The measurement every client makes: prepares the bodies, times each call of the measured
 * operation (the warm-up calls untimed) and prints the durations. */
static inline void bench_measure(const bench_args *a, bench_create_fn create, bench_call_fn call,
                                 void *ctx)
{
    const char *operation = a->start ? "session/start/payment" : "session/status";
    uint64_t *samples = malloc((size_t)a->calls * sizeof *samples);
    char(*bodies)[BODY_MAX] = bench_bodies(a, create, call, ctx);
    long i;
    if (!samples) {
        bench_fail("out of memory", NULL);
    }
    for (i = 0; i < a->warmup + a->calls; i++) {
        uint64_t started = bench_now_ns();
        call(ctx, operation, bodies[i]);
        if (i >= a->warmup) {
            samples[i - a->warmup] = bench_now_ns() - started;
        }
    }
    bench_print_samples(samples, a->calls);
    free(bodies);
    free(samples);
}

#endif
