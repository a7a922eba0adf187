#ifndef SEO_WEBHOOK_H
#define SEO_WEBHOOK_H

/*
 * Standard Webhooks signing (symmetric "v1" scheme), pure: no I/O, no clock,
 * no randomness. The secret a consumer is shown is "whsec_" followed by the
 * standard, padded base64 of 24..64 random bytes; the HMAC key is the decoded
 * bytes. A delivery carries
 *
 *     webhook-id:        msg_id (identical on every attempt of a message)
 *     webhook-timestamp: timestamp (Unix seconds of this attempt)
 *     webhook-signature: v1,<base64 HMAC-SHA256(key, msg_id "." timestamp "." body)>
 *
 * so that any stock Standard Webhooks verifier accepts it.
 */

#include <stddef.h>

#define SEO_WEBHOOK_KEY_MIN 24 /* bytes of a secret's key */
#define SEO_WEBHOOK_KEY_MAX 64
/* "whsec_", base64 of SEO_WEBHOOK_KEY_MAX bytes (88 characters), NUL. */
#define SEO_WEBHOOK_SECRET_SIZE 95
/* "v1," and the base64 of a SHA-256 (44 characters), NUL; seo_webhook_sign writes into 64. */
#define SEO_WEBHOOK_SIGNATURE_LEN 47

/*
 * Decodes a secret "whsec_<padded standard base64 of 24..64 bytes>" into
 * `key` (borrowed, `key_cap` bytes) and sets *key_len. Returns 0, or -1
 * (key and *key_len untouched) for anything else: no prefix, a character
 * outside the standard alphabet (URL-safe '-' and '_' included), missing or
 * misplaced padding, a non-canonical last character, a key of the wrong
 * length, or one larger than `key_cap`.
 */
int seo_webhook_secret_decode(const char *secret, unsigned char *key, size_t key_cap,
                              size_t *key_len);

/*
 * Writes the secret form of `key` ("whsec_" and its padded standard base64),
 * NUL-terminated, into `out` (`out_cap` bytes; SEO_WEBHOOK_SECRET_SIZE holds
 * any key of at most SEO_WEBHOOK_KEY_MAX bytes). When `out_cap` is too small
 * `out` gets "" (if out_cap > 0): never a truncated secret.
 */
void seo_webhook_secret_encode(const unsigned char *key, size_t len, char *out, size_t out_cap);

/*
 * Writes the signature entry "v1,<base64 HMAC-SHA256>" (NUL-terminated,
 * SEO_WEBHOOK_SIGNATURE_LEN characters) of the message `msg_id` sent at
 * `timestamp` with the exact body bytes `body[0..body_len)` (body may be
 * NULL when body_len is 0). The timestamp is signed as canonical decimal,
 * as the webhook-timestamp header must carry it. All pointers borrowed.
 */
void seo_webhook_sign(const unsigned char *key, size_t key_len, const char *msg_id,
                      long long timestamp, const char *body, size_t body_len, char out[64]);

#endif
