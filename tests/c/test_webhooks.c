/* Webhook signatures made by the openssl command line, verified by sgpay. */
#include <stdio.h>

#include "harness.h"

static const char *EVENT =
    "{\"type\":\"payment_finished\",\"session\":{\"id\":\"ps_42\",\"status\":\"accepted\"}}";

/* Signs `body` with the fixture key using `openssl dgst`, Base64 into sig. */
static int openssl_sign(const char *body, char *sig, size_t sig_size) {
    char path[] = "/tmp/sgpay-webhook-XXXXXX";
    char command[1024];
    int fd = mkstemp(path);
    FILE *file = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!file) return -1;
    fputs(body, file);
    fclose(file);
    snprintf(command, sizeof command,
             "openssl dgst -sha256 -sign '%s' -binary '%s' | openssl base64 -A", test_key_path(),
             path);
    FILE *pipe = popen(command, "r");
    size_t n = pipe ? fread(sig, 1, sig_size - 1, pipe) : 0;
    int status = pipe ? pclose(pipe) : -1;
    remove(path);
    sig[n] = '\0';
    return status == 0 && n > 0 ? 0 : -1;
}

void test_webhooks(void) {
    char sig[1024], key_config[1024], tampered[512];
    char *doc = NULL;
    snprintf(key_config, sizeof key_config, ",\"webhook_public_key_path\":\"%s\"",
             "tests/fixtures/partner_pub.pem");
    sgpay_client *client = test_client(key_config);
    sgpay_client *keyless = test_client(NULL);
    CHECK(openssl_sign(EVENT, sig, sizeof sig) == 0, "openssl could not sign");

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
