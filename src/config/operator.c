/* The operator of a write: flag, config, $USER, $LOGNAME. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/operator.h"
#include "core/sanitize.h"

const char operator_how[] = "name the operator with --operator NAME, "
    "'operator = NAME' in the config file, or $USER";

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t")] == '\0';
}

int
operator_pick(const char *flag, const char *config, const char *user,
    const char *logname, char *out, size_t len)
{
	const char *const from[] = { flag, config, user, logname };
	char *clean;

	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
		if (blank(from[i]))
			continue;
		/* Whatever lands in the audit log or on screen is text. */
		clean = sanitize_text(from[i], len > 4 ? len - 4 : 1);
		if (!blank(clean)) {
			snprintf(out, len, "%s", clean);
			free(clean);
			return 0;
		}
		free(clean);
	}
	if (len > 0)
		*out = '\0';
	return -1;
}

int
operator_resolve(const char *flag, const char *config, char *out, size_t len)
{
	return operator_pick(flag, config, getenv("USER"), getenv("LOGNAME"),
	    out, len);
}
