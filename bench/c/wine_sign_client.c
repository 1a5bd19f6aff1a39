/* The measured Windows client: sgpay.dll's C ABI built with MinGW and run under Wine, one
 * client, `sgpay_session_status` called WARMUP + CALLS times (bench_common.h's loop), one
 * duration in ns per timed call. With `rsa` and the key path `-`, the key path is taken from
 * SGPAY_PRIVATE_KEY_PATH, which tools/windows/wine-run makes a Windows path. */
#include "bench_common.h"
#include "sgpay.h"

static sgpay_client *client;

/* Sends one call, through the operation's own function where the bench calls it; copies the
 * session id into id when id is not NULL. */
static void call_or_die(const char *operation, const char *body, char *id)
{
    char *reply = NULL;
    int32_t status;
    if (strcmp(operation, "session/status") == 0) {
        status = sgpay_session_status(client, body, NULL, &reply);
    } else {
        status = sgpay_call(client, operation, body, NULL, &reply);
    }
    if (status != SGPAY_OK) {
        bench_fail(operation, reply);
    }
    if (id) {
        bench_session_id(reply, id);
    }
    sgpay_string_free(reply);
}

static void create_session(void *ctx, char *id)
{
    (void)ctx;
    call_or_die("session/create", BENCH_CREATE_BODY, id);
}

static void call(void *ctx, const char *operation, const char *body)
{
    (void)ctx;
    call_or_die(operation, body, NULL);
}

static void open_client(const bench_args *a)
{
    char config[2048];
    char *error = NULL;
    const char *credential = a->credential;
    if (a->rsa && strcmp(credential, "-") == 0) {
        credential = getenv("SGPAY_PRIVATE_KEY_PATH");
        if (!credential) {
            bench_fail("SGPAY_PRIVATE_KEY_PATH", "not set");
        }
    }
    /* A Windows path's backslashes, escaped for JSON. */
    char escaped[1024];
    size_t n = 0;
    for (const char *c = credential; *c && n + 2 < sizeof escaped; c++) {
        if (*c == '\\' || *c == '"') {
            escaped[n++] = '\\';
        }
        escaped[n++] = *c;
    }
    escaped[n] = '\0';
    snprintf(config, sizeof config, "{\"base_url\":\"%s\",\"project\":\"%s\",\"%s\":\"%s\"}",
             a->base_url, a->project, a->rsa ? "private_key_path" : "hmac_secret", escaped);
    if (sgpay_client_new(config, &client, &error) != SGPAY_OK) {
        bench_fail("sgpay_client_new", error);
    }
}

int main(int argc, char **argv)
{
    bench_args a = bench_parse_args(argc, argv);
    open_client(&a);
    bench_measure(&a, create_session, call, NULL);
    sgpay_client_free(client);
    return 0;
}
