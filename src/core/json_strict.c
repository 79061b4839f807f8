/* The RFC 8259 gate in front of json-c for files we read back (evidence,
 * batch status, sign-off lines, reports). json-c is lenient where a
 * verifier must not be: it keeps the last of duplicate keys, cuts a key at
 * \u0000, accepts comments, single quotes, NaN, trailing commas and more.
 * Here the text is walked once by the grammar of RFC 8259 (and I-JSON's
 * rule against lone surrogates); what passes means one thing to every
 * reader, json-c, jq and Python alike. No I/O, no allocation beyond the
 * keys of the object being checked. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_strict.h"
#include "core/util.h"

/* Deeper than any document of ours; json-c itself stops at 32. */
#define STRICT_MAX_DEPTH 64

struct scan {
	const unsigned char *s;
	size_t len, pos;
	const char *why;	/* static text of the first error */
	size_t at;		/* its offset */
};

/* One decoded key of the object being checked (no NUL inside). */
struct key {
	char *bytes;
	size_t len;
};

static int
fail_at(struct scan *sc, size_t at, const char *why)
{
	if (sc->why == NULL) {
		sc->why = why;
		sc->at = at;
	}
	return -1;
}

static void
skip_ws(struct scan *sc)
{
	while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' ||
	    sc->s[sc->pos] == '\t' || sc->s[sc->pos] == '\n' ||
	    sc->s[sc->pos] == '\r'))
		sc->pos++;
}

static int
hex4(struct scan *sc, unsigned *out)
{
	unsigned v = 0;

	if (sc->len - sc->pos < 4)
		return fail_at(sc, sc->pos, "a \\u escape needs four hex digits");
	for (int i = 0; i < 4; i++) {
		unsigned char c = sc->s[sc->pos++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return fail_at(sc, sc->pos - 1, "a \\u escape needs "
			    "four hex digits");
	}
	*out = v;
	return 0;
}

/* Appends code point cp as UTF-8 to b (keys only). */
static void
add_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

/* One \u escape (after "\u"), a surrogate pair taken whole. */
static int
escape_u(struct scan *sc, unsigned *cp)
{
	size_t at = sc->pos - 2;
	unsigned lo;

	if (hex4(sc, cp) != 0)
		return -1;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return fail_at(sc, at, "a lone low surrogate escape");
	if (*cp < 0xd800 || *cp > 0xdbff)
		return 0;
	if (sc->len - sc->pos < 2 || sc->s[sc->pos] != '\\' ||
	    sc->s[sc->pos + 1] != 'u')
		return fail_at(sc, at, "a lone high surrogate escape");
	sc->pos += 2;
	if (hex4(sc, &lo) != 0)
		return -1;
	if (lo < 0xdc00 || lo > 0xdfff)
		return fail_at(sc, at, "a lone high surrogate escape");
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

/* The length of the well-formed UTF-8 sequence at p (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF); 0 if there is
 * none. */
static size_t
utf8_len(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (left < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* A string (at its '"'); with key non-NULL, its decoded bytes. */
static int
string(struct scan *sc, struct buf *key)
{
	size_t start = sc->pos++;

	for (;;) {
		unsigned char c;
		size_t n;

		if (sc->pos >= sc->len)
			return fail_at(sc, start, "a string without its "
			    "closing quote");
		c = sc->s[sc->pos];
		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return fail_at(sc, sc->pos, "a control character "
			    "inside a string (it must be escaped)");
		if (c == '\\') {
			unsigned cp;
			const char *simple = "\"\\/bfnrt", *out = "\"\\/\b\f\n\r\t";
			const char *hit;

			if (++sc->pos >= sc->len)
				return fail_at(sc, start, "a string without its "
				    "closing quote");
			c = sc->s[sc->pos++];
			if (c == 'u') {
				if (escape_u(sc, &cp) != 0)
					return -1;
				if (key != NULL && cp == 0)
					return fail_at(sc, sc->pos - 6, "NUL "
					    "(\\u0000) in a key");
				if (key != NULL)
					add_utf8(key, cp);
				continue;
			}
			if (c == '\0' || (hit = strchr(simple, c)) == NULL)
				return fail_at(sc, sc->pos - 2, "an escape "
				    "JSON does not have");
			if (key != NULL)
				buf_addc(key, out[hit - simple]);
			continue;
		}
		n = c < 0x80 ? 1 : utf8_len(sc->s + sc->pos, sc->len - sc->pos);
		if (n == 0)
			return fail_at(sc, sc->pos, "a byte that is not UTF-8");
		if (key != NULL)
			buf_add(key, sc->s + sc->pos, n);
		sc->pos += n;
	}
}

static int
digits(struct scan *sc)
{
	size_t start = sc->pos;

	while (sc->pos < sc->len && sc->s[sc->pos] >= '0' &&
	    sc->s[sc->pos] <= '9')
		sc->pos++;
	return sc->pos > start ? 0 : -1;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
number(struct scan *sc)
{
	size_t start = sc->pos;

	if (sc->s[sc->pos] == '-')
		sc->pos++;
	if (sc->pos < sc->len && sc->s[sc->pos] == '0') {
		sc->pos++;
		if (sc->pos < sc->len && sc->s[sc->pos] >= '0' &&
		    sc->s[sc->pos] <= '9')
			return fail_at(sc, start, "a number with a leading zero");
	} else if (digits(sc) != 0)
		return fail_at(sc, start, "not a JSON value");
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		sc->pos++;
		if (digits(sc) != 0)
			return fail_at(sc, start, "a number without digits "
			    "after its point");
	}
	if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' ||
	    sc->s[sc->pos] == 'E')) {
		sc->pos++;
		if (sc->pos < sc->len && (sc->s[sc->pos] == '+' ||
		    sc->s[sc->pos] == '-'))
			sc->pos++;
		if (digits(sc) != 0)
			return fail_at(sc, start, "a number without digits in "
			    "its exponent");
	}
	return 0;
}

static int
literal(struct scan *sc, const char *word)
{
	size_t n = strlen(word);

	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
		return fail_at(sc, sc->pos, "not a JSON value");
	sc->pos += n;
	return 0;
}

static int value(struct scan *sc, int depth);

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->bytes, y->bytes, n);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* No two keys of one object decode to the same bytes. */
static int
keys_unique(struct scan *sc, struct key *keys, size_t n, size_t at)
{
	if (n > 1)
		qsort(keys, n, sizeof *keys, key_cmp);
	for (size_t i = 1; i < n; i++)
		if (key_cmp(&keys[i - 1], &keys[i]) == 0)
			return fail_at(sc, at, "a duplicate key in an object");
	return 0;
}

/* An object (at its '{'): members, each key once. */
static int
object(struct scan *sc, int depth)
{
	size_t start = sc->pos++, n = 0;
	struct key *keys = NULL;
	int ret = -1;

	skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		struct buf k = { 0 };

		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != '"') {
			fail_at(sc, sc->pos, "an object key must be a string "
			    "in double quotes");
			goto out;
		}
		buf_adds(&k, "");
		if (string(sc, &k) != 0) {
			buf_free(&k);
			goto out;
		}
		keys = xreallocarray(keys, n + 1, sizeof *keys);
		keys[n].len = k.len;
		keys[n++].bytes = buf_take(&k);
		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != ':') {
			fail_at(sc, sc->pos, "a ':' after an object key");
			goto out;
		}
		sc->pos++;
		if (value(sc, depth + 1) != 0)
			goto out;
		skip_ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == ',') {
			sc->pos++;
			continue;
		}
		if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
			sc->pos++;
			break;
		}
		fail_at(sc, sc->pos, "a ',' or '}' in an object");
		goto out;
	}
	ret = keys_unique(sc, keys, n, start);
