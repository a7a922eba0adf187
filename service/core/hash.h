#ifndef SEO_HASH_H
#define SEO_HASH_H

#include "seopipe.h"

/*
 * The package's content_hash: "sha256:" and the hex SHA-256 of the canonical
 * input (the draft as read: NFC, trimmed, empty fields dropped, keys
 * in a fixed order), the effective site configuration and limits, the year used for
 * {year}, and the generator version. Equal hashes mean equal packages, so it
 * is the cache key.
 */
void seo_content_hash(const struct seo_result *r, const struct seo_options *opts, char out[72]);

#endif
