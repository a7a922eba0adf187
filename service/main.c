/*
 * seopipe command line: `seopipe generate [--format F] [--config FILE] [FILE|-]`
 * reads one draft and prints its package JSON. Exit 0 on success, 2 on bad
 * input or usage (one line on stderr saying what and where), 1 on I/O failure.
 */
#include "config.h"
#include "http.h"
#include "seopipe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXIT_BAD_INPUT = 2 };

static void usage(FILE *out)
{
    fputs(
        "usage: seopipe generate [--format auto|json|markdown|html|text] [--config FILE] [FILE|-]\n"
        "       seopipe serve [--config FILE]\n"
        "       seopipe --version\n"
        "generate reads one draft (a JSON draft, or a Markdown, HTML or plain-text document) from\n"
        "FILE or standard input and prints its SEO package as JSON; serve runs the HTTP API.\n",
        out);
}

/*
 * Reads at most `limit` bytes; reading one more means the input is too large,
 * so an oversized draft is refused without holding all of it in memory.
 * Returns 0, 1 on I/O error, 2 when over the limit.
 */
static int read_bounded(FILE *f, size_t limit, char **data, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return 1;
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                return 2;
            }
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                return 1;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > limit) {
            free(buf);
            return 2;
        }
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return 1;
            }
            break;
        }
    }
    *data = buf;
    *len = n;
    return 0;
}

/* Loads the configuration over the defaults; on failure prints why, frees it and returns -1. */
static int load_config(const char *path, struct seo_config *cfg)
{
    char msg[512];
    seo_config_defaults(cfg);
    if (seo_config_load(path, cfg, msg, sizeof(msg)) == 0)
        return 0;
    fprintf(stderr, "seopipe: %s\n", msg);
    seo_config_free(cfg);
    return -1;
}

static int run_generate(const char *file, const struct seo_config *cfg,
                        struct seo_options *opts_in);

static int cmd_generate(int argc, char **argv)
{
    struct seo_options opts = seo_options_default();
    const char *file = NULL, *config_path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (!seo_format_parse(argv[++i], &opts.format)) {
                fprintf(
                    stderr,
                    "seopipe: unknown --format \"%s\" (use auto, json, markdown, html or text)\n",
                    argv[i]);
                return EXIT_BAD_INPUT;
            }
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "seopipe: unknown option \"%s\" (see seopipe --help)\n", argv[i]);
            return EXIT_BAD_INPUT;
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "seopipe: generate takes one FILE, got \"%s\" and \"%s\"\n", file,
                    argv[i]);
            return EXIT_BAD_INPUT;
        }
    }
    struct seo_config cfg;
    if (load_config(config_path, &cfg) != 0)
        return EXIT_BAD_INPUT;
    int rc = run_generate(file, &cfg, &opts);
    seo_config_free(&cfg);
    return rc;
}

/* Reads the draft, generates, prints. */
static int run_generate(const char *file, const struct seo_config *cfg, struct seo_options *opts_in)
{
    struct seo_options opts = *opts_in;
    opts.limits = cfg->limits;
    opts.sites = cfg->sites;
    opts.n_sites = cfg->n_sites;
    opts.default_site = cfg->default_site;
    opts.now = (long long)time(NULL);

    const char *name = file && strcmp(file, "-") != 0 ? file : "<stdin>";
    FILE *in = file && strcmp(file, "-") != 0 ? fopen(file, "rb") : stdin;
    if (!in) {
        fprintf(stderr, "seopipe: %s: cannot open: %s\n", name, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    char *data = NULL;
    size_t len = 0;
    /* The bound of a whole JSON draft; the core checks the body itself against max_body_bytes. */
    size_t limit = seo_draft_max_input(&opts.limits);
    int rc = read_bounded(in, limit, &data, &len);
    if (in != stdin)
        fclose(in);
    if (rc == 2) {
        fprintf(stderr,
                "seopipe: %s: the draft is larger than the limit of %zu bytes for a whole draft "
                "(%d x limits.max_body_bytes)\n",
                name, limit, SEO_DRAFT_JSON_FACTOR);
        return EXIT_BAD_INPUT;
    }
    if (rc != 0) {
        fprintf(stderr, "seopipe: %s: read failed: %s\n", name, strerror(errno));
        return 1;
    }

    struct seo_result result;
    struct seo_error err;
    if (seo_generate(data, len, &opts, &result, &err) != SEO_OK) {
        fprintf(stderr, "seopipe: %s: %s%s%s%s\n", name, err.message,
                err.field[0] ? " (field " : "", err.field, err.field[0] ? ")" : "");
        free(data);
        return EXIT_BAD_INPUT;
    }
    char *json = seo_result_json(&result);
    int out_rc = puts(json) == EOF || fflush(stdout) != 0 ? 1 : 0;
    free(json);
    seo_result_free(&result);
    free(data);
    return out_rc;
}

/* `seopipe serve [--config FILE]`: the HTTP API until SIGTERM or SIGINT. */
static int cmd_serve(int argc, char **argv)
{
    const char *config_path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(
                "usage: seopipe serve [--config FILE]\n"
                "Serves the HTTP API (openapi.yaml) on SEOPIPE_LISTEN (default 127.0.0.1:8080).\n",
                stdout);
            return 0;
        } else {
            fprintf(stderr, "seopipe: serve: unknown argument \"%s\" (see seopipe serve --help)\n",
                    argv[i]);
            return EXIT_BAD_INPUT;
        }
    }
    struct seo_config cfg;
    if (load_config(config_path, &cfg) != 0)
        return EXIT_BAD_INPUT;
    int rc = seo_http_serve(&cfg);
    seo_config_free(&cfg);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return cmd_serve(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "generate") == 0)
        return cmd_generate(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("seopipe %s (output revision %d)\n", SEOPIPE_VERSION, SEO_OUTPUT_REVISION);
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return EXIT_BAD_INPUT;
}
