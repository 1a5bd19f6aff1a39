/* HTTPS against the sandbox's self-signed certificate, trusted through ca_bundle_path given
 * as a Windows path (drive letter, backslashes). Run by tools/windows/test under Wine with
 * the sandbox started with --tls-cert-out; SGPAY_CA_BUNDLE_PATH is that file's Windows path. */
#include "harness.h"

static const char *ca_bundle_path(void) {
    const char *path = getenv("SGPAY_CA_BUNDLE_PATH");
    if (!path || strchr(path, '\\') == NULL || path[1] != ':') {
        fprintf(stderr, "SGPAY_CA_BUNDLE_PATH must be a Windows path, got '%s'\n",
                path ? path : "(unset)");
        exit(2);
    }
    return path;
}

static sgpay_client *client_with_bundle(const char *path, int32_t *status) {
    char escaped[1024], extra[1200], config[4096];
    sgpay_client *client = NULL;
    char *doc = NULL;
    json_escape(path ? path : "", escaped, sizeof escaped);
    if (path)
        snprintf(extra, sizeof extra, ",\"max_attempts\":1,\"ca_bundle_path\":\"%s\"", escaped);
    else
        snprintf(extra, sizeof extra, ",\"max_attempts\":1");
    config_from_env(config, sizeof config, extra);
    *status = sgpay_client_new(config, &client, &doc);
    sgpay_string_free(doc);
    return client;
}

static void trusted_through_the_bundle(void) {
    int32_t rc;
    char *doc = NULL;
    sgpay_client *client = client_with_bundle(ca_bundle_path(), &rc);
    CHECK(rc == SGPAY_OK && client, "client with the CA bundle: %d", rc);
    if (!client) return;
    rc = sgpay_session_create(client, "{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, "\"session\"");
    rc = sgpay_session_status(client, "{\"session_id\":\"ps_missing\"}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_API, doc, "\"http_status\":4");
    sgpay_client_free(client);
}

static void refused_without_the_bundle(void) {
    int32_t rc;
    char *doc = NULL;
    sgpay_client *client = client_with_bundle(NULL, &rc);
    CHECK(rc == SGPAY_OK && client, "client without a CA bundle: %d", rc);
    if (!client) return;
    rc = sgpay_session_create(client, "{}", NULL, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_NOT_SENT, doc, "\"code\":\"not_sent\"");
    sgpay_client_free(client);
}

static void missing_bundle_is_a_config_error(void) {
    char path[1024];
    int32_t rc;
    snprintf(path, sizeof path, "%s.missing", ca_bundle_path());
    sgpay_client *client = client_with_bundle(path, &rc);
    CHECK(rc == SGPAY_ERR_CONFIG && client == NULL, "missing bundle: %d", rc);
}

int main(void) {
    const char *base_url = env_or_die("SGPAY_BASE_URL");
    CHECK(strncmp(base_url, "https://", 8) == 0, "base URL %s", base_url);
    trusted_through_the_bundle();
    refused_without_the_bundle();
    missing_bundle_is_a_config_error();
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 ? 0 : 1;
}
