/* Tests service/redis.c: Redis URLs. (The connection itself is tested against a real
   redis-server by tests/http/test_http.sh.) */
#include "redis.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static struct seo_redis_target parse_ok(const char *url)
{
    struct seo_redis_target t;
    char msg[200];
    if (seo_redis_url_parse(url, &t, msg, sizeof(msg)) != 0)
        fail_msg("%s: %s", url, msg);
    return t;
}

static void urls(void **state)
{
    (void)state;
    struct seo_redis_target t = parse_ok("redis://127.0.0.1:6380/2");
    assert_string_equal(t.host, "127.0.0.1");
    assert_int_equal(t.port, 6380);
    assert_int_equal(t.db, 2);
    assert_string_equal(t.path, "");
    t = parse_ok("redis://redis");
    assert_string_equal(t.host, "redis");
    assert_int_equal(t.port, 6379);
    assert_int_equal(t.db, 0);
    t = parse_ok("redis://cache.internal:7000/");
    assert_int_equal(t.port, 7000);
    t = parse_ok("redis://[::1]:7001/15");
    assert_string_equal(t.host, "::1");
    assert_int_equal(t.port, 7001);
    assert_int_equal(t.db, 15);
    t = parse_ok("unix:///run/redis/redis.sock");
    assert_string_equal(t.path, "/run/redis/redis.sock");
    assert_string_equal(t.host, "");
    t = parse_ok("unix:///tmp/r.sock?db=3");
    assert_string_equal(t.path, "/tmp/r.sock");
    assert_int_equal(t.db, 3);
}

static void credentials(void **state)
{
    (void)state;
    struct seo_redis_target t = parse_ok("redis://app:s%40cret@redis:6379/1");
    assert_string_equal(t.user, "app");
    assert_string_equal(t.password, "s@cret");
    t = parse_ok("redis://:only-password@redis");
    assert_string_equal(t.user, "");
    assert_string_equal(t.password, "only-password");
    t = parse_ok("redis://legacy@redis");
    assert_string_equal(t.user, "");
    assert_string_equal(t.password, "legacy");
}

static void refusals_say_what(void **state)
{
    (void)state;
    static const struct {
        const char *url, *says;
    } bad[] = {
        {"http://redis:6379", "redis:// or unix://"},
        {"redis://", "must name a host"},
        {"redis://:6379", "must name a host"},
        {"redis://redis:0", "port"},
        {"redis://redis:65536", "port"},
        {"redis://redis:63x79", "port"},
        {"redis://redis:6379/x", "database"},
        {"redis://redis:6379/-1", "database"},
        {"redis://re dis:6379", "must name a host"},
        {"redis://[::1:6379", "no closing ]"},
        {"redis://a:b%zz@redis", "badly escaped"},
        {"redis://a:b%00@redis", "badly escaped"},
        {"unix://relative.sock", "absolute socket path"},
        {"unix://", "absolute socket path"},
        {"unix:///tmp/r.sock?database=1", "?db=N"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct seo_redis_target t;
        memset(&t, 0x5a, sizeof(t));
        char msg[200] = "";
        assert_int_equal(seo_redis_url_parse(bad[i].url, &t, msg, sizeof(msg)), -1);
        if (!strstr(msg, bad[i].says))
            fail_msg("%s: \"%s\" does not say \"%s\"", bad[i].url, msg, bad[i].says);
        assert_int_equal(((unsigned char *)&t)[0], 0x5a); /* untouched on failure */
    }
    /* The password never appears in a message. */
    char msg[200];
    struct seo_redis_target t;
    assert_int_equal(seo_redis_url_parse("redis://u:hunter2@redis:99999", &t, msg, sizeof(msg)),
                     -1);
    assert_null(strstr(msg, "hunter2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(urls),
        cmocka_unit_test(credentials),
        cmocka_unit_test(refusals_say_what),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
