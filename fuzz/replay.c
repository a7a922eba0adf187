/*
 * Replays fuzz inputs without libFuzzer: calls LLVMFuzzerTestOneInput once
 * per file named on the command line, or per regular file in each directory
 * named (not recursive, in name order so runs are repeatable). With gcc and
 * -DSEOPIPE_SANITIZE=ON this is the corpus regression test
 * (tests/CMakeLists.txt: fuzz/intake_replay).
 *
 * Exit status: 0 when every input ran, 1 when a file could not be read; a
 * violated invariant aborts inside the target.
 */
#include "driver.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Inputs larger than this are not fuzz inputs; refusing them bounds the allocation. */
#define MAX_INPUT_BYTES (16u * 1024u * 1024u)

/* Reads `path` whole and runs it; returns 0, or -1 after printing why it could not. */
static int run_file(const char *path)
{
    int rc = -1;
    unsigned char *data = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        perror(path);
        goto out;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > MAX_INPUT_BYTES) {
        fprintf(stderr, "%s: larger than %u bytes\n", path, MAX_INPUT_BYTES);
        goto out;
    }
    size_t size = (size_t)st.st_size;
    data = malloc(size ? size : 1);
    if (!data)
        abort();
    if (fread(data, 1, size, f) != size) {
        fprintf(stderr, "%s: short read\n", path);
        goto out;
    }
    fprintf(stderr, "replay %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(data, size);
    rc = 0;
out:
    free(data);
    if (f)
        fclose(f);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file directly in `dir`; returns the number that failed to run. */
static int run_dir(const char *dir)
{
    int failed = 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof(*names));
            if (!names)
                abort();
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            abort();
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && run_file(names[i]) != 0)
            failed++;
        free(names[i]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    int failed = 0, ran = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            failed++;
        } else if (S_ISDIR(st.st_mode)) {
            failed += run_dir(argv[i]);
        } else if (run_file(argv[i]) != 0) {
            failed++;
        }
        ran++;
    }
    fprintf(stderr, "replayed %d argument(s), %d failure(s)\n", ran, failed);
    return failed ? 1 : 0;
}
