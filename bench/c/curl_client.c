/*
 * The peer in C: what a user writes with libcurl and OpenSSL. One easy handle reused
 * (keep-alive), the body signed per call, headers set per call, the reply collected into
 * a buffer and checked for HTTP 200 and "status":"ok".
 */
#include <curl/curl.h>
#include <unistd.h>

#include "bench_common.h"
#include "peer_sign.h"

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} buffer;

typedef struct {
    CURL *curl;
    const bench_args *args;
    peer_signer signer;
    buffer reply;
    long pid;
    unsigned long keys_made;
} peer;

static size_t collect(char *data, size_t size, size_t count, void *userdata)
{
    buffer *b = userdata;
    size_t n = size * count;
    if (b->length + n + 1 > b->capacity) {
        b->capacity = (b->length + n + 1) * 2;
        b->data = realloc(b->data, b->capacity);
        if (!b->data) {
            return 0;
        }
    }
    memcpy(b->data + b->length, data, n);
    b->length += n;
    b->data[b->length] = '\0';
    return n;
}

static struct curl_slist *headers_for(peer *p, const char *body, int with_key)
{
    char line[SIGNATURE_B64_MAX + 64];
    char signature[SIGNATURE_B64_MAX];
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    snprintf(line, sizeof line, "X-PARTNER-PROJECT: %s", p->args->project);
    headers = curl_slist_append(headers, line);
    peer_sign(&p->signer, body, signature);
    snprintf(line, sizeof line, "X-PARTNER-SIGN: %s", signature);
    headers = curl_slist_append(headers, line);
    if (with_key) {
        snprintf(line, sizeof line, "X-PARTNER-IDEMPOTENCY-KEY: curl-%ld-%lu", p->pid, ++p->keys_made);
        headers = curl_slist_append(headers, line);
    }
    return headers;
}

/* POSTs a signed body to <base_url>/api/v1/<operation>; the reply is in p->reply. */
static void post(void *ctx, const char *operation, const char *body)
{
    peer *p = ctx;
    char url[512];
    long http_status = 0;
    int with_key = strcmp(operation, "session/status") != 0;
    struct curl_slist *headers = headers_for(p, body, with_key);
    CURLcode result;
    snprintf(url, sizeof url, "%s/api/v1/%s", p->args->base_url, operation);
    p->reply.length = 0;
    curl_easy_setopt(p->curl, CURLOPT_URL, url);
    curl_easy_setopt(p->curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, body);
    result = curl_easy_perform(p->curl);
    curl_slist_free_all(headers);
    if (result != CURLE_OK) {
        bench_fail(operation, curl_easy_strerror(result));
    }
    curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &http_status);
    if (http_status != 200 || !p->reply.data || !strstr(p->reply.data, "\"status\":\"ok\"")) {
        bench_fail(operation, p->reply.data);
    }
}

static void create_session(void *ctx, char *id)
{
    peer *p = ctx;
    post(p, "session/create", BENCH_CREATE_BODY);
    bench_session_id(p->reply.data, id);
}

static void open_peer(peer *p, const bench_args *a)
{
    memset(p, 0, sizeof *p);
    p->args = a;
    p->pid = (long)getpid();
    p->signer = peer_signer_new(a);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    p->curl = curl_easy_init();
    if (!p->curl) {
        bench_fail("curl_easy_init failed", NULL);
    }
    curl_easy_setopt(p->curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, &p->reply);
    curl_easy_setopt(p->curl, CURLOPT_USERAGENT, "bench-peer/1");
}

int main(int argc, char **argv)
{
    bench_args a = bench_parse_args(argc, argv);
    peer p;
    open_peer(&p, &a);
    bench_measure(&a, create_session, post, &p);
    curl_easy_cleanup(p.curl);
    curl_global_cleanup();
    free(p.reply.data);
    return 0;
}
