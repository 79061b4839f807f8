/* Allocation that never returns NULL, a growable string buffer, and small
 * string helpers used across the core. */
#ifndef INGESTGATE_UTIL_H
#define INGESTGATE_UTIL_H

#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* Runs before an out-of-memory abort (the console restores the terminal). */
void util_set_fatal_hook(void (*hook)(void));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Frees each of n pointers (NULL ones too); free_all(a, b, ...) names them
 * in one statement, for a struct that owns many strings. */
void free_each(void *const *p, size_t n);
#define free_all(...) free_each((void *const []){ __VA_ARGS__ }, \
    nitems(((void *const []){ __VA_ARGS__ })))

struct buf {
	char *data;		/* always NUL-terminated once anything is added */
	size_t len;
	size_t cap;
};

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_addc(struct buf *b, char c);
/* Hands the string to the caller; the buffer is empty afterwards. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

int str_has_prefix(const char *s, const char *prefix);
/* t as ISO-8601 UTC, "YYYY-MM-DDTHH:MM:SSZ". */
#define ISO_UTC_LEN 32
void iso_utc(time_t t, char out[ISO_UTC_LEN]);
/* Where s is among names[0..n) (NULL entries and a NULL s never match), for
 * the name tables of enums; -1 when it is not there. */
int name_index(const char *s, const char *const *names, size_t n);
/* Parses a whole decimal integer within [min, max]. */
int parse_long(const char *s, long min, long max, long *out);
/* Makes this thread print and read numbers the C way ('.' as the decimal
 * point) until numeric_locale_leave(old): JSON, result lines, reports and
 * settings never follow LC_NUMERIC, which the console sets for ncursesw
 * (SPEC section 5). Returns the locale to hand back to the leave call. */
locale_t numeric_locale_enter(void);
void numeric_locale_leave(locale_t old);
/* Parses a whole finite number within [min, max], with '.' as the decimal
 * point whatever the locale. */
int parse_double(const char *s, double min, double max, double *out);
/* Parses true/false/1/0/yes/no/on/off; -1 when it is none of them. */
int parse_bool(const char *s, int *out);

#endif
