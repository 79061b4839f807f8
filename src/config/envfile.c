/* dotenv's parse(), replayed byte for byte. dotenv 18 (pinned in tests/node)
 * reads a buffer like this:
 *
 *   src = buf.toString()                  UTF-8; a bad sequence -> U+FFFD
 *   src = src.replace(/\r\n?/mg, '\n')
 *   LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'
 *           |\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg
 *   for each match of LINE:
 *     value = (match[2] || '').trim(); quote = value[0]
 *     value = value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')
 *     if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r')
 *     obj[match[1]] = value
 *
 * Instead of a general regular expression engine, each part of LINE is
 * replayed in the order a backtracking engine tries it (the reasoning sits
 * next to each part), which keeps the work linear in the size of the file.
 * ECMAScript's \s crosses line ends: that is why "A=" followed by a quoted
 * value on the next line gives A that value, and why a key may be separated
 * from its '=' by blank lines. tests/integration/dotenv_oracle.sh holds this
 * file to the real package on a corpus of tricky files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/envfile.h"
#include "core/fileio.h"
#include "core/text.h"
#include "core/util.h"

#define ENVFILE_MAX_SIZE (4 * 1024 * 1024)
#define NONE ((size_t)-1)

/* The text as dotenv's regular expression sees it: valid UTF-8, LF only. */
struct text {
	const unsigned char *s;
	size_t n;
};

/* A match of LINE: where it starts and ends, the key and the captured value. */
struct match {
	size_t start, end;
	size_t key, keylen;
	size_t cap, caplen;
	int has_cap;
};

/* Entries dropped although dotenv matched their line (kept for the warnings). */
struct dropped {
	unsigned line;
	const char *why;
};

static void
add_error(struct envfile *ef, unsigned line, const char *msg)
{
	ef->nignored++;
	if (ef->nerrors > ENVFILE_MAX_IGNORED)
		return;
	ef->errors = xreallocarray(ef->errors, ef->nerrors + 1, sizeof *ef->errors);
	ef->errors[ef->nerrors].line = line;
	ef->errors[ef->nerrors].message = xstrdup(msg);
	ef->nerrors++;
}

/* Takes ownership of key and value. */
static void
add_entry(struct envfile *ef, unsigned line, char *key, char *value)
{
	ef->entries = xreallocarray(ef->entries, ef->n + 1, sizeof *ef->entries);
	ef->entries[ef->n].key = key;
	ef->entries[ef->n].value = value;
	ef->entries[ef->n].line = line;
	ef->n++;
}

static void
add_utf8(struct buf *b, unsigned cp)
{
	char u[4];

	buf_add(b, u, text_utf8_encode(cp, u));
}

/* Node's buffer.toString() (the WHATWG UTF-8 decoder: each maximal invalid
 * subpart becomes one U+FFFD), then CRLF and lone CR become LF. */
static void
normalize(const unsigned char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		unsigned lo = 0x80, hi = 0xbf;
		size_t need, j, k;

		if (c < 0x80) {
			if (c == '\r') {
				buf_addc(out, '\n');
				i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
			} else {
				buf_addc(out, (char)c);
				i++;
			}
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;
			if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			if (c == 0xf4)
				hi = 0x8f;
		} else {
			add_utf8(out, 0xfffd);
			i++;
			continue;
		}
		for (j = i + 1, k = 0; k < need && j < n && s[j] >= lo && s[j] <= hi;
		    j++, k++)
			lo = 0x80, hi = 0xbf;
		if (k == need)
			buf_add(out, s + i, j - i);
		else
			add_utf8(out, 0xfffd);
		i = j;
	}
}

/* The code point at i of valid UTF-8; returns its length. */
static size_t
cp_at(const struct text *t, size_t i, unsigned *cp)
{
	const unsigned char *s = t->s + i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xe0) {
		*cp = ((unsigned)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] < 0xf0) {
		*cp = ((unsigned)(s[0] & 0x0f) << 12) |
		    ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	*cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3f) << 12) |
	    ((unsigned)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	return 4;
}

/* ECMAScript's \s and String.prototype.trim(): WhiteSpace and LineTerminator. */
static int
js_space(unsigned cp)
{
	if (cp <= 0x20)
		return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d);
	return cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000 || cp == 0xfeff;
}

