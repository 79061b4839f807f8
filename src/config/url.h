/* URL parsing (libcurl's URL API) and redaction of credentials. */
#ifndef INGESTGATE_URL_H
#define INGESTGATE_URL_H

struct url {
	char *scheme;		/* lower case */
	char *user;		/* NULL when absent; percent-decoded */
	char *password;		/* NULL when absent; percent-decoded; a secret */
	char *host;		/* an IPv6 literal without its brackets */
	int port;		/* 0 when absent */
	char *path;		/* "/" at least */
};

/* Parses an absolute URL whose scheme is one of schemes (NULL-terminated);
 * -1 with *cause (caller frees; never contains the password) when it is not. */
int url_parse(const char *s, const char *const *schemes, struct url *out,
    char **cause);
void url_free(struct url *u);
/* What a Redis URL must also be here: redis:// (hiredis 0.14 has no TLS:
 * rediss:// is refused, never sent in plain text) and a database that is a
 * whole number (path "/N", 0 when absent, into *db); -1 with *cause. */
int url_redis_check(const struct url *u, long *db, char **cause);
/* 1 when the host is on loopback: localhost, 127.0.0.0/8, ::1 (or an IPv4
 * loopback address mapped into IPv6). */
int url_is_loopback(const struct url *u);
/* 1 with *cause (caller frees) when u is plain http:// to a host that is not
 * on loopback: what it carries (the admin token) would cross the network in
 * cleartext. */
int url_cleartext_remote(const struct url *u, char **cause);
/* The URL with any password replaced by "***"; caller frees. */
char *url_redact(const char *s);
/* A library's message (libpq, libcurl, hiredis) with every URL's password
 * and every "password=value" replaced by "***", and, when url is given (the
 * URL the library was handed), that URL's password wherever it appears, as
 * written and percent-decoded: libpq quotes the piece of a URI it cannot
 * parse, the password alone included. Caller frees. */
char *url_redact_text(const char *text, const char *url);
/* "host:port" of a URL for display, without credentials; caller frees. */
char *url_host(const char *s);

#endif
