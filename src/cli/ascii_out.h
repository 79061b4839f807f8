/* The command line's output under a locale that is not UTF-8: every byte
 * printed on stdout and stderr is ASCII (SPEC section 7 asks it of the
 * console; operators read the command line over the same ssh sessions). */
#ifndef INGESTGATE_ASCII_OUT_H
#define INGESTGATE_ASCII_OUT_H

/* 1 when the character set of the locale the environment names (LC_ALL,
 * LC_CTYPE, LANG) is UTF-8. */
int ascii_out_locale_utf8(void);

/* Puts a filter in front of stdout and stderr that prints text as ASCII
 * (core/ascii_text.h) when the locale is not UTF-8; 1 when it did, 0 when
 * there was nothing to do, -1 when the filter could not be made (the
 * output then stays as it was). */
int ascii_out_install(void);

/* Puts stdout and stderr back (the console draws its own ASCII). */
void ascii_out_remove(void);

#endif
