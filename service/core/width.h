#ifndef SEO_WIDTH_H
#define SEO_WIDTH_H

#include <stddef.h>

/*
 * Rendered width of UTF-8 text in Arial Regular at 20 px, the way Google's
 * result page and Yoast's title check measure a title: the sum of the
 * advance widths of Liberation Sans (metric-compatible with Arial) times
 * 20 / 2048. The table is generated from the font by tools/gen-width-table.py.
 * Combining marks, format and control characters count 0; other code points
 * the table lacks count as the width of "n" (1139 units).
 */
double seo_width_px(const char *s, size_t len);

#endif