out:
	for (size_t i = 0; i < n; i++)
		free(keys[i].bytes);
	free(keys);
	return ret;
}

static int
array(struct scan *sc, int depth)
{
	sc->pos++;
	skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		if (value(sc, depth + 1) != 0)
			return -1;
		skip_ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == ',') {
			sc->pos++;
			continue;
		}
		if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
			sc->pos++;
			return 0;
		}
		return fail_at(sc, sc->pos, "a ',' or ']' in an array");
	}
}

static int
value(struct scan *sc, int depth)
{
	if (depth > STRICT_MAX_DEPTH)
		return fail_at(sc, sc->pos, "nested too deeply");
	skip_ws(sc);
	if (sc->pos >= sc->len)
		return fail_at(sc, sc->pos, "unexpected end of the text "
		    "(truncated?)");
	switch (sc->s[sc->pos]) {
	case '{': return object(sc, depth);
	case '[': return array(sc, depth);
	case '"': return string(sc, NULL);
	case 't': return literal(sc, "true");
	case 'f': return literal(sc, "false");
	case 'n': return literal(sc, "null");
	case '/': return fail_at(sc, sc->pos, "a comment (JSON has none)");
	default:
		if (sc->s[sc->pos] == '-' || (sc->s[sc->pos] >= '0' &&
		    sc->s[sc->pos] <= '9'))
			return number(sc);
		return fail_at(sc, sc->pos, "not a JSON value");
	}
}

static size_t
line_of(const char *text, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

int
json_strict_check(const char *text, size_t len, char **cause)
{
	struct scan sc = { (const unsigned char *)text, len, 0, NULL, 0 };

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		fail_at(&sc, 0, "a byte order mark before the document");
	else if (value(&sc, 0) == 0) {
		skip_ws(&sc);
		if (sc.pos < sc.len)
			fail_at(&sc, sc.pos, sc.s[sc.pos] == '/' ?
			    "a comment (JSON has none)" :
			    "text after the end of the document");
	}
	if (sc.why == NULL)
		return 0;
	*cause = xasprintf("line %zu: %s", line_of(text, sc.at), sc.why);
	return -1;
}
