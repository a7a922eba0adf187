/*
 * Standard Webhooks secrets and signatures (webhook.h). Base64 and the HMAC
 * come from OpenSSL; only the strictness checks are ours, because
 * EVP_DecodeBlock skips white space, ignores padding and accepts
 * non-canonical last characters, which a secret must not have (verifiers in
 * other languages, Go's among them, are stricter and would disagree).
 */
#include "webhook.h"

#include <limits.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "whsec_"
#define PREFIX_LEN 6

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n bytes, padded: 4 characters per started group of 3. */
#define ENCODED_LEN(n) (((n) + 2) / 3 * 4)

int seo_webhook_secret_decode(const char *secret, unsigned char *key, size_t key_cap,
                              size_t *key_len)
{
    if (!secret || strncmp(secret, PREFIX, PREFIX_LEN) != 0)
        return -1;
    const char *b64 = secret + PREFIX_LEN;
    size_t n = strlen(b64);
    if (n == 0 || n % 4 != 0 || n > ENCODED_LEN(SEO_WEBHOOK_KEY_MAX))
        return -1;
    size_t pad = b64[n - 1] == '=' ? (b64[n - 2] == '=' ? 2 : 1) : 0;
    for (size_t i = 0; i < n - pad; i++)
        if (b64[i] == '\0' || !strchr(alphabet, b64[i]))
            return -1;
    size_t len = n / 4 * 3 - pad;
    if (len < SEO_WEBHOOK_KEY_MIN || len > SEO_WEBHOOK_KEY_MAX || len > key_cap)
        return -1;
    unsigned char raw[ENCODED_LEN(SEO_WEBHOOK_KEY_MAX) / 4 * 3];
    if (EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n) < 0)
        return -1;
    /* Canonical: encoding the key again gives the same text (no stray bits in the last group). */
    char again[ENCODED_LEN(SEO_WEBHOOK_KEY_MAX) + 1];
    EVP_EncodeBlock((unsigned char *)again, raw, (int)len);
    if (strcmp(again, b64) != 0)
        return -1;
    memcpy(key, raw, len);
    *key_len = len;
    return 0;
}

void seo_webhook_secret_encode(const unsigned char *key, size_t len, char *out, size_t out_cap)
{
    if (out_cap == 0)
        return;
    /* Whole groups of 4 characters fit after the prefix and before the NUL: 3 bytes each. */
    if (out_cap < PREFIX_LEN + 1 || len > (out_cap - PREFIX_LEN - 1) / 4 * 3 || len > INT_MAX / 2) {
        out[0] = '\0';
        return;
    }
    memcpy(out, PREFIX, PREFIX_LEN);
    EVP_EncodeBlock((unsigned char *)out + PREFIX_LEN, key, (int)len);
}

void seo_webhook_sign(const unsigned char *key, size_t key_len, const char *msg_id,
                      long long timestamp, const char *body, size_t body_len, char out[64])
{
    char ts[24];
    int ts_len = snprintf(ts, sizeof(ts), ".%lld.", timestamp);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                           OSSL_PARAM_construct_end()};
    unsigned char digest[32];
    size_t digest_len = 0;
    /* With valid arguments these fail only when out of memory: abort, as mem.c does. */
    if (!ctx || !EVP_MAC_init(ctx, key, key_len, params) ||
        !EVP_MAC_update(ctx, (const unsigned char *)msg_id, strlen(msg_id)) ||
        !EVP_MAC_update(ctx, (const unsigned char *)ts, (size_t)ts_len) ||
        (body_len && !EVP_MAC_update(ctx, (const unsigned char *)body, body_len)) ||
        !EVP_MAC_final(ctx, digest, &digest_len, sizeof(digest)) || digest_len != sizeof(digest))
        abort();
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    memcpy(out, "v1,", 3);
    EVP_EncodeBlock((unsigned char *)out + 3, digest, (int)sizeof(digest));
}
