/* URLs: parsed with curl_url() rather than by hand, since libcurl is already
 * a dependency and gets the corner cases right. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "config/url.h"
#include "core/util.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *
part(CURLU *h, CURLUPart what)
{
	char *v = NULL, *copy;

	if (curl_url_get(h, what, &v, 0) != CURLUE_OK || v == NULL)
		return NULL;
	copy = xstrdup(v);
	curl_free(v);
	return copy;
}

/* RFC 3986 percent-decoding of a user or password: "%" must start two hex
 * digits (Node's decodeURIComponent and libpq refuse anything else too), and
 * a NUL cannot be sent. -1 when the text breaks those rules. */
static int
percent_decode(char *v)
{
	char *w = v;

	for (const char *r = v; *r != '\0'; r++) {
		int hi, lo;

		if (*r != '%') {
			*w++ = *r;
			continue;
		}
		if ((hi = hexval(r[1])) < 0 || (lo = hexval(r[2])) < 0 ||
		    (hi == 0 && lo == 0))
			return -1;
		*w++ = (char)(hi << 4 | lo);
		r += 2;
	}
	*w = '\0';
	return 0;
}

/* No white space or control characters, and a scheme; -1 with *cause. */
static int
url_text_ok(const char *s, char **cause)
{
	for (const char *p = s; *p != '\0'; p++) {
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20) {
			*cause = xstrdup("contains white space or control characters");
			return -1;
		}
	}
	if (strstr(s, "://") == NULL) {
		*cause = xstrdup("not an absolute URL (scheme://host...)");
		return -1;
	}
	return 0;
}

/* The parts as curl parsed them; -1 with *cause when there is no host. */
static int
url_parts(CURLU *h, struct url *out, char **cause)
{
	char *port;

	out->scheme = part(h, CURLUPART_SCHEME);
	out->user = part(h, CURLUPART_USER);
	out->password = part(h, CURLUPART_PASSWORD);
	out->host = part(h, CURLUPART_HOST);
	out->path = part(h, CURLUPART_PATH);
	port = part(h, CURLUPART_PORT);
	if (port != NULL) {
		long p;

		/* Port 0 is no port to connect to: refused like 65536. */
		if (parse_long(port, 1, 65535, &p) != 0) {
			*cause = xasprintf("port %s is not from 1 to 65535", port);
			free(port);
			return -1;
		}
		out->port = (int)p;
		free(port);
	}
	if (out->scheme == NULL || out->host == NULL || *out->host == '\0') {
		*cause = xstrdup("no host in URL");
		return -1;
	}
	return 0;
}

/* The parts as the server must see them: credentials decoded (curl hands
 * them over still percent-encoded, "p%40ss" for "p@ss"), an IPv6 literal
 * bare (a socket wants no brackets), the scheme in lower case, a path at
 * least "/"; -1 with *cause. */
static int
url_normalize(struct url *out, char **cause)
{
	if (out->user != NULL && percent_decode(out->user) != 0) {
		*cause = xstrdup("bad percent-encoding in the user name");
		return -1;
	}
	if (out->password != NULL && percent_decode(out->password) != 0) {
		*cause = xstrdup("bad percent-encoding in the password");
		return -1;
	}
	if (out->host[0] == '[') {
		size_t n = strlen(out->host);

		if (n < 3 || out->host[n - 1] != ']') {
			*cause = xstrdup("bad IPv6 host in URL");
			return -1;
		}
		memmove(out->host, out->host + 1, n - 2);
		out->host[n - 2] = '\0';
	}
	for (char *c = out->scheme; *c != '\0'; c++)
		*c = (char)tolower((unsigned char)*c);
	if (out->path == NULL)
		out->path = xstrdup("/");
	return 0;
}

