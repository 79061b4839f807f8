/* Text written into roff for the man page generators. */
#include "config.h"

#include "roff.h"

void
put_roff(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '-')
			fputs("\\-", out);
		else if (*s == '\\')
			fputs("\\e", out);
		else
			fputc(*s, out);
}
