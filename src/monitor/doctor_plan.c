/* Reads EXPLAIN (FORMAT JSON) into the reads of history tables and judges
 * each: bounded when it is an index range whose condition holds one of the
 * statement's parameters: $n in a generic plan, or the values the caller
 * planned with (doctor.c's probe values, chosen to be recognisable). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/json_read.h"
#include "core/util.h"
#include "monitor/doctor_plan.h"

static const char *
str_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* What the walk carries. */
struct walk {
	struct doctor_plan *p;
	const char *const *history;
	const char *const *marks;
};

static int
has_param(const char *cond, const char *const *marks)
{
	if (cond == NULL)
		return 0;
	for (const char *p = cond; *p != '\0'; p++)
		if (p[0] == '$' && isdigit((unsigned char)p[1]))
			return 1;
	for (size_t i = 0; marks != NULL && marks[i] != NULL; i++)
		if (strstr(cond, marks[i]) != NULL)
			return 1;
	return 0;
}

static int
in_list(const char *name, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static void
add_index(struct buf *b, const char *name)
{
	if (name != NULL)
		buf_addf(b, "%s%s", b->len > 0 ? ", " : "", name);
}

/* The bitmap index scans under a bitmap heap scan: their names, and
 * whether each range holds a parameter. */
static void
bitmap_walk(json_object *n, const char *const *marks, struct buf *idx,
    int *bounded)
{
	const char *type = str_of(n, "Node Type");
	json_object *kids;

	if (type != NULL && strcmp(type, "Bitmap Index Scan") == 0) {
		add_index(idx, str_of(n, "Index Name"));
		if (!has_param(str_of(n, "Index Cond"), marks))
			*bounded = 0;
	}
	if (json_object_object_get_ex(n, "Plans", &kids) &&
	    json_object_is_type(kids, json_type_array))
		for (size_t i = 0; i < json_object_array_length(kids); i++)
			bitmap_walk(json_object_array_get_idx(kids, i), marks,
			    idx, bounded);
}

static void
scan_add(struct walk *w, json_object *n, const char *type, const char *rel)
{
	struct doctor_plan *p = w->p;
	struct doctor_scan *s;
	struct buf idx = { 0 };

	p->scans = xreallocarray(p->scans, p->nscans + 1, sizeof *p->scans);
	s = &p->scans[p->nscans++];
	s->node = xstrdup(type);
	s->table = xstrdup(rel);
	s->bounded = 0;
	if (strcmp(type, "Bitmap Heap Scan") == 0) {
		s->bounded = 1;
		bitmap_walk(n, w->marks, &idx, &s->bounded);
	} else if (strcmp(type, "Index Scan") == 0 ||
	    strcmp(type, "Index Only Scan") == 0) {
		add_index(&idx, str_of(n, "Index Name"));
		s->bounded = has_param(str_of(n, "Index Cond"), w->marks);
	}
	s->index = idx.len > 0 ? buf_take(&idx) : NULL;
	buf_free(&idx);
}

static void
walk(struct walk *w, json_object *n)
{
	const char *type = str_of(n, "Node Type"), *rel;
	json_object *kids;

	rel = str_of(n, "Relation Name");
	if (type != NULL && rel != NULL && in_list(rel, w->history))
		scan_add(w, n, type, rel);
	if (json_object_object_get_ex(n, "Plans", &kids) &&
	    json_object_is_type(kids, json_type_array))
		for (size_t i = 0; i < json_object_array_length(kids); i++)
			walk(w, json_object_array_get_idx(kids, i));
}

int
doctor_plan_parse(const char *json, const char *const *history,
    const char *const *marks, struct doctor_plan *out, char **cause)
{
	json_object *doc, *top, *plan, *rows;
	struct walk w = { out, history, marks };

	memset(out, 0, sizeof *out);
	if (json_read(json, strlen(json), &doc, cause) != 0)
		return -1;
	top = json_object_is_type(doc, json_type_array) &&
	    json_object_array_length(doc) > 0 ?
	    json_object_array_get_idx(doc, 0) : NULL;
	if (top == NULL || !json_object_object_get_ex(top, "Plan", &plan) ||
	    !json_object_is_type(plan, json_type_object)) {
		*cause = xstrdup("not an EXPLAIN (FORMAT JSON) plan");
		json_object_put(doc);
		return -1;
	}
	if (json_object_object_get_ex(plan, "Plan Rows", &rows))
		out->rows = json_object_get_double(rows);
	walk(&w, plan);
	json_object_put(doc);
	return 0;
}

void
doctor_plan_free(struct doctor_plan *p)
{
	for (size_t i = 0; i < p->nscans; i++)
		free_all(p->scans[i].node, p->scans[i].table, p->scans[i].index);
	free(p->scans);
	memset(p, 0, sizeof *p);
}

int
doctor_plan_bounded(const struct doctor_plan *p)
{
	for (size_t i = 0; i < p->nscans; i++)
		if (!p->scans[i].bounded)
			return 0;
	return 1;
}

char *
doctor_plan_path(const struct doctor_plan *p)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < p->nscans; i++)
		buf_addf(&b, "%s%s on %s", i > 0 ? "; " : "", p->scans[i].node,
		    p->scans[i].table);
	if (b.len == 0)
		buf_adds(&b, "no history table");
	return buf_take(&b);
}

char *
doctor_plan_indexes(const struct doctor_plan *p)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < p->nscans; i++)
		if (p->scans[i].index != NULL && (b.len == 0 ||
		    strstr(b.data, p->scans[i].index) == NULL))
			add_index(&b, p->scans[i].index);
	return b.len > 0 ? buf_take(&b) : NULL;
}
