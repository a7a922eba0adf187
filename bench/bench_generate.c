/*
 * bench_generate: how long seopipe's pure core takes per article.
 *
 * usage: bench_generate [--iterations N] [--seconds S] [--batches B] [--json] FILE
 *
 * Reads FILE once, warms up, then times two things, each as B batches (default 5)
 * of at least N iterations (default 2000), with the batch size raised until all
 * batches together take at least S seconds (default 2):
 *   generate       seo_generate() + seo_result_free()
 *   generate+json  the same plus seo_result_json() and free()
 * and prints the median batch's microseconds per article (min and max beside it).
 * --json prints one JSON object instead, for bench/run.
 *
 * A benchmark, not a test: it is built with the project (SEOPIPE_BENCH) and run
 * by hand or by bench/run, never by ctest. Build it Release for real numbers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seopipe.h"

#define BENCH_MAX_BATCHES 64
#define BENCH_MAX_INPUT (64u * 1024u * 1024u)

struct bench_input {
    const char *name;
    char *data;
    size_t len;
};

struct bench_stats {
    double median_us;
    double min_us;
    double max_us;
    long per_batch;
};

/* Sink for output sizes, so the compiler cannot drop the work being timed. */
static volatile size_t bench_sink;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the whole file into a NUL-terminated buffer; caller frees *data. 0 on success. */
static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    if (!f) {
        fprintf(stderr, "bench_generate: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap >= BENCH_MAX_INPUT) {
                fprintf(stderr, "bench_generate: %s: larger than %u bytes\n", path,
                        BENCH_MAX_INPUT);
                goto out;
            }
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, cap);
            if (!grown)
                goto out;
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "bench_generate: %s: read failed: %s\n", path, strerror(errno));
                goto out;
            }
            break;
        }
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}

/* One article through the core; with_json also renders the package. 0 on success. */
static int run_once(const struct bench_input *in, const struct seo_options *opts, int with_json)
{
    struct seo_result result;
    struct seo_error err;
    if (seo_generate(in->data, in->len, opts, &result, &err) != SEO_OK) {
        fprintf(stderr, "bench_generate: %s: %s%s%s%s\n", in->name, err.message,
                err.field[0] ? " (field " : "", err.field, err.field[0] ? ")" : "");
        return -1;
    }
    size_t size = sizeof(result);
    if (with_json) {
        char *json = seo_result_json(&result);
        if (!json) {
            seo_result_free(&result);
            fprintf(stderr, "bench_generate: %s: seo_result_json failed\n", in->name);
            return -1;
        }
        size = strlen(json);
        free(json);
    }
    bench_sink += size;
    seo_result_free(&result);
    return 0;
}

/* Seconds for `iterations` runs, or a negative value on failure. */
static double time_runs(const struct bench_input *in, const struct seo_options *opts, int with_json,
                        long iterations)
{
    double t0 = now_seconds();
    for (long i = 0; i < iterations; i++) {
        if (run_once(in, opts, with_json) != 0)
            return -1.0;
    }
    return now_seconds() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * Times `batches` batches of at least `min_iterations` runs each, with the batch
 * size raised so that all of them take about `min_seconds`. 0 on success.
 */
static int measure(const struct bench_input *in, const struct seo_options *opts, int with_json,
                   long min_iterations, double min_seconds, int batches, struct bench_stats *out)
{
    /* Estimate the cost of one run from a short probe (at least 0.1 s or 50 runs). */
    long probe = 0;
    double probe_s = 0.0;
    while (probe < 50 || probe_s < 0.1) {
        double s = time_runs(in, opts, with_json, 10);
        if (s < 0)
            return -1;
        probe += 10;
        probe_s += s;
    }
    double per_run = probe_s / (double)probe;
    long per_batch = min_iterations;
    double wanted = min_seconds / (double)batches / per_run;
    if (wanted > (double)per_batch)
        per_batch = (long)wanted + 1;

    double us[BENCH_MAX_BATCHES];
    for (int b = 0; b < batches; b++) {
        double s = time_runs(in, opts, with_json, per_batch);
        if (s < 0)
            return -1;
        us[b] = s * 1e6 / (double)per_batch;
    }
    qsort(us, (size_t)batches, sizeof(us[0]), cmp_double);
    out->median_us = batches % 2 ? us[batches / 2] : (us[batches / 2 - 1] + us[batches / 2]) / 2;
    out->min_us = us[0];
    out->max_us = us[batches - 1];
    out->per_batch = per_batch;
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: bench_generate [--iterations N] [--seconds S] [--batches B] [--json] FILE\n"
          "  Times seo_generate (and seo_generate + seo_result_json) on FILE and prints\n"
          "  microseconds per article: the median of B batches (default 5) of at least N\n"
          "  iterations (default 2000), all batches together at least S seconds (default 2).\n",
          f);
}

