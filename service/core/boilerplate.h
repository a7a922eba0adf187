#ifndef SEO_BOILERPLATE_H
#define SEO_BOILERPLATE_H

#include "doc.h"

/*
 * Navigation and boilerplate text is not content: "Skip Navigation", "Go to",
 * "Enter K977 in the search box…", share and print links, cookie notices,
 * copyright lines and the legal footers of health and government sites.
 */

/* True when the plain text of one block or list item is boilerplate. */
bool seo_boilerplate_text(const char *text);

/*
 * Removes boilerplate blocks and list items from `doc`, then the headings and
 * lead-in questions ("Where can you learn more?") whose only content was
 * boilerplate. Returns the number of blocks removed.
 */
size_t seo_boilerplate_clean(struct seo_document *doc);

#endif
