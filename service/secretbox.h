#ifndef SEOPIPE_SECRETBOX_H
#define SEOPIPE_SECRETBOX_H

/*
 * Short secrets (webhook signing secrets) encrypted at rest with AES-256-GCM:
 *
 *     enc:v1:<standard padded base64 of nonce (12 bytes) | ciphertext | tag (16 bytes)>
 *
 * The nonce is random for every seal. The associated data is the `context` the caller names
 * (the endpoint id), so a sealed value copied to another endpoint does not open. A stored
 * value without the "enc:v1:" prefix is plaintext from before encryption was configured and
 * opens as itself; rotating the endpoint's secret seals it. With no key configured (a box that
 * is not `enabled`), seal stores plaintext and only sealed values fail to open.
 */

#include <stdbool.h>
#include <stddef.h>

#define SEO_SECRETBOX_KEY_LEN 32
#define SEO_SECRETBOX_PREFIX "enc:v1:"
/* The longest secret sealed (a whsec_ secret is at most 94 characters). */
#define SEO_SECRETBOX_MAX_PLAIN 128
/* Holds the sealed form of any secret of at most SEO_SECRETBOX_MAX_PLAIN bytes, NUL included. */
#define SEO_SECRETBOX_SIZE 256

struct seo_secretbox {
    bool enabled; /* false: no key configured, secrets are kept in plaintext */
    unsigned char key[SEO_SECRETBOX_KEY_LEN];
};

/*
 * Reads a key written as the standard base64 of 32 bytes (`openssl rand -base64 32`) or as 64
 * hex digits into `box` and enables it. Returns 0, or -1 (box untouched) with what is wrong in
 * `msg`; the message never quotes the value.
 */
int seo_secretbox_key_parse(const char *text, struct seo_secretbox *box, char *msg,
                            size_t msg_size);

/* True when `stored` is a sealed value ("enc:v1:..."). */
bool seo_secretbox_is_sealed(const char *stored);

/*
 * Writes the stored form of `plain` for `context` into `out` (`out_cap` bytes, at least
 * SEO_SECRETBOX_SIZE): sealed when the box is enabled, else a copy. All pointers borrowed; box
 * may be NULL (no key). Returns 0, or -1 (out is "") when `plain` is longer than
 * SEO_SECRETBOX_MAX_PLAIN, out_cap is too small or the cipher fails.
 */
int seo_secretbox_seal(const struct seo_secretbox *box, const char *context, const char *plain,
                       char *out, size_t out_cap);

/*
 * Writes the secret `stored` holds into `out` (`out_cap` bytes): a sealed value is opened with
 * the box's key and `context`, anything else is plaintext and copied. Returns 0, or -1 (out is
 * "") when a sealed value does not open (no key, another key, another context, a changed byte,
 * not base64) or the secret does not fit.
 */
int seo_secretbox_open(const struct seo_secretbox *box, const char *context, const char *stored,
                       char *out, size_t out_cap);

#endif
