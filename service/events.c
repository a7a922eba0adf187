#include "events.h"

#include "json.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void seo_random_id(const char *prefix, char *out, size_t cap)
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    unsigned char raw[26];
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        abort(); /* no entropy: nothing safe to do */
    int w = snprintf(out, cap, "%s", prefix);
    for (size_t i = 0; i < sizeof(raw) && (size_t)w + 1 < cap; i++)
        out[w++] = alphabet[raw[i] & 31];
    out[w] = '\0';
}

void seo_event_time(long long unix_s, char out[32])
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long long seo_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void seo_event_payload_head(struct seo_buf *out, const char *type, const char *iso,
                            const char *draft_id)
{
    seo_buf_printf(out, "{\"type\":\"%s\",\"timestamp\":\"%s\",\"data\":{\"draft_id\":", type, iso);
    json_t *id = json_string(draft_id);
    seo_json_write(out, id, 0);
    json_decref(id);
    seo_buf_puts(out, ",\"revision\":");
}

void seo_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char digest[32];
    unsigned int n = 0;
    if (EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL) != 1 || n != 32)
        abort(); /* no SHA-256: nothing safe to do */
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}
