/* Shared by the unit tests: reading fixtures from tests/fixtures/. */
#ifndef SEO_TEST_FIXTURE_H
#define SEO_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

/* Reads tests/fixtures/<name> whole; aborts the test binary when it is missing. Caller frees. */
static inline char *read_fixture(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", SEOPIPE_FIXTURES, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "missing fixture %s\n", path);
        abort();
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        abort();
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

#endif
