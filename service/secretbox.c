/*
 * Secrets at rest (secretbox.h): AES-256-GCM from OpenSSL's EVP interface, a random 96-bit
 * nonce per seal (NIST SP 800-38D's recommended size; at the few secrets an installation
 * seals, random nonces are far from the 2^32 bound), the 128-bit tag, and the caller's context
 * as associated data. Base64 is decoded strictly (as webhook.c does for whsec_ secrets):
 * EVP_DecodeBlock alone would skip white space and ignore padding.
 */
#include "secretbox.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#define NONCE_LEN 12
#define TAG_LEN 16
#define PREFIX_LEN (sizeof(SEO_SECRETBOX_PREFIX) - 1)
#define SEALED_MAX (NONCE_LEN + SEO_SECRETBOX_MAX_PLAIN + TAG_LEN)
#define ENCODED_LEN(n) (((n) + 2) / 3 * 4)

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * Decodes the canonical, padded standard base64 `in` into `out` (`cap` bytes); *len its
 * length. Returns 0, or -1 for any other text or a result larger than cap.
 */
static int b64_decode(const char *in, unsigned char *out, size_t cap, size_t *len)
{
    size_t n = strlen(in);
    if (n == 0 || n % 4 != 0 || n > ENCODED_LEN(SEALED_MAX))
        return -1;
    size_t pad = in[n - 1] == '=' ? (in[n - 2] == '=' ? 2 : 1) : 0;
    for (size_t i = 0; i < n - pad; i++)
        if (!strchr(alphabet, in[i]))
            return -1;
    size_t bytes = n / 4 * 3 - pad;
    if (bytes > cap)
        return -1;
    unsigned char raw[ENCODED_LEN(SEALED_MAX) / 4 * 3];
    char again[ENCODED_LEN(SEALED_MAX) + 1];
    if (EVP_DecodeBlock(raw, (const unsigned char *)in, (int)n) < 0)
        return -1;
    EVP_EncodeBlock((unsigned char *)again, raw, (int)bytes);
    if (strcmp(again, in) != 0) /* stray bits in the last group */
        return -1;
    memcpy(out, raw, bytes);
    *len = bytes;
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int seo_secretbox_key_parse(const char *text, struct seo_secretbox *box, char *msg, size_t msg_size)
{
    unsigned char key[SEO_SECRETBOX_KEY_LEN];
    size_t n = text ? strlen(text) : 0, len = 0;
    int rc = -1;
    if (n == 2 * SEO_SECRETBOX_KEY_LEN) {
        for (len = 0; len < SEO_SECRETBOX_KEY_LEN; len++) {
            int hi = hex_value(text[2 * len]), lo = hex_value(text[2 * len + 1]);
            if (hi < 0 || lo < 0)
                break;
            key[len] = (unsigned char)(hi << 4 | lo);
        }
    } else if (b64_decode(text ? text : "", key, sizeof(key), &len) != 0) {
        len = 0;
    }
    if (len != SEO_SECRETBOX_KEY_LEN) {
        snprintf(msg, msg_size,
                 "must be 32 random bytes as standard base64 (44 characters, `openssl rand "
                 "-base64 32`) or 64 hex digits (`openssl rand -hex 32`)");
        goto out;
    }
    memcpy(box->key, key, sizeof(key));
    box->enabled = true;
    rc = 0;
out:
    OPENSSL_cleanse(key, sizeof(key));
    return rc;
}

bool seo_secretbox_is_sealed(const char *stored)
{
    return strncmp(stored, SEO_SECRETBOX_PREFIX, PREFIX_LEN) == 0;
}

/* A copy of `text` into out, or -1 (out "") when it does not fit. */
static int copy(const char *text, char *out, size_t out_cap)
{
    size_t n = strlen(text);
    if (n >= out_cap) {
        if (out_cap)
            out[0] = '\0';
        return -1;
    }
    memcpy(out, text, n + 1);
    return 0;
}

int seo_secretbox_seal(const struct seo_secretbox *box, const char *context, const char *plain,
                       char *out, size_t out_cap)
{
    size_t n = strlen(plain);
    if (out_cap < SEO_SECRETBOX_SIZE || n > SEO_SECRETBOX_MAX_PLAIN) {
        if (out_cap)
            out[0] = '\0';
        return -1;
    }
    if (!box || !box->enabled)
        return copy(plain, out, out_cap);
    unsigned char sealed[SEALED_MAX];
    int len = 0, rc = -1;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    out[0] = '\0';
    if (!ctx || RAND_bytes(sealed, NONCE_LEN) != 1 ||
        EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, box->key, sealed) != 1 ||
        EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)context, (int)strlen(context)) !=
            1 ||
        EVP_EncryptUpdate(ctx, sealed + NONCE_LEN, &len, (const unsigned char *)plain, (int)n) !=
            1 ||
        EVP_EncryptFinal_ex(ctx, sealed + NONCE_LEN + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, sealed + NONCE_LEN + n) != 1)
        goto out;
    memcpy(out, SEO_SECRETBOX_PREFIX, PREFIX_LEN);
    EVP_EncodeBlock((unsigned char *)out + PREFIX_LEN, sealed, (int)(NONCE_LEN + n + TAG_LEN));
    rc = 0;
out:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

int seo_secretbox_open(const struct seo_secretbox *box, const char *context, const char *stored,
                       char *out, size_t out_cap)
{
    if (out_cap)
        out[0] = '\0';
    if (!seo_secretbox_is_sealed(stored))
        return copy(stored, out, out_cap);
    unsigned char sealed[SEALED_MAX], plain[SEO_SECRETBOX_MAX_PLAIN];
    size_t len = 0;
    int n = 0, rc = -1;
    EVP_CIPHER_CTX *ctx = NULL;
    if (!box || !box->enabled ||
        b64_decode(stored + PREFIX_LEN, sealed, sizeof(sealed), &len) != 0 ||
        len < NONCE_LEN + TAG_LEN)
        goto out;
    size_t plain_len = len - NONCE_LEN - TAG_LEN;
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, box->key, sealed) != 1 ||
        EVP_DecryptUpdate(ctx, NULL, &n, (const unsigned char *)context, (int)strlen(context)) !=
            1 ||
        EVP_DecryptUpdate(ctx, plain, &n, sealed + NONCE_LEN, (int)plain_len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, sealed + len - TAG_LEN) != 1 ||
        EVP_DecryptFinal_ex(ctx, plain + n, &n) != 1)
        goto out;
    /* Authentic, so written by seal: still, a C string must hold no NUL and fit. */
    if (memchr(plain, '\0', plain_len) || plain_len >= out_cap)
        goto out;
    memcpy(out, plain, plain_len);
    out[plain_len] = '\0';
    rc = 0;
out:
    OPENSSL_cleanse(plain, sizeof(plain));
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}