/* Parses a positive number option value; 0 on success. */
static int parse_positive(const char *opt, const char *s, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !(v > 0) || v > max) {
        fprintf(stderr, "bench_generate: %s wants a number in (0, %g], got \"%s\"\n", opt, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    double iterations = 2000, seconds = 2, batches = 5;
    int as_json = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double *target = NULL, max = 0;
        if (strcmp(a, "--iterations") == 0) {
            target = &iterations;
            max = 1e9;
        } else if (strcmp(a, "--seconds") == 0) {
            target = &seconds;
            max = 3600;
        } else if (strcmp(a, "--batches") == 0) {
            target = &batches;
            max = BENCH_MAX_BATCHES;
        } else if (strcmp(a, "--json") == 0) {
            as_json = 1;
            continue;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "bench_generate: unknown option \"%s\"\n", a);
            usage(stderr);
            return 2;
        } else if (!path) {
            path = a;
            continue;
        } else {
            fprintf(stderr, "bench_generate: one FILE only\n");
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "bench_generate: %s needs a value\n", a);
            return 2;
        }
        if (parse_positive(a, argv[++i], max, target) != 0)
            return 2;
    }
    if (!path) {
        usage(stderr);
        return 2;
    }

    struct bench_input in = {.name = path};
    if (read_file(path, &in.data, &in.len) != 0)
        return 1;
    struct seo_options opts = seo_options_default();
    /* As a service worker runs: one stemmer cache for all the drafts it handles. */
    opts.stems = seo_stem_cache_new();
    struct bench_stats gen, gen_json;
    int rc = 1;

    /* Warm-up: caches, branch predictors, allocator pools, CPU clock. */
    if (time_runs(&in, &opts, 1, 200) < 0)
        goto out;
    if (measure(&in, &opts, 0, (long)iterations, seconds, (int)batches, &gen) != 0 ||
        measure(&in, &opts, 1, (long)iterations, seconds, (int)batches, &gen_json) != 0)
        goto out;

    if (as_json) {
        printf("{\"bytes\": %zu, \"batches\": %d, "
               "\"generate\": {\"us_per_article\": %.3f, \"min\": %.3f, \"max\": %.3f, "
               "\"per_batch\": %ld}, "
               "\"generate_json\": {\"us_per_article\": %.3f, \"min\": %.3f, \"max\": %.3f, "
               "\"per_batch\": %ld}}\n",
               in.len, (int)batches, gen.median_us, gen.min_us, gen.max_us, gen.per_batch,
               gen_json.median_us, gen_json.min_us, gen_json.max_us, gen_json.per_batch);
    } else {
        printf("seopipe %s, %s (%zu bytes), median of %d batches\n", SEOPIPE_VERSION, path, in.len,
               (int)batches);
        printf("  generate        %10.2f us/article  (min %.2f, max %.2f; %ld per batch)\n",
               gen.median_us, gen.min_us, gen.max_us, gen.per_batch);
        printf("  generate+json   %10.2f us/article  (min %.2f, max %.2f; %ld per batch)\n",
               gen_json.median_us, gen_json.min_us, gen_json.max_us, gen_json.per_batch);
    }
    rc = 0;
out:
    seo_stem_cache_free(opts.stems);
    free(in.data);
    return rc;
}
