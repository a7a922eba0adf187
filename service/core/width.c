/* Title width in Arial 20 px, from the Liberation Sans advance widths in width_table.h. */
#include "width.h"

#include "utf8.h"
#include "width_table.h"

#include <stdint.h>
#include <utf8proc.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* The font size Yoast and Google's result page measure titles at. */
#define SEO_WIDTH_FONT_PX 20

/* Advance of `cp` in font units: binary search over the sorted, disjoint ranges. */
static unsigned advance_of(int32_t cp)
{
    uint32_t c = (uint32_t)cp;
    size_t lo = 0, hi = COUNT(width_ranges);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < width_ranges[mid].first)
            hi = mid;
        else if (c > width_ranges[mid].last)
            lo = mid + 1;
        else
            return width_ranges[mid].advance;
    }
    /* Marks, format and control characters take no space when rendered; the font lacks them. */
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_CF ||
        cat == UTF8PROC_CATEGORY_CC)
        return 0;
    return SEO_WIDTH_DEFAULT_ADVANCE;
}

double seo_width_px(const char *s, size_t len)
{
    /* Sum in integer units and scale once, so the result does not depend on the order of rounding.
     */
    uint64_t units = 0;
    size_t i = 0;
    while (i < len)
        units += advance_of(seo_utf8_next(s, len, &i));
    return (double)units * SEO_WIDTH_FONT_PX / SEO_WIDTH_UNITS_PER_EM;
}
