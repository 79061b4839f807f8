/* The delta encoding of recorded frames (session_delta.h): objects key by
 * key, arrays that slide (history) as drop-and-append, anything else
 * replaced whole. */
#include "config.h"

#include <string.h>

#include "core/util.h"
#include "session/session_delta.h"

#define DEL_KEY "~del"
#define ARR_KEY "~a"

json_object *
session_copy(json_object *o)
{
	json_object *c = NULL;

	if (o == NULL)
		return NULL;
	if (json_object_deep_copy(o, &c, NULL) != 0)
		fatal("cannot copy a frame (out of memory?)");
	return c;
}

/* cur is prev without its first `drop` elements and with more at its end:
 * the drop (>= 0), or -1 when it is not. */
static int
array_slide(json_object *prev, json_object *cur)
{
	size_t np = json_object_array_length(prev);
	size_t nc = json_object_array_length(cur);

	for (size_t drop = 0; drop <= np; drop++) {
		size_t keep = np - drop, i;

		if (keep > nc)
			continue;
		for (i = 0; i < keep; i++)
			if (!json_object_equal(json_object_array_get_idx(prev,
			    drop + i), json_object_array_get_idx(cur, i)))
				break;
		if (i == keep)
			return (int)drop;
	}
	return -1;
}

static json_object *
encode_array(json_object *prev, json_object *cur)
{
	int drop = array_slide(prev, cur);
	size_t keep, nc = json_object_array_length(cur);
	json_object *d, *pair, *added;

	/* Worth it only when it keeps something. */
	if (drop < 0 || (keep = json_object_array_length(prev) - (size_t)drop)
	    == 0)
		return session_copy(cur);
	added = json_object_new_array();
	for (size_t i = keep; i < nc; i++)
		json_object_array_add(added,
		    session_copy(json_object_array_get_idx(cur, i)));
	pair = json_object_new_array();
	json_object_array_add(pair, json_object_new_int(drop));
	json_object_array_add(pair, added);
	d = json_object_new_object();
	json_object_object_add(d, ARR_KEY, pair);
	return d;
}

/* The delta of one value; NULL when equal. */
static json_object *
encode_value(json_object *prev, json_object *cur)
{
	if (prev != NULL && json_object_equal(prev, cur))
		return NULL;
	if (prev == NULL || cur == NULL ||
	    json_object_get_type(prev) != json_object_get_type(cur))
		return session_copy(cur);
	if (json_object_is_type(cur, json_type_object))
		return session_delta_encode(prev, cur);
	if (json_object_is_type(cur, json_type_array))
		return encode_array(prev, cur);
	return session_copy(cur);
}

json_object *
session_delta_encode(json_object *prev, json_object *cur)
{
	json_object *d = json_object_new_object(), *del = NULL, *v;

	if (prev == NULL || !json_object_is_type(prev, json_type_object)) {
		json_object_put(d);
		return session_copy(cur);
	}
	json_object_object_foreach(cur, key, val) {
		json_object *pv = NULL;
		int had = json_object_object_get_ex(prev, key, &pv);

		if (had && pv == NULL && val == NULL)
			continue;
		if (!had || pv == NULL || val == NULL)
			v = session_copy(val);
		else if ((v = encode_value(pv, val)) == NULL)
			continue;
		/* A nested object that did not change at all is left out;
		 * an object value that replaced a null is a whole copy. */
		json_object_object_add(d, key, v);
	}
	json_object_object_foreach(prev, pkey, pval) {
		(void)pval;
		if (json_object_object_get_ex(cur, pkey, NULL))
			continue;
		if (del == NULL)
			del = json_object_new_array();
		json_object_array_add(del, json_object_new_string(pkey));
	}
	if (del != NULL)
		json_object_object_add(d, DEL_KEY, del);
	return d;
}

static int apply_into(json_object *target, json_object *delta, char **cause);

int
session_delta_apply_into(json_object *target, json_object *delta,
    char **cause)
{
	if (delta == NULL || !json_object_is_type(delta, json_type_object) ||
	    !json_object_is_type(target, json_type_object)) {
		*cause = xstrdup("a frame that is not an object");
		return -1;
	}
	return apply_into(target, delta, cause);
}

/* An array delta {"~a":[drop,[added...]]} onto old, in place. */
static int
apply_slide(json_object *old, json_object *pair, char **cause)
{
	json_object *added;
	int drop;

	if (!json_object_is_type(pair, json_type_array) ||
	    json_object_array_length(pair) != 2) {
		*cause = xstrdup("an array delta that is not a pair");
		return -1;
	}
	drop = json_object_get_int(json_object_array_get_idx(pair, 0));
	added = json_object_array_get_idx(pair, 1);
	if (drop < 0 || (size_t)drop > json_object_array_length(old) ||
	    !json_object_is_type(added, json_type_array)) {
		*cause = xstrdup("an array delta that does not fit");
		return -1;
	}
	if (drop > 0)
		json_object_array_del_idx(old, 0, (size_t)drop);
	for (size_t i = 0; i < json_object_array_length(added); i++)
		json_object_array_add(old,
		    session_copy(json_object_array_get_idx(added, i)));
	return 0;
}

/* Applies delta onto target in place: nested objects are patched where
 * they are (never copied), a sliding array loses its front and gains its
 * end where it is, anything else is replaced by a copy. */
static int
apply_into(json_object *target, json_object *delta, char **cause)
{
	json_object *del;

	if (json_object_object_get_ex(delta, DEL_KEY, &del)) {
		if (!json_object_is_type(del, json_type_array)) {
			*cause = xstrdup("\"~del\" is not a list");
			return -1;
		}
		for (size_t i = 0; i < json_object_array_length(del); i++) {
			const char *k = json_object_get_string(
			    json_object_array_get_idx(del, i));

			if (k != NULL)
				json_object_object_del(target, k);
		}
	}
	json_object_object_foreach(delta, key, dv) {
		json_object *old = NULL, *pair;
		int had;

		if (strcmp(key, DEL_KEY) == 0)
			continue;
		had = json_object_object_get_ex(target, key, &old);
		if (dv != NULL && json_object_is_type(dv, json_type_object) &&
		    json_object_object_get_ex(dv, ARR_KEY, &pair)) {
			if (!had || old == NULL ||
			    !json_object_is_type(old, json_type_array)) {
				*cause = xstrdup("an array delta on no array");
				return -1;
			}
			if (apply_slide(old, pair, cause) != 0)
				return -1;
			continue;
		}
		if (dv != NULL && json_object_is_type(dv, json_type_object) &&
		    had && old != NULL &&
		    json_object_is_type(old, json_type_object)) {
			if (apply_into(old, dv, cause) != 0)
				return -1;
			continue;
		}
		json_object_object_add(target, key, session_copy(dv));
	}
	return 0;
}

json_object *
session_delta_apply(json_object *prev, json_object *delta, char **cause)
{
	json_object *n;

	if (delta == NULL || !json_object_is_type(delta, json_type_object)) {
		*cause = xstrdup("a frame that is not an object");
		return NULL;
	}
	n = prev != NULL ? session_copy(prev) : json_object_new_object();
	if (apply_into(n, delta, cause) != 0) {
		json_object_put(n);
		return NULL;
	}
	return n;
}
