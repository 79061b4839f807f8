/* The pager (issue 23, item 8): a report opened from the history ('h') or
 * the timeline ('T') with Enter, or the session's whole log ('l'), scrolled
 * with the list keys; '/' finds as in every list dialog (ui/list_find.c),
 * 'y' copies the file's path. The text is read when it opens; nothing here
 * judges it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fileio.h"
#include "core/util.h"
#include "ui/ui.h"

#define PG_MAX_BYTES (4 << 20)

void
pager_close(struct ui *u)
{
	for (size_t i = 0; i < u->pg_n; i++)
		free(u->pg_lines[i]);
	free(u->pg_lines);
	u->pg_lines = NULL;
	u->pg_n = 0;
	u->pg_top = 0;
}

static void
add_line(struct ui *u, const char *s, size_t len)
{
	u->pg_lines = xrealloc(u->pg_lines, (u->pg_n + 1) * sizeof *u->pg_lines);
	u->pg_lines[u->pg_n] = xmalloc(len + 1);
	memcpy(u->pg_lines[u->pg_n], s, len);
	u->pg_lines[u->pg_n++][len] = '\0';
}

int
pager_open_file(struct ui *u, const char *path)
{
	struct buf b;
	char *cause = NULL;
	const char *p, *end;

	if (path == NULL || *path == '\0') {
		snprintf(u->message, sizeof u->message, "no report to open");
		return -1;
	}
	if (fileio_read(path, PG_MAX_BYTES, &b, &cause) != 0) {
		snprintf(u->message, sizeof u->message, "%s", cause);
		free(cause);
		return -1;
	}
	pager_close(u);
	for (p = b.data; p < b.data + b.len; p = end + 1) {
		end = memchr(p, '\n', (size_t)(b.data + b.len - p));
		if (end == NULL)
			end = b.data + b.len;
		add_line(u, p, (size_t)(end - p));
	}
	buf_free(&b);
	snprintf(u->pg_title, sizeof u->pg_title, "%s", path);
	dialog_set(u, DLG_REPORT);
	return 0;
}

/* The log: every line of the session the snapshot keeps, newest last. */
static int
open_log(struct ui *u, const struct view *v)
{
	const struct mon_snapshot *s = v->snap;

	pager_close(u);
	for (int i = 0; i < s->nlog; i++) {
		struct tm tm;
		char at[16], line[200];

		localtime_r(&s->log[i].at, &tm);
		strftime(at, sizeof at, "%H:%M:%S", &tm);
		snprintf(line, sizeof line, "%s %s", at, s->log[i].text);
		add_line(u, line, strlen(line));
	}
	if (u->pg_n == 0)
		add_line(u, "(nothing logged yet)", 20);
	snprintf(u->pg_title, sizeof u->pg_title, "Log of this session "
	    "(%d lines, newest last)", s->nlog);
	u->pg_top = (int)u->pg_n - 1;
	return 0;
}

static void
geometry(struct box *b)
{
	dialog_box(b, LINES - 2, COLS - 4);
}

static void
draw(const struct ui *u, const struct view *v)
{
	struct box b;
	int rows;

	(void)v;
	geometry(&b);
	draw_frame(&b, u->pg_title, 1);
	rows = b.h - 3;
	for (int i = 0; i < rows && u->pg_top + i < (int)u->pg_n; i++) {
		const char *l = u->pg_lines[u->pg_top + i];

		draw_text(b.y + 1 + i, b.x + 2, b.w - 4, i == 0 &&
		    list_find_hit(u, l) ? ROLE_SELECTED : ROLE_NORMAL, l);
	}
	draw_textf(b.y + b.h - 1, b.x + 2, b.w - 4, ROLE_DIM, " %d/%zu · "
	    "y copy path · " KEY_LIST_HINT " ", u->pg_top + 1, u->pg_n);
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	struct box b;

	(void)v;
	(void)m;
	geometry(&b);
	if (key_list_move(key, &u->pg_top, (int)u->pg_n, b.h - 3))
		return 1;
	switch (key) {
	case 'y':
		ui_copy(u, u->dialog == DLG_REPORT ? u->pg_title : "");
		return 1;
	case '\r': case '\n': case KEY_ENTER:
		return 1;	/* Enter does not close the pager: Esc does */
	}
	return 0;
}

/* Its rows for the '/' find (ui/list_find.c): the lines, the top one
 * shown. */
static int
rows(const struct ui *u, const struct view *v)
{
	(void)v;
	return (int)u->pg_n;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	(void)v;
	(void)buf;
	(void)len;
	return u->pg_lines[i];
}

static int
row_at(const struct ui *u, const struct view *v)
{
	(void)v;
	return u->pg_top;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	(void)v;
	u->pg_top = i;
}

static const struct list_ops lines = { rows, row_text, row_at, row_go,
	NULL };

const struct dialog_ops dialog_report = {
	"report", KA_NONE, NULL, draw, key_in, NULL, &lines
};

const struct dialog_ops dialog_log = {
	"log", KA_LOG, open_log, draw, key_in, NULL, &lines
};
