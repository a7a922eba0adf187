/*
 * Fuzz target for the Redis URL parser (service/redis.c,
 * seo_redis_url_parse): arbitrary bytes as a NUL-terminated URL.
 *
 * Invariants (abort() when broken): a parsed URL names a socket path
 * (absolute) or a host with a port in 1..65535, a database >= 0, and every
 * string is NUL-terminated inside its field; a refusal has a message.
 */
#include "driver.h"

#include "redis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_redis_url: invariant violated: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *url = malloc(size + 1);
    if (!url)
        abort();
    memcpy(url, data, size);
    url[size] = '\0';
    struct seo_redis_target t;
    char msg[200] = "";
    if (seo_redis_url_parse(url, &t, msg, sizeof(msg)) == 0) {
        if (!memchr(t.host, '\0', sizeof(t.host)) || !memchr(t.path, '\0', sizeof(t.path)) ||
            !memchr(t.user, '\0', sizeof(t.user)) || !memchr(t.password, '\0', sizeof(t.password)))
            violated("a field is not NUL-terminated");
        if (t.path[0] ? t.path[0] != '/' : (!t.host[0] || t.port < 1 || t.port > 65535))
            violated("neither an absolute socket path nor a host and port");
        if (t.db < 0)
            violated("negative database");
    } else if (!msg[0]) {
        violated("a refusal without a message");
    }
    free(url);
    return 0;
}