/* The scheme is one of schemes (NULL: any); -1 with *cause naming them. */
static int
url_scheme_ok(const char *scheme, const char *const *schemes, char **cause)
{
	struct buf b = { 0 };

	if (schemes == NULL)
		return 0;
	for (const char *const *sc = schemes; *sc != NULL; sc++)
		if (strcmp(scheme, *sc) == 0)
			return 0;
	for (const char *const *sc = schemes; *sc != NULL; sc++)
		buf_addf(&b, "%s%s://", sc == schemes ? "" : ", ", *sc);
	*cause = xasprintf("scheme %s:// is not one of %s", scheme, b.data);
	buf_free(&b);
	return -1;
}

int
url_parse(const char *s, const char *const *schemes, struct url *out,
    char **cause)
{
	CURLU *h;
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (url_text_ok(s, cause) != 0)
		return -1;
	if ((h = curl_url()) == NULL)
		fatal("out of memory");
	switch (curl_url_set(h, CURLUPART_URL, s, CURLU_NON_SUPPORT_SCHEME)) {
	case CURLUE_OK:
		break;
	case CURLUE_BAD_PORT_NUMBER:
		*cause = xstrdup("the port is not a number from 1 to 65535");
		goto out;
	default:
		*cause = xstrdup("not a well-formed URL");
		goto out;
	}
	if (url_parts(h, out, cause) != 0 || url_normalize(out, cause) != 0 ||
	    url_scheme_ok(out->scheme, schemes, cause) != 0)
		goto out;
	ret = 0;
out:
	curl_url_cleanup(h);
	if (ret != 0)
		url_free(out);
	return ret;
}

int
url_redis_check(const struct url *u, long *db, char **cause)
{
	*db = 0;
	if (strcmp(u->scheme, "rediss") == 0) {
		*cause = xstrdup("rediss:// (TLS) is not supported: hiredis 0.14 "
		    "has no TLS, and ingestgate will not fall back to plain text");
		return -1;
	}
	if (strlen(u->path) > 1 && parse_long(u->path + 1, 0, INT_MAX, db) != 0) {
		*cause = xstrdup("the database in the URL path is not a whole "
		    "number (redis://host:port/0)");
		return -1;
	}
	return 0;
}

int
url_is_loopback(const struct url *u)
{
	unsigned char a[16];

	if (strcasecmp(u->host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, u->host, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, u->host, a) != 1)
		return 0;
	/* ::1, or an IPv4 loopback address mapped into IPv6. */
	for (int i = 0; i < 10; i++)
		if (a[i] != 0)
			return 0;
	if (a[10] == 0 && a[11] == 0) {
		for (int i = 12; i < 15; i++)
			if (a[i] != 0)
				return 0;
		return a[15] == 1;
	}
	return a[10] == 0xff && a[11] == 0xff && a[12] == 127;
}

int
url_cleartext_remote(const struct url *u, char **cause)
{
	char *host;

	if (strcmp(u->scheme, "http") != 0 || url_is_loopback(u))
		return 0;
	host = strchr(u->host, ':') != NULL ? xasprintf("[%s]", u->host) :
	    xstrdup(u->host);
	*cause = xasprintf("plain http:// to %s, which is not on loopback: the "
	    "admin token would travel in cleartext (use https://, or "
	    "--insecure to allow it)", host);
	free(host);
	return 1;
}

void
url_free(struct url *u)
{
	free(u->scheme);
	free(u->user);
	if (u->password != NULL) {
		memset(u->password, 0, strlen(u->password));
		free(u->password);
	}
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof *u);
}

char *
url_redact(const char *s)
{
	const char *sep = strstr(s, "://"), *at, *colon, *auth_end;

	if (sep == NULL)
		return xstrdup(s);
	sep += 3;
	auth_end = sep + strcspn(sep, "/?#");
	/* The last '@' before the path ends the credentials. */
	at = NULL;
	for (const char *p = sep; p < auth_end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL)
		return xstrdup(s);
	colon = memchr(sep, ':', (size_t)(at - sep));
	if (colon == NULL)
		return xstrdup(s);
	return xasprintf("%.*s***%s", (int)(colon + 1 - s), s, at);
}

