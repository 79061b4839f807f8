/* Strict whole-buffer JSON parsing with json-c's tokener. The tokener stops
 * at the end of the first document and says nothing of what follows; here
 * anything but whitespace after it is an error, and a cut-off text says so
 * instead of json-c's "continue". json_read_strict first holds the text to
 * RFC 8259 (json_strict.c), for the files the program reads back. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>

#include "core/json_read.h"
#include "core/json_strict.h"
#include "core/util.h"

/* The 1-based line of byte offset off in text. */
static size_t
line_of(const char *text, size_t len, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off && i < len; i++)
		line += text[i] == '\n';
	return line;
}

int
json_read(const char *text, size_t len, json_object **out, char **cause)
{
	json_tokener *tok;
	json_object *o;
	enum json_tokener_error e;
	size_t off;

	*out = NULL;
	if (len > INT_MAX) {
		*cause = xstrdup("line 1: text too large to parse");
		return -1;
	}
	if ((tok = json_tokener_new()) == NULL)
		fatal("out of memory");
	o = json_tokener_parse_ex(tok, text, (int)len);
	e = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (o == NULL && e == json_tokener_continue)
		off = len;
	if (o != NULL) {
		while (off < len && (text[off] == ' ' || text[off] == '\n' ||
		    text[off] == '\r' || text[off] == '\t'))
			off++;
	}
	if (o == NULL || off < len) {
		const char *why = json_tokener_error_desc(e);

		if (o != NULL)
			why = "text after the end of the document";
		else if (e == json_tokener_continue)
			why = "unexpected end of the text (truncated?)";
		else if (e == json_tokener_success)
			why = "the document is null";	/* no object to hand over */
		*cause = xasprintf("line %zu: %s", line_of(text, len, off), why);
		json_object_put(o);
		return -1;
	}
	*out = o;
	return 0;
}

int
json_read_strict(const char *text, size_t len, json_object **out,
    char **cause)
{
	*out = NULL;
	if (json_strict_check(text, len, cause) != 0)
		return -1;
	return json_read(text, len, out, cause);
}

const char *
json_read_str(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}
