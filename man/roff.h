/* Build-time helper shared by the man page generators (gen_gates, gen_keys):
 * text written into roff. */
#ifndef MAN_ROFF_H
#define MAN_ROFF_H

#include <stdio.h>

/* s for roff: '-' as \-, '\' as \e. */
void put_roff(FILE *out, const char *s);

#endif
