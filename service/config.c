#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Every setting: its YAML path, its environment variable, where it lives and its bounds. */
struct setting {
    const char *yaml;
    const char *env;
    size_t offset;
    size_t size;
    unsigned long long min, max;
};

#define LIMIT(field)                                                                               \
    offsetof(struct seo_config, limits) + offsetof(struct seo_limits, field),                      \
        sizeof(((struct seo_limits *)0)->field)

static const struct setting settings[] = {
    {"limits.max_body_bytes", "SEOPIPE_MAX_BODY_BYTES", LIMIT(max_body_bytes), 1024, 64ull << 20},
    {"limits.max_faq_entries", "SEOPIPE_MAX_FAQ_ENTRIES", LIMIT(max_faq_entries), 1, 10000},
    {"limits.max_paragraphs", "SEOPIPE_MAX_PARAGRAPHS", LIMIT(max_paragraphs), 1, 1000000},
    {"limits.max_depth", "SEOPIPE_MAX_DEPTH", LIMIT(max_depth), 4, 512},
};

void seo_config_defaults(struct seo_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->limits = seo_limits_default();
}

static const struct setting *find_setting(const char *yaml_path)
{
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
        if (strcmp(settings[i].yaml, yaml_path) == 0)
            return &settings[i];
    return NULL;
}

/* Parses a whole decimal number within the setting's bounds and stores it. */
static int set_value(struct seo_config *cfg, const struct setting *s, const char *value,
                     const char *where, char *msg, size_t msg_size)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (!*value || *value == '-' || errno || !end || *end || v < s->min || v > s->max) {
        snprintf(msg, msg_size, "%s: %s must be a whole number from %llu to %llu, not \"%.40s\"",
                 where, s->yaml, s->min, s->max, value);
        return -1;
    }
    char *field = (char *)cfg + s->offset;
    if (s->size == sizeof(unsigned)) {
        unsigned u = (unsigned)v;
        memcpy(field, &u, sizeof(u));
    } else {
        size_t z = (size_t)v;
        memcpy(field, &z, sizeof(z));
    }
    return 0;
}

/* Walks a mapping node, joining keys with '.', and applies every scalar. */
static int apply_node(struct seo_config *cfg, yaml_document_t *doc, yaml_node_t *node,
                      const char *prefix, const char *path, char *msg, size_t msg_size)
{
    if (node->type == YAML_SCALAR_NODE) {
        const struct setting *s = find_setting(prefix);
        char where[512];
        snprintf(where, sizeof(where), "%s:%zu", path, (size_t)node->start_mark.line + 1);
        if (!s) {
            snprintf(msg, msg_size, "%s: unknown setting \"%s\"", where, prefix);
            return -1;
        }
        return set_value(cfg, s, (const char *)node->data.scalar.value, where, msg, msg_size);
    }
    if (node->type != YAML_MAPPING_NODE) {
        snprintf(msg, msg_size, "%s:%zu: \"%s\" must be a mapping or a value", path,
                 (size_t)node->start_mark.line + 1, *prefix ? prefix : "(top level)");
        return -1;
    }
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE) {
            snprintf(msg, msg_size, "%s: keys must be plain names", path);
            return -1;
        }
        char key[256];
        snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "",
                 (const char *)k->data.scalar.value);
        if (apply_node(cfg, doc, v, key, path, msg, msg_size) != 0)
            return -1;
    }
    return 0;
}

static int load_file(struct seo_config *cfg, const char *path, char *msg, size_t msg_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, msg_size, "%s: cannot open configuration: %s", path, strerror(errno));
        return -1;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = -1;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(msg, msg_size, "%s:%zu:%zu: invalid YAML: %s", path,
                 (size_t)parser.problem_mark.line + 1, (size_t)parser.problem_mark.column + 1,
                 parser.problem ? parser.problem : "unknown error");
        goto out_parser;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    rc = root ? apply_node(cfg, &doc, root, "", path, msg, msg_size) : 0;
    yaml_document_delete(&doc);
out_parser:
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

int seo_config_load(const char *path, struct seo_config *cfg, char *msg, size_t msg_size)
{
    if (!path)
        path = getenv("SEOPIPE_CONFIG");
    if (path && !*path)
        path = NULL; /* an empty variable is unset */
    if (!path) {
        FILE *probe = fopen("config/seopipe.yaml", "rb");
        if (probe) {
            fclose(probe);
            path = "config/seopipe.yaml";
        }
    }
    if (path && load_file(cfg, path, msg, msg_size) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
        const char *v = getenv(settings[i].env);
        if (v && *v && set_value(cfg, &settings[i], v, settings[i].env, msg, msg_size) != 0)
            return -1;
    }
    return 0;
}
