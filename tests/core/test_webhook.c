/*
 * Tests service/core/webhook.c: both known-answer vectors of
 * reference/webhooks.md (the first is the Standard Webhooks libraries' own),
 * secrets decoded and encoded in both directions, and every secret spelling
 * a strict verifier would not accept refused.
 */
#include "webhook.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static size_t decode_ok(const char *secret, unsigned char key[SEO_WEBHOOK_KEY_MAX])
{
    size_t len = 0;
    if (seo_webhook_secret_decode(secret, key, SEO_WEBHOOK_KEY_MAX, &len) != 0)
        fail_msg("refused: %s", secret);
    return len;
}

static void sign_text(const char *secret, const char *id, long long ts, const char *body,
                      char out[64])
{
    unsigned char key[SEO_WEBHOOK_KEY_MAX];
    size_t len = decode_ok(secret, key);
    memset(out, 'x', 64);
    seo_webhook_sign(key, len, id, ts, body, body ? strlen(body) : 0, out);
}

static void known_answers(void **state)
{
    (void)state;
    char sig[64];
    sign_text("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
              "{\"test\": 2432232314}", sig);
    assert_string_equal(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assert_int_equal(strlen(sig), SEO_WEBHOOK_SIGNATURE_LEN);
    sign_text("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "msg_empty", 1767225600, NULL,
              sig);
    assert_string_equal(sig, "v1,k10XBqOzl0GF1ynbwUY7qtUw0poaNGcnOjLHwCCosHw=");
    sign_text("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "msg_empty", 1767225600, "",
              sig);
    assert_string_equal(sig, "v1,k10XBqOzl0GF1ynbwUY7qtUw0poaNGcnOjLHwCCosHw=");
}

/* Each signed part matters, and the body is taken by length, not up to a NUL. */
static void every_part_is_signed(void **state)
{
    (void)state;
    const char *secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    char base[64], other[64];
    sign_text(secret, "msg_1", 1700000000, "{\"a\":1}", base);
    sign_text(secret, "msg_2", 1700000000, "{\"a\":1}", other);
    assert_string_not_equal(base, other);
    sign_text(secret, "msg_1", 1700000001, "{\"a\":1}", other);
    assert_string_not_equal(base, other);
    sign_text(secret, "msg_1", 1700000000, "{\"a\":2}", other);
    assert_string_not_equal(base, other);
    sign_text("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "msg_1", 1700000000,
              "{\"a\":1}", other);
    assert_string_not_equal(base, other);

    unsigned char key[SEO_WEBHOOK_KEY_MAX];
    size_t len = decode_ok(secret, key);
    const char body[] = "{\"a\":1}\0tail";
    seo_webhook_sign(key, len, "msg_1", 1700000000, body, 7, other);
    assert_string_equal(base, other);
    seo_webhook_sign(key, len, "msg_1", 1700000000, body, sizeof(body) - 1, other);
    assert_string_not_equal(base, other);
    /* The timestamp is signed in canonical decimal, negative ones included. */
    sign_text(secret, "msg_1", -1, "{\"a\":1}", other);
    assert_string_not_equal(base, other);
}

/* Same key bytes, same signature, whatever the secret's length (24..64 bytes). */
static void round_trips(void **state)
{
    (void)state;
    for (size_t n = SEO_WEBHOOK_KEY_MIN; n <= SEO_WEBHOOK_KEY_MAX; n++) {
        unsigned char key[SEO_WEBHOOK_KEY_MAX], back[SEO_WEBHOOK_KEY_MAX];
        for (size_t i = 0; i < n; i++)
            key[i] = (unsigned char)(i * 37 + n * 11 + 0xf0);
        char secret[SEO_WEBHOOK_SECRET_SIZE];
        seo_webhook_secret_encode(key, n, secret, sizeof(secret));
        assert_true(strncmp(secret, "whsec_", 6) == 0);
        assert_int_equal(strlen(secret), 6 + (n + 2) / 3 * 4);
        assert_null(strpbrk(secret + 6, "-_")); /* never URL-safe */
        size_t len = 0;
        assert_int_equal(seo_webhook_secret_decode(secret, back, sizeof(back), &len), 0);
        assert_int_equal(len, n);
        assert_memory_equal(back, key, n);
    }
    char secret[SEO_WEBHOOK_SECRET_SIZE];
    unsigned char key[SEO_WEBHOOK_KEY_MAX];
    size_t len = decode_ok("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", key);
    assert_int_equal(len, 24);
    seo_webhook_secret_encode(key, len, secret, sizeof(secret));
    assert_string_equal(secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    len = decode_ok("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", key);
    assert_int_equal(len, 32);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(key[i], i);
}

/* A buffer too small gets "", never a truncated secret. */
static void encode_small_buffer(void **state)
{
    (void)state;
    unsigned char key[32] = {1, 2, 3};
    char out[50];
    memset(out, 'x', sizeof(out));
    seo_webhook_secret_encode(key, 32, out, 50); /* needs 6 + 44 + 1 = 51 */
    assert_string_equal(out, "");
    seo_webhook_secret_encode(key, 32, out, 0);
    assert_int_equal(out[0], '\0');
    char exact[51];
    seo_webhook_secret_encode(key, 32, exact, sizeof(exact));
    assert_int_equal(strlen(exact), 50);
}

static void refuses(const char *secret, size_t key_cap)
{
    unsigned char key[SEO_WEBHOOK_KEY_MAX + 8];
    memset(key, 0xaa, sizeof(key));
    size_t len = 12345;
    if (seo_webhook_secret_decode(secret, key, key_cap, &len) != -1)
        fail_msg("accepted: %s", secret ? secret : "(null)");
    assert_int_equal(len, 12345);
    for (size_t i = 0; i < sizeof(key); i++)
        assert_int_equal(key[i], 0xaa);
}

static void refusals(void **state)
{
    (void)state;
    refuses(NULL, 64);
    refuses("", 64);
    refuses("whsec_", 64);
    refuses("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 64);                  /* no prefix */
    refuses("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 64);            /* prefix is case-sensitive */
    refuses(" whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 64);           /* white space */
    refuses("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", 64);          /* white space */
    refuses("whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw", 64);           /* white space */
    refuses("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", 64); /* unpadded */
    refuses("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8==", 64); /* over-padded */
    refuses("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh=8", 64);  /* padding inside */
    refuses("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=", 64);  /* stray bits */
    refuses("whsec_-_-_-_-_-_-_-_-_-_-_-_-_-_-_", 64);                  /* URL-safe alphabet */
    refuses("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa_w", 64);              /* one URL-safe character */
    refuses("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa*w", 64);              /* not base64 */
    refuses("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa", 64);                /* 22 bytes: too short */
    refuses("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", 31);  /* larger than key_cap */
    /* 65 bytes: too long (the encoder writes it, the decoder refuses it). */
    unsigned char big[65] = {0};
    char secret[120];
    seo_webhook_secret_encode(big, sizeof(big), secret, sizeof(secret));
    assert_true(strlen(secret) > 6);
    refuses(secret, 72);
    /* 64 and 24 bytes are the limits, inclusive. */
    unsigned char key[SEO_WEBHOOK_KEY_MAX];
    seo_webhook_secret_encode(big, 64, secret, sizeof(secret));
    assert_int_equal(decode_ok(secret, key), 64);
    seo_webhook_secret_encode(big, 24, secret, sizeof(secret));
    assert_int_equal(decode_ok(secret, key), 24);
    seo_webhook_secret_encode(big, 23, secret, sizeof(secret));
    refuses(secret, 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_answers), cmocka_unit_test(every_part_is_signed),
        cmocka_unit_test(round_trips),   cmocka_unit_test(encode_small_buffer),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
