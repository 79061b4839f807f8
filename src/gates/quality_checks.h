/* The operator's own F-05 checks: every *.sql of --quality-checks DIR,
 * read once for the gate (which runs them) and for `ingestgate doctor`
 * (which explains them, never runs them). */
#ifndef INGESTGATE_QUALITY_CHECKS_H
#define INGESTGATE_QUALITY_CHECKS_H

#include <stddef.h>

struct quality_check {
	char *name;		/* the file's name without ".sql" */
	char *sql;
	char *file;		/* DIR/NAME.sql, shown when it breaks */
};

/* The checks of dir sorted by name into *out (free with
 * quality_checks_free); 0, or -1 with *cause (caller frees) when the
 * folder or a file cannot be read or a file is empty. */
int quality_checks_load(const char *dir, struct quality_check **out,
    size_t *n, char **cause);
void quality_checks_free(struct quality_check *c, size_t n);

#endif
