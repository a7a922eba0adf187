/*
 * Tests service/secretbox.c: keys in both spellings and refused ones, the round trip, and every
 * way a sealed secret must fail to open (another key, another endpoint, any changed byte,
 * garbage), plaintext from before encryption, and a box without a key.
 */
#include "secretbox.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define KEY_B64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" /* bytes 0..31 */
#define KEY_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

static struct seo_secretbox box_of(const char *text)
{
    struct seo_secretbox box = {0};
    char msg[200];
    if (seo_secretbox_key_parse(text, &box, msg, sizeof(msg)) != 0)
        fail_msg("%s: %s", text, msg);
    return box;
}

static void keys(void **state)
{
    (void)state;
    struct seo_secretbox a = box_of(KEY_B64), b = box_of(KEY_HEX);
    assert_true(a.enabled);
    assert_memory_equal(a.key, b.key, SEO_SECRETBOX_KEY_LEN);
    assert_int_equal(a.key[0], 0);
    assert_int_equal(a.key[31], 31);
    static const char *const bad[] = {
        "",
        "short",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",      /* no padding */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=",     /* stray bits in the last group */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",   /* a newline */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd",         /* 30 bytes */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==", /* 34 bytes */
        "AAECAwQFBgcICQoLDA0ODxAREhMU-RYXGBkaGxwdHh8=",     /* URL-safe alphabet */
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g", /* not hex */
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",   /* 31 bytes */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct seo_secretbox box = {0};
        char msg[300] = "";
        int rc = seo_secretbox_key_parse(bad[i], &box, msg, sizeof(msg));
        if (rc != -1)
            fail_msg("accepted key %zu \"%s\"", i, bad[i]);
        assert_false(box.enabled);
        assert_non_null(strstr(msg, "base64"));
        assert_null(strstr(msg, bad[i][0] ? bad[i] : "\x01")); /* never quotes the value */
    }
}

static void round_trip(void **state)
{
    (void)state;
    struct seo_secretbox box = box_of(KEY_B64);
    char sealed[SEO_SECRETBOX_SIZE], again[SEO_SECRETBOX_SIZE], plain[SEO_SECRETBOX_SIZE];
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, sealed, sizeof(sealed)), 0);
    assert_true(seo_secretbox_is_sealed(sealed));
    assert_null(strstr(sealed, SECRET));
    assert_null(strstr(sealed, "MfKQ9r8G"));
    assert_int_equal(seo_secretbox_open(&box, "wh_one", sealed, plain, sizeof(plain)), 0);
    assert_string_equal(plain, SECRET);
    /* A fresh nonce every time: the same secret never seals to the same text. */
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, again, sizeof(again)), 0);
    assert_string_not_equal(sealed, again);
    assert_int_equal(seo_secretbox_open(&box, "wh_one", again, plain, sizeof(plain)), 0);
    assert_string_equal(plain, SECRET);
    /* The longest secret fits the documented size. */
    char longest[SEO_SECRETBOX_MAX_PLAIN + 1];
    memset(longest, 'x', SEO_SECRETBOX_MAX_PLAIN);
    longest[SEO_SECRETBOX_MAX_PLAIN] = '\0';
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", longest, sealed, sizeof(sealed)), 0);
    assert_true(strlen(sealed) < SEO_SECRETBOX_SIZE);
    assert_int_equal(seo_secretbox_open(&box, "wh_one", sealed, plain, sizeof(plain)), 0);
    assert_string_equal(plain, longest);
}

static void wrong_key(void **state)
{
    (void)state;
    struct seo_secretbox box = box_of(KEY_B64);
    struct seo_secretbox other = box_of("ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=");
    char sealed[SEO_SECRETBOX_SIZE], plain[SEO_SECRETBOX_SIZE];
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, sealed, sizeof(sealed)), 0);
    assert_int_equal(seo_secretbox_open(&other, "wh_one", sealed, plain, sizeof(plain)), -1);
    assert_string_equal(plain, "");
    /* No key at all: a sealed value cannot open. */
    struct seo_secretbox none = {0};
    assert_int_equal(seo_secretbox_open(&none, "wh_one", sealed, plain, sizeof(plain)), -1);
    assert_int_equal(seo_secretbox_open(NULL, "wh_one", sealed, plain, sizeof(plain)), -1);
    assert_string_equal(plain, "");
}

static void wrong_endpoint(void **state)
{
    (void)state;
    struct seo_secretbox box = box_of(KEY_B64);
    char sealed[SEO_SECRETBOX_SIZE], plain[SEO_SECRETBOX_SIZE];
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, sealed, sizeof(sealed)), 0);
    assert_int_equal(seo_secretbox_open(&box, "wh_two", sealed, plain, sizeof(plain)), -1);
    assert_int_equal(seo_secretbox_open(&box, "wh_on", sealed, plain, sizeof(plain)), -1);
    assert_int_equal(seo_secretbox_open(&box, "", sealed, plain, sizeof(plain)), -1);
    assert_string_equal(plain, "");
}

