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
