/*
 * Resident memory over many calls through the C ABI: HMAC session/status of one session,
 * VmRSS read from /proc/self/status after EARLY and after TOTAL calls, then VmHWM.
 * Arguments: BASE_URL PROJECT HMAC_SECRET EARLY TOTAL. Prints "rss_early_kb N",
 * "rss_end_kb N", "peak_kb N".
 */
#include "bench_common.h"
#include "sgpay.h"

static long status_kb(const char *field)
{
    char line[256];
    long value = -1;
    size_t n = strlen(field);
    FILE *file = fopen("/proc/self/status", "r");
    if (!file) {
        bench_fail("cannot read", "/proc/self/status");
    }
    while (fgets(line, sizeof line, file)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            value = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(file);
    return value;
}

/* Calls and frees the reply; on success, copies the session id into id when id is not NULL. */
static void call_or_die(sgpay_client *client, const char *operation, const char *body, char *id)
{
    char *reply = NULL;
    if (sgpay_call(client, operation, body, NULL, &reply) != SGPAY_OK) {
        bench_fail(operation, reply);
    }
    if (id) {
        bench_session_id(reply, id);
    }
    sgpay_string_free(reply);
}

int main(int argc, char **argv)
{
    char config[1024];
    char id[ID_MAX];
    char body[BODY_MAX];
    char *reply = NULL;
    sgpay_client *client = NULL;
    long early, total, i;
    if (argc != 6) {
        bench_fail("usage", "BASE_URL PROJECT HMAC_SECRET EARLY TOTAL");
    }
    early = strtol(argv[4], NULL, 10);
    total = strtol(argv[5], NULL, 10);
    snprintf(config, sizeof config, "{\"base_url\":\"%s\",\"project\":\"%s\",\"hmac_secret\":\"%s\"}",
             argv[1], argv[2], argv[3]);
    if (sgpay_client_new(config, &client, &reply) != SGPAY_OK) {
        bench_fail("sgpay_client_new", reply);
    }
    call_or_die(client, "session/create", BENCH_CREATE_BODY, id);
    bench_start_body(body, id);
    call_or_die(client, "session/start/payment", body, NULL);
    bench_status_body(body, id);
    for (i = 1; i <= total; i++) {
        call_or_die(client, "session/status", body, NULL);
        if (i == early) {
            printf("rss_early_kb %ld\n", status_kb("VmRSS"));
        }
    }
    printf("rss_end_kb %ld\n", status_kb("VmRSS"));
    printf("peak_kb %ld\n", status_kb("VmHWM"));
    sgpay_client_free(client);
    return 0;
}