static void tampered(void **state)
{
    (void)state;
    struct seo_secretbox box = box_of(KEY_B64);
    char sealed[SEO_SECRETBOX_SIZE], plain[SEO_SECRETBOX_SIZE];
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, sealed, sizeof(sealed)), 0);
    size_t n = strlen(sealed), prefix = strlen(SEO_SECRETBOX_PREFIX);
    /* Every character of the base64 (nonce, ciphertext, tag) changed in turn. */
    for (size_t i = prefix; i < n; i++) {
        char copy[SEO_SECRETBOX_SIZE];
        memcpy(copy, sealed, n + 1);
        if (copy[i] == '=')
            continue;
        copy[i] = copy[i] == 'A' ? 'B' : 'A';
        if (seo_secretbox_open(&box, "wh_one", copy, plain, sizeof(plain)) != -1)
            fail_msg("a change at %zu opened", i);
    }
    /* Cut short, and grown by a group. */
    char copy[SEO_SECRETBOX_SIZE + 4];
    memcpy(copy, sealed, n - 4);
    copy[n - 4] = '\0';
    assert_int_equal(seo_secretbox_open(&box, "wh_one", copy, plain, sizeof(plain)), -1);
    snprintf(copy, sizeof(copy), "%.*sAAAA%s", (int)(n - 4), sealed, sealed + n - 4);
    assert_int_equal(seo_secretbox_open(&box, "wh_one", copy, plain, sizeof(plain)), -1);
}

static void plaintext_passthrough(void **state)
{
    (void)state;
    struct seo_secretbox box = box_of(KEY_B64), none = {0};
    char out[SEO_SECRETBOX_SIZE];
    /* Stored before a key was configured: read as it is, with or without a key. */
    assert_int_equal(seo_secretbox_open(&box, "wh_one", SECRET, out, sizeof(out)), 0);
    assert_string_equal(out, SECRET);
    assert_int_equal(seo_secretbox_open(&none, "wh_one", SECRET, out, sizeof(out)), 0);
    assert_string_equal(out, SECRET);
    assert_int_equal(seo_secretbox_open(&box, "wh_one", "", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    /* Without a key, seal keeps plaintext. */
    assert_int_equal(seo_secretbox_seal(&none, "wh_one", SECRET, out, sizeof(out)), 0);
    assert_string_equal(out, SECRET);
    assert_int_equal(seo_secretbox_seal(NULL, "wh_one", SECRET, out, sizeof(out)), 0);
    assert_string_equal(out, SECRET);
    assert_false(seo_secretbox_is_sealed(SECRET));
}

static void garbage(void **state)
{
    (void)state;
    struct seo_secretbox box = box_of(KEY_B64);
    char out[SEO_SECRETBOX_SIZE];
    static const char *const bad[] = {
        "enc:v1:",
        "enc:v1:=",
        "enc:v1:AAAA",
        "enc:v1:not base64 at all!",
        "enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",     /* nonce and tag of zeros */
        "enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", /* stray bits */
        "enc:v1:\xff\xfe",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        strcpy(out, "unchanged");
        if (seo_secretbox_open(&box, "wh_one", bad[i], out, sizeof(out)) != -1)
            fail_msg("opened garbage %zu", i);
        assert_string_equal(out, "");
    }
    /* Too long to open into a small buffer, too long to seal, too small a buffer to seal into. */
    char sealed[SEO_SECRETBOX_SIZE], small[8];
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, sealed, sizeof(sealed)), 0);
    assert_int_equal(seo_secretbox_open(&box, "wh_one", sealed, small, sizeof(small)), -1);
    assert_string_equal(small, "");
    assert_int_equal(seo_secretbox_open(&box, "wh_one", SECRET, small, sizeof(small)), -1);
    char huge[SEO_SECRETBOX_MAX_PLAIN + 2];
    memset(huge, 'x', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", huge, sealed, sizeof(sealed)), -1);
    assert_string_equal(sealed, "");
    assert_int_equal(seo_secretbox_seal(&box, "wh_one", SECRET, small, sizeof(small)), -1);
    assert_string_equal(small, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys),      cmocka_unit_test(round_trip),
        cmocka_unit_test(wrong_key), cmocka_unit_test(wrong_endpoint),
        cmocka_unit_test(tampered),  cmocka_unit_test(plaintext_passthrough),
        cmocka_unit_test(garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
