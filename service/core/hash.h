#ifndef SEO_HASH_H
#define SEO_HASH_H

#include "seopipe.h"

/*
 * The package's content_hash: "sha256:" and the hex SHA-256 of the canonical
 * input (the draft as read: NFC, trimmed, empty fields dropped, keys
 * in a fixed order), the effective site configuration and limits, the
 * current year when a site template shows {year} (`clock_year`, else 0: the
 * year of an undated draft), and the generator version. It needs only the
 * draft and its site (r->draft, r->site), so it is known before anything is
 * built. Equal hashes mean equal packages, so it is the cache key.
 */
void seo_content_hash(const struct seo_result *r, const struct seo_options *opts, int clock_year,
                      char out[72]);

/*
 * Folds one pulled FAQ source (its URL, its entries as kept, or its failure)
 * into `hash` in place: the hash of the previous hash and the source, so the
 * key changes with the remote data and with the order sources were added.
 */
void seo_content_hash_source(char hash[72], const struct seo_faq_source *s);

#endif