/* Length of the line terminator at i (LF, U+2028, U+2029; no CR is left), or 0.
 * The multiline ^, $ and . of LINE know exactly these. */
static size_t
term_at(const struct text *t, size_t i)
{
	const unsigned char *s = t->s;

	if (i >= t->n)
		return 0;
	if (s[i] == '\n')
		return 1;
	if (s[i] == 0xe2 && i + 2 < t->n && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
		return 3;
	return 0;
}

static int
at_line_start(const struct text *t, size_t i)
{
	return i == 0 || t->s[i - 1] == '\n' ||
	    (i >= 3 && term_at(t, i - 3) == 3);
}

static size_t
skip_ws(const struct text *t, size_t i)
{
	unsigned cp;
	size_t l;

	while (i < t->n && (l = cp_at(t, i, &cp), js_space(cp)))
		i += l;
	return i;
}

static int
is_key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Where \s*(?:#.*)?(?:$|$) matching from x ends, or NONE. The greedy \s*
 * first takes all white space (newlines too): a '#' there starts a comment
 * that runs to the end of its line; the end of the text also does. Otherwise
 * it gives white space back until $ holds, i.e. at the last line end it
 * took; with none, this part fails. */
static size_t
rest_end(const struct text *t, size_t x)
{
	size_t y = skip_ws(t, x), last = NONE;
	unsigned cp;

	if (y < t->n && t->s[y] == '#') {
		while (y < t->n && term_at(t, y) == 0)
			y++;
		return y;
	}
	if (y == t->n)
		return y;
	for (size_t i = x; i < y; i += cp_at(t, i, &cp))
		if (term_at(t, i) != 0)
			last = i;
	return last;
}

/* The value group and the rest of LINE from P (after '=' or ': '). The lazy
 * \s*? before it first tries no white space, and with none the attempt
 * below always succeeds (the [^#\r\n]+ branch or the empty group ends where
 * rest_end succeeds), so more is never tried. */
static void
match_value(const struct text *t, size_t P, struct match *m)
{
	const unsigned char *s = t->s;
	size_t w = skip_ws(t, P), z;

	if (w < t->n && (s[w] == '\'' || s[w] == '"' || s[w] == '`')) {
		unsigned char q = s[w];
		size_t stop = w + 1, c;

		/* (?:\\'|[^'])* can pass a quote only right after a backslash, so
		 * it runs to the first quote that follows no backslash; backtracking
		 * then offers every quote up to there as the closing one, the last
		 * first, and the first for which the rest matches wins. */
		while (stop < t->n && !(s[stop] == q && s[stop - 1] != '\\'))
			stop++;
		for (c = stop < t->n ? stop : t->n - 1; c > w; c--) {
			size_t e;

			if (s[c] != q || (e = rest_end(t, c + 1)) == NONE)
				continue;
			m->has_cap = 1;
			m->cap = P;
			m->caplen = c + 1 - P;
			m->end = e;
			return;
		}
	}
	if (P < t->n && s[P] != '#' && s[P] != '\n') {
		for (z = P; z < t->n && s[z] != '#' && s[z] != '\n'; z++)
			;
		m->has_cap = 1;
		m->cap = P;
		m->caplen = z - P;
		m->end = rest_end(t, z);
		return;
	}
	m->has_cap = 0;
	m->cap = P;
	m->caplen = 0;
	m->end = rest_end(t, P);
}

/* ([\w.-]+)(?:\s*=\s*?|:\s+?) and what follows, the key starting at k0. A
 * shorter key never helps (what follows must not be a key character), and
 * \s*= needs all the white space to be followed by '='. */
static int
match_key(const struct text *t, size_t k0, struct match *m)
{
	size_t k = k0, e;
	unsigned cp;

	while (k < t->n && is_key_char(t->s[k]))
		k++;
	if (k == k0)
		return -1;
	e = skip_ws(t, k);
	if (e < t->n && t->s[e] == '=')
		e++;
	else if (k + 1 < t->n && t->s[k] == ':' && js_space((cp_at(t, k + 1, &cp), cp)))
		e = k + 1 + cp_at(t, k + 1, &cp);
	else
		return -1;
	m->key = k0;
	m->keylen = k - k0;
	match_value(t, e, m);
	return 0;
}

/* LINE at a line start s. *p gets where its leading \s* ends: every line start
 * up to there fails the same way when this one fails. */
static int
match_line(const struct text *t, size_t s, struct match *m, size_t *p)
{
	unsigned cp;

	*p = skip_ws(t, s);
	m->start = *p;
	/* (?:export\s+)? is tried with "export" first, and on failure without,
	 * when "export" itself may be the key ("export = 1"). */
	if (t->n - *p > 6 && memcmp(t->s + *p, "export", 6) == 0 &&
	    js_space((cp_at(t, *p + 6, &cp), cp)) &&
	    match_key(t, skip_ws(t, *p + 6), m) == 0)
		return 0;
	return match_key(t, *p, m);
}

/* trim(), the quote-stripping replace and, after a double quote, \n and \r. */
static char *
finish_value(const unsigned char *v, size_t len)
{
	const struct text t = { v, len };
	struct buf b = { 0 };
	size_t a = 0, z = len, last[3] = { NONE, NONE, NONE }, i;
	static const char quotes[] = "'\"`";
	unsigned cp;
	unsigned char first;

	a = skip_ws(&t, 0);
	while (z > a) {
		size_t j = z - 1;

		while (j > a && (v[j] & 0xc0) == 0x80)
			j--;
		if (cp_at(&t, j, &cp), !js_space(cp))
			break;
		z = j;
	}
	first = a < z ? v[a] : 0;

	/* /^(['"`])([\s\S]*)\1$/mg: at a line start holding a quote, the greedy
	 * [\s\S]* makes the closing quote the last same quote that ends a line
	 * of the value; matches do not overlap, so a later start with that
	 * quote finds none. */
	for (i = a; i < z; i++) {
		const char *q = memchr(quotes, v[i], 3);

		if (v[i] != 0 && q != NULL && (i + 1 == z || term_at(&t, i + 1) != 0))
			last[q - quotes] = i;
	}
	for (i = a; i < z;) {
		const char *q = v[i] != 0 ? memchr(quotes, v[i], 3) : NULL;

		if (q != NULL && (i == a || at_line_start(&t, i)) &&
		    last[q - quotes] != NONE && last[q - quotes] > i) {
			size_t e = last[q - quotes];

			buf_add(&b, v + i + 1, e - i - 1);
			i = e + 1;
			continue;
		}
		buf_addc(&b, (char)v[i]);
		i++;
	}
	if (first == '"') {
		/* The two replaces in a row equal one pass: neither can make a new
		 * backslash pair for the other. */
		struct buf o = { 0 };

		for (i = 0; i < b.len; i++) {
			if (b.data[i] == '\\' && i + 1 < b.len &&
			    (b.data[i + 1] == 'n' || b.data[i + 1] == 'r')) {
				buf_addc(&o, b.data[i + 1] == 'n' ? '\n' : '\r');
				i++;
			} else
				buf_addc(&o, b.data[i]);
		}
		buf_free(&b);
		b = o;
	}
	if (b.data == NULL)
		return xstrdup("");
	return buf_take(&b);
}

/* Why dotenv skips the line [ls, le), without quoting it. */
static const char *
ignored_why(const struct text *t, size_t ls, size_t le)
{
	size_t i = skip_ws(t, ls);

	if (memchr(t->s + ls, 0, le - ls) != NULL)
		return "holds a NUL byte; not KEY=value, dotenv ignores it";
	if (i < le && is_key_char(t->s[i]))
		return "a key without '=' (or ': ') after it; dotenv ignores it";
	return "does not start with a key (letters, digits, '_', '.', '-'); "
	    "dotenv ignores it";
}

/* Warns about every line with text that no match took and that is not a
 * comment line; dropped entries are warned about on their own line. */
static void
warn_ignored(struct envfile *ef, const struct text *t, const struct match *ms,
    size_t nm, const struct dropped *dr, size_t nd)
{
	size_t pos = 0, mi = 0, di = 0;
	unsigned line = 1;

	while (pos <= t->n) {
		const unsigned char *nl = memchr(t->s + pos, '\n', t->n - pos);
		size_t le = nl != NULL ? (size_t)(nl - t->s) : t->n, i, l;
		int content = 0, bad = 0;
		unsigned cp;

		for (i = pos; i < le; i += l) {
			l = cp_at(t, i, &cp);
			while (mi < nm && ms[mi].end <= i)
				mi++;
			if (js_space(cp))
				continue;
			if (mi < nm && ms[mi].start <= i) {
				content = 1;
				continue;
			}
			if (!content && cp == '#')
				break;
			bad = 1;
			break;
		}
		if (bad)
			add_error(ef, line, ignored_why(t, pos, le));
		for (; di < nd && dr[di].line <= line; di++)
			add_error(ef, dr[di].line, dr[di].why);
		if (nl == NULL)
			break;
		pos = le + 1;
		line++;
	}
}

void
envfile_parse(const char *data, size_t len, struct envfile *out)
{
	struct buf norm = { 0 };
	struct text t;
	struct match *ms = NULL;
	struct dropped *dr = NULL;
	size_t nm = 0, nd = 0, i = 0, counted = 0;
	unsigned line = 1;

	memset(out, 0, sizeof *out);
	normalize((const unsigned char *)data, len, &norm);
	buf_addc(&norm, '\0');		/* lets cp_at read a whole sequence */
	t.s = (const unsigned char *)norm.data;
	t.n = norm.len - 1;

	while (i < t.n) {
		struct match m;
		size_t p = i, next;

		if (at_line_start(&t, i)) {
			if (match_line(&t, i, &m, &p) == 0) {
				char *key, *value;

				for (; counted < m.key; counted++)
					line += t.s[counted] == '\n';
				key = xstrndup((const char *)t.s + m.key, m.keylen);
				value = finish_value(t.s + m.cap, m.caplen);
				ms = xreallocarray(ms, nm + 1, sizeof *ms);
				ms[nm++] = m;
				if (strcmp(key, "__proto__") == 0 ||
				    (m.has_cap && memchr(t.s + m.cap, 0,
				    m.caplen) != NULL)) {
					/* obj.__proto__ = 'x' sets no key in
					 * JavaScript; a NUL cannot reach a C
					 * string nor an environment. */
					dr = xreallocarray(dr, nd + 1, sizeof *dr);
					dr[nd].line = line;
					dr[nd++].why = strcmp(key, "__proto__") == 0 ?
					    "dotenv drops the key __proto__" :
					    "the value holds a NUL byte; it is "
					    "ignored";
					free(key);
					free(value);
				} else
					add_entry(out, line, key, value);
				i = m.end;
				continue;
			}
		}
		/* The next line start after p: ^ holds only after a line end. */
		for (next = p; next < t.n && term_at(&t, next) == 0; next++)
			;
		if (next >= t.n)
			break;
		i = next + term_at(&t, next);
	}
	warn_ignored(out, &t, ms, nm, dr, nd);
	free(ms);
	free(dr);
	buf_free(&norm);
}

int
envfile_load(const char *path, struct envfile *out, char **cause)
{
	struct buf b;
	time_t mtime = 0;

	memset(out, 0, sizeof *out);
	if (fileio_read_regular(path, ENVFILE_MAX_SIZE, &b, &mtime, cause) != 0)
		return -1;
	envfile_parse(b.data, b.len, out);
	buf_free(&b);
	if (out->nignored > ENVFILE_MAX_IGNORED) {
		/* A binary or the wrong file: one line, not one per line. */
		*cause = xasprintf("%s: not an env file: %zu lines are not "
		    "KEY=value (first at line %u; more than %d are refused)",
		    path, out->nignored, out->errors[0].line,
		    ENVFILE_MAX_IGNORED);
		envfile_free(out);
		return ENVFILE_NOT_ENV;
	}
	out->path = xstrdup(path);
	out->mtime = mtime;
	return 0;
}

const char *
envfile_get(const struct envfile *ef, const char *key)
{
	for (size_t i = ef->n; i > 0; i--)
		if (strcmp(ef->entries[i - 1].key, key) == 0)
			return ef->entries[i - 1].value;
	return NULL;
}

void
envfile_free(struct envfile *ef)
{
	for (size_t i = 0; i < ef->n; i++) {
		if (ef->entries[i].value != NULL)
			memset(ef->entries[i].value, 0,
			    strlen(ef->entries[i].value));
		free(ef->entries[i].key);
		free(ef->entries[i].value);
	}
	for (size_t i = 0; i < ef->nerrors; i++)
		free(ef->errors[i].message);
	free(ef->entries);
	free(ef->errors);
	free(ef->path);
	memset(ef, 0, sizeof *ef);
}
