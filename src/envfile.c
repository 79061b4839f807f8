/* The dotenv parser. Pure over a byte buffer so that it can be fed fixtures
 * and fuzzed; envfile_load only adds reading the file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "envfile.h"
#include "util.h"

#define ENVFILE_MAX_SIZE (4 * 1024 * 1024)

static void
add_error(struct envfile *ef, unsigned line, const char *msg)
{
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

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_key_char(char c)
{
	return is_key_start(c) || (c >= '0' && c <= '9') || c == '.';
}

/* What may follow a closing quote: blanks, then nothing or a comment. */
static int
rest_is_comment(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p == end || *p == '#';
}

/* Parses one line (without its newline); returns an error message or NULL. */
static const char *
parse_line(struct envfile *ef, unsigned lineno, const char *p, const char *end)
{
	const char *k;
	char *key;
	struct buf v = { 0 };

	if (end > p && memchr(p, 0, (size_t)(end - p)) != NULL)
		return "NUL byte in line";
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#')
		return NULL;
	if (end - p > 7 && memcmp(p, "export", 6) == 0 && is_blank(p[6])) {
		p += 7;
		while (p < end && is_blank(*p))
			p++;
	}
	if (p == end || !is_key_start(*p))
		return "expected KEY=value (a key starts with a letter or _)";
	k = p;
	while (p < end && is_key_char(*p))
		p++;
	key = xstrndup(k, (size_t)(p - k));
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p != '=') {
		free(key);
		return "expected '=' after the key";
	}
	p++;
	while (p < end && is_blank(*p))
		p++;

	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < end) {
				p++;
				switch (*p) {
				case 'n': buf_addc(&v, '\n'); break;
				case 'r': buf_addc(&v, '\r'); break;
				case 't': buf_addc(&v, '\t'); break;
				case '"': buf_addc(&v, '"'); break;
				case '\\': buf_addc(&v, '\\'); break;
				default: buf_addc(&v, '\\'); buf_addc(&v, *p); break;
				}
			} else
				buf_addc(&v, *p);
		}
		if (p == end)
			goto unterminated;
		if (!rest_is_comment(p + 1, end))
			goto trailing;
	} else if (p < end && *p == '\'') {
		const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

		if (q == NULL)
			goto unterminated;
		buf_add(&v, p + 1, (size_t)(q - p - 1));
		if (!rest_is_comment(q + 1, end))
			goto trailing;
	} else {
		const char *s = p, *e = p;

		/* An unquoted value ends at " #"; trailing blanks are not part of it. */
		for (; p < end; p++) {
			if (*p == '#' && p > s && is_blank(p[-1]))
				break;
			if (!is_blank(*p))
				e = p + 1;
		}
		buf_add(&v, s, (size_t)(e - s));
	}
	add_entry(ef, lineno, key, buf_take(&v));
	return NULL;

unterminated:
	free(key);
	buf_free(&v);
	return "unterminated quoted value";
trailing:
	free(key);
	buf_free(&v);
	return "unexpected text after the closing quote";
}

void
envfile_parse(const char *data, size_t len, struct envfile *out)
{
	const char *p = data, *end = data + len;
	unsigned lineno = 0;

	memset(out, 0, sizeof *out);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		const char *msg;

		lineno++;
		if (le > p && le[-1] == '\r')
			le--;
		msg = parse_line(out, lineno, p, le);
		if (msg != NULL)
			add_error(out, lineno, msg);
		p = nl != NULL ? nl + 1 : end;
	}
}

int
envfile_load(const char *path, struct envfile *out, char **cause)
{
	struct stat st;
	struct buf b = { 0 };
	char chunk[8192];
	ssize_t n;
	int fd;

	memset(out, 0, sizeof *out);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		buf_add(&b, chunk, (size_t)n);
		if (b.len > ENVFILE_MAX_SIZE) {
			*cause = xasprintf("%s: larger than %d bytes", path,
			    ENVFILE_MAX_SIZE);
			goto fail;
		}
	}
	if (n == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	envfile_parse(b.data != NULL ? b.data : "", b.len, out);
	buf_free(&b);
	out->path = xstrdup(path);
	out->mtime = st.st_mtime;
	return 0;

fail:
	close(fd);
	buf_free(&b);
	return -1;
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
