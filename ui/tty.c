/* Owns the terminal: the only file that starts and ends curses. Colours are
 * named roles in one table; state is never shown by colour alone (every
 * verdict is also a word). Signal handlers only write to a pipe. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "ui/tty.h"

static const struct {
	short fg, bg;
	int attr;
} roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL },
	[ROLE_DIM] = { -1, -1, A_DIM },
	[ROLE_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[ROLE_PASS] = { COLOR_GREEN, -1, A_BOLD },
	[ROLE_WARN] = { COLOR_YELLOW, -1, A_BOLD },
	[ROLE_FAIL] = { COLOR_RED, -1, A_BOLD },
	[ROLE_ERROR] = { COLOR_MAGENTA, -1, A_BOLD },
	[ROLE_SELECTED] = { -1, -1, A_REVERSE },
	[ROLE_ALERT] = { COLOR_WHITE, COLOR_RED, A_BOLD },
};

static int started;
static int colour;
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t signalled;

static void
on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	signalled = 1;
	if (write(sig_pipe[1], "q", 1) == -1)
		signalled = 1;	/* the flag alone still ends the loop */
	errno = saved;
}

int
tty_usable(char *why, size_t len)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (term == NULL || *term == '\0') {
		snprintf(why, len, "TERM is not set");
		return 0;
	}
	if (strcmp(term, "dumb") == 0) {
		snprintf(why, len, "TERM=dumb cannot draw a full screen");
		return 0;
	}
	/* Only looks the entry up: writes nothing to the terminal. */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(why, len, "TERM=%.40s is %s", term, err == 0 ?
		    "not a full-screen terminal or not in terminfo" :
		    "unknown (no terminfo database)");
		return 0;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		snprintf(why, len, "TERM=%.40s cannot move the cursor", term);
		del_curterm(cur_term);
		return 0;
	}
	del_curterm(cur_term);
	return 1;
}

int
tty_start(int no_color)
{
	struct sigaction sa;

	setlocale(LC_ALL, "");
	/* ncursesw needs LC_CTYPE only; numbers on screen keep the notation of
	 * the reports (0.99, never 0,99), whatever LANG says. */
	setlocale(LC_NUMERIC, "C");
	if (pipe(sig_pipe) == -1)
		return -1;
	fcntl(sig_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(sig_pipe[1], F_SETFL, O_NONBLOCK);
	fcntl(sig_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(sig_pipe[1], F_SETFD, FD_CLOEXEC);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (newterm(NULL, stdout, stdin) == NULL)
		return -1;
	started = 1;
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	colour = !no_color && has_colors();
	if (colour) {
		start_color();
		use_default_colors();
		for (int r = 1; r < ROLE_COUNT; r++)
			init_pair((short)r, roles[r].fg, roles[r].bg);
	}
	return 0;
}

void
tty_restore(void)
{
	if (!started)
		return;
	started = 0;
	curs_set(1);
	endwin();
}

int
tty_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int
tty_attr(enum role r)
{
	if ((unsigned)r >= ROLE_COUNT)
		r = ROLE_NORMAL;
	if (!colour) {
		/* Without colour, keep emphasis that does not depend on it. */
		if (r == ROLE_FAIL || r == ROLE_ERROR || r == ROLE_ALERT ||
		    r == ROLE_TITLE)
			return A_BOLD;
		if (r == ROLE_SELECTED || r == ROLE_HEADER)
			return A_REVERSE;
		return r == ROLE_DIM ? A_DIM : A_NORMAL;
	}
	return (int)(COLOR_PAIR(r) | (unsigned)roles[r].attr);
}

enum role
tty_verdict_role(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return ROLE_PASS;
	case VERDICT_WARN: return ROLE_WARN;
	case VERDICT_FAIL: return ROLE_FAIL;
	case VERDICT_ERROR: return ROLE_ERROR;
	case VERDICT_INCONCLUSIVE: return ROLE_WARN;
	default: return ROLE_DIM;
	}
}

int
tty_signal_fd(void)
{
	return sig_pipe[0];
}

int
tty_signalled(void)
{
	return signalled;
}
