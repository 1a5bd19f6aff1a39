/* Webhook signatures made by the openssl command line, verified by sgpay. The event is
 * tests/fixtures/webhook_event.json (the tests run from the repository root). */
#include <stdio.h>

#include "harness.h"

#define EVENT_PATH "tests/fixtures/webhook_event.json"

static char EVENT[512];

static int read_event(void) {
    FILE *file = fopen(EVENT_PATH, "rb");
    size_t n = file ? fread(EVENT, 1, sizeof EVENT - 1, file) : 0;
    if (file) fclose(file);
    EVENT[n] = '\0';
    return n > 0 ? 0 : -1;
}

#ifdef _WIN32
/* Under Wine the openssl command is not reachable: tools/windows/test signs the same
 * fixture with it beforehand and passes the Base64 signature in the environment. */
static int openssl_sign(char *sig, size_t sig_size) {
    const char *given = getenv("SGPAY_TEST_WEBHOOK_SIGNATURE");
    if (!given || !*given) return -1;
    snprintf(sig, sig_size, "%s", given);
    return 0;
}
#else
/* Signs the fixture with the test key using `openssl dgst`, Base64 into sig. */
static int openssl_sign(char *sig, size_t sig_size) {
    char command[1024];
    snprintf(command, sizeof command,
             "openssl dgst -sha256 -sign '%s' -binary '%s' | openssl base64 -A", test_key_path(),
             EVENT_PATH);
    FILE *pipe = popen(command, "r");
    size_t n = pipe ? fread(sig, 1, sig_size - 1, pipe) : 0;
    int status = pipe ? pclose(pipe) : -1;
    sig[n] = '\0';
    return status == 0 && n > 0 ? 0 : -1;
}
#endif

void test_webhooks(void) {
    char sig[1024], key_config[1024], tampered[512];
    char *doc = NULL;
    snprintf(key_config, sizeof key_config, ",\"webhook_public_key_path\":\"%s\"",
             "tests/fixtures/partner_pub.pem");
    sgpay_client *client = test_client(key_config);
    sgpay_client *keyless = test_client(NULL);
    CHECK(read_event() == 0, "cannot read %s", EVENT_PATH);
    CHECK(openssl_sign(sig, sizeof sig) == 0, "openssl could not sign");

    int32_t rc = sgpay_webhook_verify(client, EVENT, strlen(EVENT), sig, &doc);
    CHECK(doc && strcmp(doc, EVENT) == 0, "event returned: %s", doc);
    CHECK_STATUS(rc, SGPAY_OK, doc, NULL);

    snprintf(tampered, sizeof tampered, "%s", EVENT);
    tampered[strlen(tampered) - 3] = 'X';
    rc = sgpay_webhook_verify(client, tampered, strlen(tampered), sig, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_SIGNATURE, doc, "\"code\":\"signature\"");

    rc = sgpay_webhook_verify(client, EVENT, strlen(EVENT) - 1, sig, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_SIGNATURE, doc, NULL);
    rc = sgpay_webhook_verify(client, EVENT, strlen(EVENT), "not base64!", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_SIGNATURE, doc, "Base64");
    rc = sgpay_webhook_verify(client, EVENT, strlen(EVENT), "", &doc);
    CHECK_STATUS(rc, SGPAY_ERR_SIGNATURE, doc, NULL);
    rc = sgpay_webhook_verify(keyless, EVENT, strlen(EVENT), sig, &doc);
    CHECK_STATUS(rc, SGPAY_ERR_CONFIG, doc, "webhook");
    sgpay_client_free(client);
    sgpay_client_free(keyless);
}
