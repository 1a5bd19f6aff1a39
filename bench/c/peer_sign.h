/*
 * Signing as a user of OpenSSL would write it: Base64(HMAC-SHA256(secret, body)) with
 * EVP_Q_mac, or Base64(RSASSA-PKCS1-v1_5-SHA256(body)) with EVP_DigestSign.
 */
#ifndef PEER_SIGN_H
#define PEER_SIGN_H

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bench_common.h"

#define SIGNATURE_B64_MAX 1400

typedef struct {
    const char *secret;  /* HMAC mode when non-NULL */
    EVP_PKEY *key;       /* RSA mode otherwise */
} peer_signer;

static inline peer_signer peer_signer_new(const bench_args *a)
{
    peer_signer s = {NULL, NULL};
    FILE *file;
    if (!a->rsa) {
        s.secret = a->credential;
        return s;
    }
    file = fopen(a->credential, "r");
    if (!file) {
        bench_fail("cannot open the key", a->credential);
    }
    s.key = PEM_read_PrivateKey(file, NULL, NULL, NULL);
    fclose(file);
    if (!s.key) {
        bench_fail("not a PEM private key", a->credential);
    }
    return s;
}

static inline size_t rsa_sign(EVP_PKEY *key, const char *body, unsigned char *raw, size_t raw_size)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t length = raw_size;
    if (!ctx || EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
        EVP_DigestSign(ctx, raw, &length, (const unsigned char *)body, strlen(body)) != 1) {
        bench_fail("RSA signing failed", NULL);
    }
    EVP_MD_CTX_free(ctx);
    return length;
}

/* Writes the Base64 signature of body into out (SIGNATURE_B64_MAX bytes). */
static inline void peer_sign(const peer_signer *s, const char *body, char *out)
{
    unsigned char raw[1024];
    size_t length = 0;
    if (s->secret) {
        if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, s->secret, strlen(s->secret),
                       (const unsigned char *)body, strlen(body), raw, sizeof raw, &length)) {
            bench_fail("HMAC failed", NULL);
        }
    } else {
        length = rsa_sign(s->key, body, raw, sizeof raw);
    }
    EVP_EncodeBlock((unsigned char *)out, raw, (int)length);
}

#endif
