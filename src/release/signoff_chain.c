/* The sign-off chain file, signoffs.jsonl: parsing and verifying its
 * lines (the hash chain and the line signatures) and rendering a new line
 * to append. The append itself, under the lock, is signoff_record.c's. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/signoff.h"
#include "release/signoff_int.h"
#include "core/util.h"

static const char *const line_skip[] = { "keyId", "signature", NULL };

void
signoff_chain_free(struct signoff_chain *c)
{
	for (size_t i = 0; i < c->n; i++)
		signoff_entry_free(&c->e[i]);
	free(c->e);
	memset(c, 0, sizeof *c);
}

/* A string member, NULL for JSON null; -1 when absent or of another type
 * (or null where null is not allowed). */
static int
get_str(json_object *o, const char *key, int nullable, char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return -1;
	if (v == NULL)
		return nullable ? 0 : -1;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = xstrdup(json_object_get_string(v));
	return 0;
}

static int
is_hex64(const char *s)
{
	if (s == NULL || strlen(s) != INTEGRITY_HEX_LEN)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* One line into e; -1 with *why. */
static int
entry_parse(const char *line, size_t len, struct signoff_entry *e,
    char **why)
{
	static const char *const fields[] = { "at", "by", "as", "evidence",
	    "sha256", "decision", "action" };
	json_object *o = NULL;
	char *action = NULL, *cause = NULL;
	int ret = -1;

	memset(e, 0, sizeof *e);
	if (integrity_parse(line, len, &o, &cause) != 0) {
		*why = xasprintf("not valid JSON (%s)", cause + strlen("line 1: "));
		free(cause);
		return -1;
	}
	if (!json_object_is_type(o, json_type_object)) {
		*why = xstrdup("not a JSON object");
		goto out;
	}
	for (size_t i = 0; i < nitems(fields); i++) {
		json_object *v;

		if (!json_object_object_get_ex(o, fields[i], &v) || v == NULL ||
		    !json_object_is_type(v, json_type_string)) {
			*why = xasprintf("field \"%s\" missing or not a string",
			    fields[i]);
			goto out;
		}
	}
	if (get_str(o, "at", 0, &e->at) || get_str(o, "by", 0, &e->by) ||
	    get_str(o, "as", 0, &e->as) || get_str(o, "note", 1, &e->note) ||
	    get_str(o, "evidence", 0, &e->evidence) ||
	    get_str(o, "sha256", 0, &e->sha256) ||
	    get_str(o, "decision", 0, &e->decision) ||
	    get_str(o, "action", 0, &action) ||
	    get_str(o, "prev", 1, &e->prev) ||
	    get_str(o, "keyId", 1, &e->key_id) ||
	    get_str(o, "signature", 1, &e->signature)) {
		*why = xstrdup("fields note, prev, keyId and signature must be "
		    "present (string or null)");
		goto out;
	}
	if (signoff_action_parse(action, &e->action) != 0) {
		*why = xasprintf("unknown action \"%s\"", action);
		goto out;
	}
	if (!is_hex64(e->sha256) || (e->prev != NULL && !is_hex64(e->prev))) {
		*why = xstrdup("sha256 or prev is not a SHA-256 hex digest");
		goto out;
	}
	if ((e->signature == NULL) != (e->key_id == NULL)) {
		*why = xstrdup("keyId and signature must both be set or both null");
		goto out;
	}
	ret = 0;
out:
	if (ret == 0) {
		/* Kept for the signature check below. */
		char hex[INTEGRITY_HEX_LEN + 1];

		/* e->hash carries the canonical digest to the caller, which
		 * checks the signature with it and then stores the line hash. */
		integrity_digest(o, line_skip, hex);
		memcpy(e->hash, hex, sizeof hex);
	}
	json_object_put(o);
	free(action);
	if (ret != 0)
		signoff_entry_free(e);
	return ret;
}

int
signoff_chain_parse(const char *text, size_t len, const char *path,
    const struct integrity_key *pub, int require_signed,
    struct signoff_chain *out, char **cause)
{
	const char *p = text, *end = text + len;
	const char *prev = NULL;
	unsigned lineno = 0;

	memset(out, 0, sizeof *out);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct signoff_entry e;
		char *why = NULL, canon[INTEGRITY_HEX_LEN + 1];

		lineno++;
		if (nl == NULL) {
			/* A write cut short by a crash or a full disk: not a
			 * line of the chain; the next sign-off sets it aside. */
			out->torn = (size_t)(end - p);
			break;
		}
		if (entry_parse(p, (size_t)(nl - p), &e, &why) != 0) {
			*cause = xasprintf("%s:%u: %s", path, lineno, why);
			free(why);
			return -1;
		}
		memcpy(canon, e.hash, sizeof canon);
		integrity_sha256_hex(p, (size_t)(nl - p), e.hash);
		e.line = lineno;
		if (prev == NULL && e.prev != NULL) {
			*cause = xasprintf("%s:%u: chain broken: the first line "
			    "points to a previous line (lines before it were "
			    "removed)", path, lineno);
			signoff_entry_free(&e);
			return -1;
		}
		if (prev != NULL && (e.prev == NULL || strcmp(prev, e.prev) != 0)) {
			*cause = xasprintf("%s:%u: chain broken: prev does not match "
			    "the hash of line %u (line %u was changed, or a line "
			    "was removed or inserted before line %u)", path, lineno,
			    lineno - 1, lineno - 1, lineno);
			signoff_entry_free(&e);
			return -1;
		}
		if (e.signature != NULL && pub != NULL) {
			if (strcmp(e.key_id, integrity_key_id(pub)) != 0 ||
			    !integrity_check_sig(pub, canon, e.signature)) {
				*cause = xasprintf("%s:%u: the line's signature "
				    "does not hold for key %s (the line was "
				    "changed or signed by another key)", path,
				    lineno, integrity_key_id(pub));
				signoff_entry_free(&e);
				return -1;
			}
			out->checked_sigs++;
		} else if (e.signature == NULL) {
			if (pub != NULL && require_signed) {
				*cause = xasprintf("%s:%u: the line is not signed, "
				    "but a signature by key %s was required", path,
				    lineno, integrity_key_id(pub));
				signoff_entry_free(&e);
				return -1;
			}
			out->unsigned_lines++;
		}
		out->e = xreallocarray(out->e, out->n + 1, sizeof *out->e);
		out->e[out->n++] = e;
		prev = out->e[out->n - 1].hash;
		p = nl + 1;
	}
	return 0;
}

