/* Reads the operator's F-05 checks (SPEC section 4, F-05): every *.sql of
 * a folder, sorted by name so that reports and doctor list them alike. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/util.h"
#include "gates/quality_checks.h"

#define MAX_SQL_SIZE (1024 * 1024)

static int
cmp_check(const void *a, const void *b)
{
	return strcmp(((const struct quality_check *)a)->name,
	    ((const struct quality_check *)b)->name);
}

static char *
read_sql(const char *path, char **cause)
{
	struct buf b;

	if (fileio_read(path, MAX_SQL_SIZE, &b, cause) != 0)
		return NULL;
	if (b.len == 0) {
		*cause = xasprintf("%s: empty", path);
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

void
quality_checks_free(struct quality_check *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free_all(c[i].name, c[i].sql, c[i].file);
	free(c);
}

int
quality_checks_load(const char *dir, struct quality_check **out, size_t *n,
    char **cause)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	*out = NULL;
	*n = 0;
	if (d == NULL) {
		*cause = xasprintf("--quality-checks %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *path, *sql;

		if (len <= 4 || strcmp(de->d_name + len - 4, ".sql") != 0 ||
		    de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		sql = read_sql(path, cause);
		if (sql == NULL) {
			free(path);
			closedir(d);
			quality_checks_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].name = xstrndup(de->d_name, len - 4);
		(*out)[*n].sql = sql;
		(*out)[*n].file = path;
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(*out, *n, sizeof **out, cmp_check);
	return 0;
}
