/* The env file reader of SPEC section 2: a .env file means what the Node
 * apps' dotenv package says it means (dotenv 18's parse(), the LINE regular
 * expression of its lib/main.js), including its surprises. A line dotenv
 * ignores is recorded with its number and never stops the lines after it;
 * a file with more than ENVFILE_MAX_IGNORED of them is not an env file. */
#ifndef INGESTGATE_ENVFILE_H
#define INGESTGATE_ENVFILE_H

#include <stddef.h>
#include <time.h>

/* More ignored lines than this: envfile_load refuses the file. */
#define ENVFILE_MAX_IGNORED 20

struct env_entry {
	char *key;
	char *value;
	unsigned line;
};

struct env_error {
	unsigned line;
	char *message;		/* never quotes the line: it may hold a secret */
};

struct envfile {
	char *path;			/* as given; NULL for parsed text */
	struct env_entry *entries;
	size_t n;
	struct env_error *errors;	/* the first ENVFILE_MAX_IGNORED + 1 */
	size_t nerrors;
	size_t nignored;		/* all of them, also past the ones kept */
	time_t mtime;			/* of the file, 0 for parsed text */
};

/* Parses text into out (which the caller frees with envfile_free). */
void envfile_parse(const char *data, size_t len, struct envfile *out);
/* envfile_load's answer for a file with more than ENVFILE_MAX_IGNORED
 * ignored lines: it was read, and it is not an env file. */
#define ENVFILE_NOT_ENV (-2)

/* Reads and parses a file; -1 with *cause (caller frees, one line) when it
 * cannot be read, ENVFILE_NOT_ENV with *cause when it has more than
 * ENVFILE_MAX_IGNORED ignored lines. */
int envfile_load(const char *path, struct envfile *out, char **cause);
/* The last value set for key, or NULL. */
const char *envfile_get(const struct envfile *ef, const char *key);
void envfile_free(struct envfile *ef);

#endif
