/* The parts of a rotated recording (session_parts.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_read.h"
#include "core/util.h"
#include "session/session_parts.h"

/* A header line is a few hundred bytes; more is not one of ours. */
#define HEADER_MAX 65536

/* The string of key in o, or NULL (session_read.c uses this file). */
static const char *
str_of(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

json_object *
session_part_header(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *cause = NULL;
	size_t cap = 0;
	ssize_t n;
	json_object *h = NULL;

	if (fp == NULL)
		return NULL;
	n = getline(&line, &cap, fp);
	fclose(fp);
	if (n > 0 && n < HEADER_MAX && json_read(line, (size_t)n, &h,
	    &cause) != 0) {
		free(cause);
		h = NULL;
	}
	free(line);
	if (h != NULL && (str_of(h, "kind") == NULL ||
	    strcmp(str_of(h, "kind"), "ingestgate-session") != 0)) {
		json_object_put(h);
		h = NULL;
	}
	return h;
}

/* A file name that stays in its folder. */
static int
plain_name(const char *name)
{
	return name != NULL && *name != '\0' && *name != '.' &&
	    strchr(name, '/') == NULL && strchr(name, '\\') == NULL;
}

static const char *
base_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b != NULL ? b + 1 : path;
}

/* name beside path. */
static char *
beside(const char *path, const char *name)
{
	const char *b = base_of(path);

	return xasprintf("%.*s%s", (int)(b - path), path, name);
}

/* The same key in the headers of a and b, both strings and equal. */
static int
same_str(json_object *a, json_object *b, const char *key)
{
	const char *x = str_of(a, key), *y = str_of(b, key);

	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

char *
session_part_first(const char *path)
{
	json_object *h = session_part_header(path), *fh = NULL;
	const char *first = str_of(h, "first");
	char *out = NULL;

	if (first != NULL && plain_name(first) &&
	    strcmp(first, base_of(path)) != 0) {
		out = beside(path, first);
		/* The first part of the same session: it names itself. */
		fh = session_part_header(out);
		if (fh == NULL || !same_str(h, fh, "first")) {
			free(out);
			out = NULL;
		}
	}
	json_object_put(h);
	json_object_put(fh);
	return out != NULL ? out : xstrdup(path);
}

char *
session_part_next(const char *path, const char *next)
{
	json_object *h = NULL, *mine = NULL;
	const char *prev;
	char *out;

	if (!plain_name(next))
		return NULL;
	out = beside(path, next);
	h = session_part_header(out);
	prev = str_of(h, "prev");
	mine = session_part_header(path);
	if (h == NULL || prev == NULL || strcmp(prev, base_of(path)) != 0 ||
	    !same_str(h, mine, "first")) {
		free(out);
		out = NULL;
	}
	json_object_put(h);
	json_object_put(mine);
	return out;
}

int
session_part_is_later(const char *path)
{
	char *first = session_part_first(path);
	int later = strcmp(first, path) != 0;

	free(first);
	return later;
}
