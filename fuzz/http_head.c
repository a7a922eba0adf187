/*
 * Fuzz target for the connection guard's request-head scanner
 * (service/guard.c): seo_http_head_scan() on arbitrary bytes, and for every
 * complete head with one valid Content-Length, seo_http_head_refuse() and a
 * scan of its output.
 *
 * Invariants (abort() when broken): a complete head ends right after a
 * newline and within the input; the refused head scans as complete, exactly
 * as long as it is, with a single Content-Length of 0 and no
 * Transfer-Encoding unless the original had one.
 */
#include "driver.h"

#include "guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_http_head: invariant violated: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct seo_http_head h;
    seo_http_head_scan(buf, size, &h);
    if (!h.end)
        return 0;
    if (h.end > size || buf[h.end - 1] != '\n')
        violated("head end is not just after a newline within the input");
    if (h.content_lengths != 1 || h.length_invalid)
        return 0;
    size_t n;
    char *refused = seo_http_head_refuse(buf, &h, "X-Refused-Test", &n);
    struct seo_http_head again;
    seo_http_head_scan(refused, n, &again);
    if (again.end != n)
        violated("the refused head does not scan as exactly one complete head");
    if (again.content_lengths != 1 || again.content_length != 0 || again.length_invalid)
        violated("the refused head does not declare exactly Content-Length: 0");
    if (again.transfer_encoding && !h.transfer_encoding)
        violated("the refused head gained a Transfer-Encoding");
    free(refused);
    return 0;
}