char *
url_host(const char *s)
{
	struct url u;
	char *cause = NULL, *r;

	if (url_parse(s, NULL, &u, &cause) != 0) {
		free(cause);
		return xstrdup("(invalid URL)");
	}
	if (strchr(u.host, ':') != NULL)
		r = u.port != 0 ? xasprintf("[%s]:%d", u.host, u.port) :
		    xasprintf("[%s]", u.host);
	else if (u.port != 0)
		r = xasprintf("%s:%d", u.host, u.port);
	else
		r = xstrdup(u.host);
	url_free(&u);
	return r;
}

/* Replaces every occurrence of word (len > 0) in *s by "***". */
static void
scrub(char **s, const char *word, size_t len)
{
	struct buf b = { 0 };
	const char *p = *s, *hit;

	if (len == 0 || strstr(*s, word) == NULL)
		return;
	while ((hit = strstr(p, word)) != NULL) {
		buf_add(&b, p, (size_t)(hit - p));
		buf_adds(&b, "***");
		p = hit + len;
	}
	buf_adds(&b, p);
	free(*s);
	*s = buf_take(&b);
}

/* Every "scheme://user:password@" in s with its password replaced, and
 * every "password=value" (a keyword/value connection string, a query). */
static char *
redact_all(const char *s)
{
	struct buf b = { 0 };
	const char *p = s;

	buf_adds(&b, "");
	while (*p != '\0') {
		const char *sep = strstr(p, "://"), *pw = strstr(p, "password=");
		const char *auth, *end, *at = NULL, *colon;

		if (pw != NULL && (sep == NULL || pw < sep)) {
			pw += strlen("password=");
			buf_add(&b, p, (size_t)(pw - p));
			buf_adds(&b, "***");
			p = pw + strcspn(pw, " &'\"\t\n");
			continue;
		}
		if (sep == NULL)
			break;
		auth = sep + 3;
		end = auth + strcspn(auth, "/?#\"' \t\n");
		for (const char *q = auth; q < end; q++)
			if (*q == '@')
				at = q;
		colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon == NULL) {
			buf_add(&b, p, (size_t)(auth - p));
			p = auth;
			continue;
		}
		buf_add(&b, p, (size_t)(colon + 1 - p));
		buf_adds(&b, "***");
		p = at;
	}
	buf_adds(&b, p);
	return buf_take(&b);
}

char *
url_redact_text(const char *text, const char *url)
{
	char *s = redact_all(text);
	const char *sep, *auth, *end, *at = NULL, *colon, *pw;
	char *raw, *dec;

	if (url == NULL || (sep = strstr(url, "://")) == NULL) {
		/* A keyword/value string: its password= value, as written. */
		if (url != NULL && (pw = strstr(url, "password=")) != NULL) {
			pw += strlen("password=");
			scrub(&s, pw, strcspn(pw, " "));
		}
		return s;
	}
	auth = sep + 3;
	end = auth + strcspn(auth, "/?#");
	for (const char *q = auth; q < end; q++)
		if (*q == '@')
			at = q;
	/* libpq quotes the piece it cannot parse, such as the password
	 * alone: the password itself goes, as written and decoded. */
	if (at != NULL && (colon = memchr(auth, ':', (size_t)(at - auth))) != NULL) {
		raw = xstrndup(colon + 1, (size_t)(at - colon - 1));
		dec = xstrdup(raw);
		scrub(&s, raw, strlen(raw));
		if (percent_decode(dec) == 0)
			scrub(&s, dec, strlen(dec));
		free(raw);
		free(dec);
	}
	if ((pw = strstr(url, "password=")) != NULL) {
		pw += strlen("password=");
		scrub(&s, pw, strcspn(pw, "&#"));
	}
	return s;
}
