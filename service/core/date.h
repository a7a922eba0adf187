#ifndef SEO_DATE_H
#define SEO_DATE_H

#include <stdbool.h>

/*
 * Normalises a date to ISO 8601 with a UTC offset, as search engines want:
 * "2026-03-04" -> "2026-03-04T00:00:00+00:00", "2026-03-04T09:00Z" ->
 * "2026-03-04T09:00:00+00:00", "2026-03-04 09:00:00+0100" ->
 * "2026-03-04T09:00:00+01:00". A date without an offset gets
 * `default_offset` ("+01:00"; NULL means "+00:00"). Fractions of a second
 * are dropped. Returns false, leaving `out` untouched, for anything that is
 * not a real calendar date and time.
 */
bool seo_date_iso8601(const char *in, const char *default_offset, char out[32]);

#endif
