/* The characters a token or secret must not carry (SPEC section 3, F-00):
 * Unicode White_Space, Default_Ignorable_Code_Point, C0 and C1 controls.
 * The table is generated (build-aux/gen-hidden-chars.py, Unicode 15.0). */
#ifndef INGESTGATE_HIDDEN_CHARS_H
#define INGESTGATE_HIDDEN_CHARS_H

#include <stddef.h>

struct hidden_range {
	unsigned lo, hi;	/* inclusive */
};

struct hidden_name {
	unsigned cp;
	const char *name;
};

extern const struct hidden_range hidden_char_ranges[];
extern const size_t hidden_char_nranges;
extern const struct hidden_name hidden_char_names[];
extern const size_t hidden_char_nnames;

/* 1 when cp is one of them. */
int hidden_char(unsigned cp);
/* Its Unicode name (or a description) into buf; returns buf. */
const char *hidden_char_name(unsigned cp, char *buf, size_t len);

#endif
