/* The console entry point. */
#include "config.h"

#include <stdio.h>

#include "settings.h"
#include "ui/console.h"

int
console_run(const struct settings *s)
{
	(void)s;
	fputs("ingestgate: the console is not built yet; use 'ingestgate gate "
	    "NAME'\n", stderr);
	return 64;
}
