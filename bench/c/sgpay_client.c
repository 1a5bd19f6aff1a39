/* The measured client for the C ABI: sgpay_call on one client, the reply freed each call.
 * The same source is built for Linux and, with MinGW, for Windows (run under Wine). With
 * `rsa` and the key path `-`, the key path is taken from SGPAY_PRIVATE_KEY_PATH, which
 * tools/windows/wine-run makes a Windows path. */
#include "bench_common.h"
#include "sgpay.h"

static sgpay_client *client;

/* Calls and frees the reply; on success, copies the session id into id when id is not NULL. */
static void call_or_die(const char *operation, const char *body, char *id)
{
    char *reply = NULL;
    int32_t status = sgpay_call(client, operation, body, NULL, &reply);
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

/* The key path or secret of the arguments, escaped for JSON (a Windows path's backslashes). */
static void credential_json(const bench_args *a, char *out, size_t size)
{
    const char *credential = a->credential;
    if (a->rsa && strcmp(credential, "-") == 0) {
        credential = getenv("SGPAY_PRIVATE_KEY_PATH");
        if (!credential) {
            bench_fail("SGPAY_PRIVATE_KEY_PATH", "not set");
        }
    }
    size_t n = 0;
    for (const char *c = credential; *c && n + 2 < size; c++) {
        if (*c == '\\' || *c == '"') {
            out[n++] = '\\';
        }
        out[n++] = *c;
    }
    out[n] = '\0';
}

static void open_client(const bench_args *a)
{
    char config[2048];
    char credential[1024];
    char *error = NULL;
    credential_json(a, credential, sizeof credential);
    snprintf(config, sizeof config, "{\"base_url\":\"%s\",\"project\":\"%s\",\"%s\":\"%s\"}",
             a->base_url, a->project, a->rsa ? "private_key_path" : "hmac_secret", credential);
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
