/* The dotenv reader of SPEC section 2: KEY=value lines with optional
 * "export ", quotes, comments, CRLF and a leading BOM. A bad line is recorded
 * with its number and never stops the lines after it. */
#ifndef INGESTGATE_ENVFILE_H
#define INGESTGATE_ENVFILE_H

#include <stddef.h>
#include <time.h>

struct env_entry {
	char *key;
	char *value;
	unsigned line;
};

struct env_error {
	unsigned line;
	char *message;
};

struct envfile {
	char *path;			/* as given; NULL for parsed text */
	struct env_entry *entries;
	size_t n;
	struct env_error *errors;
	size_t nerrors;
	time_t mtime;			/* of the file, 0 for parsed text */
};

/* Parses text into out (which the caller frees with envfile_free). */
void envfile_parse(const char *data, size_t len, struct envfile *out);
/* Reads and parses a file; -1 with *cause (caller frees) when it cannot be read. */
int envfile_load(const char *path, struct envfile *out, char **cause);
/* The last value set for key, or NULL. */
const char *envfile_get(const struct envfile *ef, const char *key);
void envfile_free(struct envfile *ef);

#endif
