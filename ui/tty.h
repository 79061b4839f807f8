/* The terminal: curses start and restore, colour roles, signals. */
#ifndef INGESTGATE_TTY_H
#define INGESTGATE_TTY_H

#include <stddef.h>

#include "core/codes.h"

enum role {
	ROLE_NORMAL,
	ROLE_DIM,
	ROLE_TITLE,
	ROLE_HEADER,
	ROLE_PASS,
	ROLE_WARN,
	ROLE_FAIL,
	ROLE_ERROR,
	ROLE_SELECTED,
	ROLE_ALERT,
	ROLE_COUNT
};

/* 1 when $TERM names a terminal curses can draw a full screen on; else 0
 * with the reason in why. Sends nothing to the terminal. */
int tty_usable(char *why, size_t len);
/* Starts curses; colour unless no_color. Returns -1 when there is no
 * usable terminal. */
int tty_start(int no_color);
/* 1 when the locale's character set is UTF-8. */
int tty_utf8(void);
/* Restores the terminal; safe to call more than once and from the fatal hook. */
void tty_restore(void);
/* The curses attribute of a role. */
int tty_attr(enum role r);
enum role tty_verdict_role(enum verdict v);
/* The fd that becomes readable on SIGINT/SIGTERM; tty_signalled() tells. */
int tty_signal_fd(void);
int tty_signalled(void);

#endif
