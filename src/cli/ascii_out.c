/* stdout and stderr through an ASCII filter (fopencookie, a GNU stdio
 * extension): whatever module prints, the bytes that leave are ASCII when
 * the locale is not UTF-8. The filter writes to the file descriptor
 * itself, so that the order in which exit() flushes the streams does not
 * matter. */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/ascii_out.h"
#include "core/ascii_text.h"
#include "core/util.h"

/* The streams the filters stand in for, while they do. */
static FILE *orig_out, *orig_err;

struct filter {
	int fd;
	struct ascii_text st;
};

/* Static: the process's two filters live as long as it does. */
static struct filter filters[2];
static int at_exit_set;

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t
filter_write(void *cookie, const char *data, size_t n)
{
	struct filter *f = cookie;
	struct buf b = { 0 };
	int r;

	ascii_text_feed(&f->st, data, n, &b);
	r = write_all(f->fd, b.data, b.len);
	buf_free(&b);
	return r == 0 ? (ssize_t)n : -1;
}

static int
filter_close(void *cookie)
{
	struct filter *f = cookie;
	struct buf b = { 0 };

	ascii_text_end(&f->st, &b);
	write_all(f->fd, b.data, b.len);
	buf_free(&b);
	return 0;
}

/* exit() flushes the filtered streams but never closes them: what a
 * filter still holds (a "·" waiting for the byte after it, a cut
 * sequence) is written here, after the last flush of the program's own. */
static void
filters_end(void)
{
	if (orig_out == NULL)
		return;
	fflush(stdout);
	fflush(stderr);
	for (size_t i = 0; i < nitems(filters); i++)
		filter_close(&filters[i]);
}

/* The locale named is not installed here: its name still says which
 * character set the terminal at the other end expects. */
static int
named_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < nitems(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return strcasestr(v, "utf-8") != NULL ||
			    strcasestr(v, "utf8") != NULL;
	}
	return 0;
}

int
ascii_out_locale_utf8(void)
{
	const char *cs, *old = setlocale(LC_CTYPE, NULL);
	char *saved = old != NULL ? xstrdup(old) : NULL;
	int utf8;

	/* Only the character set is read; the numbers keep the C locale. */
	if (setlocale(LC_CTYPE, "") != NULL) {
		cs = nl_langinfo(CODESET);
		utf8 = cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
		    strcasecmp(cs, "utf8") == 0);
	} else
		utf8 = named_utf8();
	if (saved != NULL)
		setlocale(LC_CTYPE, saved);
	free(saved);
	return utf8;
}

/* A filtered stream writing to fd; NULL when it cannot be made. */
static FILE *
filter_open(int fd, int buffered)
{
	cookie_io_functions_t io = { NULL, filter_write, NULL, filter_close };
	struct filter *f = &filters[fd == STDOUT_FILENO ? 0 : 1];
	FILE *s;

	memset(f, 0, sizeof *f);
	f->fd = fd;
	if ((s = fopencookie(f, "w", io)) == NULL)
		return NULL;
	setvbuf(s, NULL, buffered ? _IOFBF : _IOLBF, BUFSIZ);
	return s;
}

int
ascii_out_install(void)
{
	FILE *out, *err;

	if (orig_out != NULL)
		return 1;	/* in place already (cli_main run again) */
	if (ascii_out_locale_utf8())
		return 0;
	fflush(stdout);
	fflush(stderr);
	out = filter_open(STDOUT_FILENO, !isatty(STDOUT_FILENO));
	err = filter_open(STDERR_FILENO, 0);
	if (err != NULL)
		setvbuf(err, NULL, _IONBF, 0);
	if (out == NULL || err == NULL) {
		if (out != NULL)
			fclose(out);
		if (err != NULL)
			fclose(err);
		return -1;
	}
	/* The originals stay open (their descriptors are the filters'). */
	if (!at_exit_set && atexit(filters_end) == 0)
		at_exit_set = 1;
	orig_out = stdout;
	orig_err = stderr;
	stdout = out;
	stderr = err;
	return 1;
}

void
ascii_out_remove(void)
{
	if (orig_out == NULL)
		return;
	fclose(stdout);
	fclose(stderr);
	stdout = orig_out;
	stderr = orig_err;
	orig_out = orig_err = NULL;
}