int
signoff_chain_read(const char *path, const struct integrity_key *pub,
    int require_signed, struct signoff_chain *out, char **cause)
{
	struct buf b;
	char *why = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (fileio_read_own(path, SIGNOFF_MAX_FILE, &b, &why) != 0) {
		*cause = xasprintf("cannot read %s", why);
		free(why);
		return -1;
	}
	r = signoff_chain_parse(b.data, b.len, path, pub, require_signed, out,
	    cause);
	buf_free(&b);
	return r;
}

/* The line's text (no newline); caller frees. */
char *
signoff_line_render(const char *at, const struct signoff_request *req,
    const char *note, const struct signoff_evidence *ev, const char *prev,
    const struct integrity_key *key)
{
	json_object *o = json_object_new_object();
	char hex[INTEGRITY_HEX_LEN + 1], *b64 = NULL, *cause = NULL, *s;

	json_object_object_add(o, "at", json_object_new_string(at));
	json_object_object_add(o, "by", json_object_new_string(req->by));
	json_object_object_add(o, "as", json_object_new_string(req->as));
	/* The account that recorded it, beside the person who signs. */
	if (req->operator_name != NULL)
		json_object_object_add(o, "operator",
		    json_object_new_string(req->operator_name));
	json_object_object_add(o, "note", note != NULL ?
	    json_object_new_string(note) : NULL);
	json_object_object_add(o, "evidence", json_object_new_string(ev->path));
	json_object_object_add(o, "sha256", json_object_new_string(ev->sha256));
	json_object_object_add(o, "decision", json_object_new_string(ev->decision));
	json_object_object_add(o, "action",
	    json_object_new_string(signoff_action_name(req->action)));
	json_object_object_add(o, "prev", prev != NULL ?
	    json_object_new_string(prev) : NULL);
	if (key != NULL) {
		integrity_digest(o, line_skip, hex);
		if (integrity_sign(key, hex, &b64, &cause) != 0)
			fatal("%s", cause);
	}
	json_object_object_add(o, "keyId", key != NULL ?
	    json_object_new_string(integrity_key_id(key)) : NULL);
	json_object_object_add(o, "signature", b64 != NULL ?
	    json_object_new_string(b64) : NULL);
	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	free(b64);
	json_object_put(o);
	return s;
}
