/* What a pane or dialog draws from: the snapshot and a few UI facts. */
#ifndef INGESTGATE_VIEW_H
#define INGESTGATE_VIEW_H

#include <time.h>

#include "monitor/monitor.h"
#include "config/settings.h"
#include "ui/draw.h"

struct view {
	const struct mon_snapshot *snap;
	const struct settings *s;
	time_t now;
	int focus;
	const char *filter;	/* '/' filter of this pane's lists, or NULL */
	int sel;		/* the pane's selected row, or -1 */
	struct pane_rows *rows;	/* where the pane's rows were drawn, or NULL */
};

/* A row of a pane's list (checks, sources, messages): what the row keys,
 * a click, the '/' filter's notice and the pane's whole list (DLG_ROWS)
 * read. */
struct pane_row {
	char mark[8];		/* a verdict mark before the text, or "" */
	enum role mark_role;
	char text[320];
	enum role role;
	char source[64];	/* a DLQ source: Enter opens its replay */
	char id[128];		/* what the row is, whatever its counts say: a
				 * selection follows it as the list changes */
};

/* Where a pane's rows went when it was last drawn. */
#define PANE_ROWS_SHOWN 64
struct pane_rows {
	int n;			/* rows under the filter */
	int shown;		/* rows 0..shown-1 were drawn */
	int y[PANE_ROWS_SHOWN];	/* their lines */
	int more_y;		/* the "… N more" line, or -1 */
};

struct pane_ops;
/* Draws the pane's rows from line y up to end (exclusive): when they do
 * not fit, the last line says how many more and how to see them ("… 5
 * more checks"); the selected row (or, hidden, the more line) is
 * highlighted; where each went is kept in v->rows. Returns the next line. */
int view_rows_draw(const struct box *b, const struct view *v,
    const struct pane_ops *p, const struct gate_result *r, int y, int end);

/* The newest result for a gate: its own run or a stage of release/evidence. */
const struct gate_result *view_result(const struct view *v, enum gate_id id,
    time_t *at);
/* 1 when text passes the view's filter (case-insensitive substring). */
int view_match(const struct view *v, const char *text);
/* Draws "filter 'x': n of m" on line y when a filter is set; returns the
 * lines used (0 or 1). */
int view_filter_line(const struct view *v, const struct box *b, int y,
    size_t shown, size_t total);
const struct kv *view_metric(const struct gate_result *r, const char *key);
long long view_int(const struct gate_result *r, const char *key);

/* A pane: a const table of callbacks registered in one list (pane.c); the
 * screen's layout (ui/layout.c), the focus keys (ui/keymap.c), the frames'
 * titles and tests/unit/check_panes.c all read that list. */
struct pane_ops {
	const char *title;	/* its name, on the frame after its key */
	enum gate_id gate;
	int key;		/* focuses it (KA_FOCUS_N); unique in the key map */
	/* Draws the body inside b, below the verdict line. */
	void (*draw)(const struct box *b, const struct view *v,
	    const struct gate_result *r);
	/* The pane's box changed (start, terminal resized): recompute what
	 * depends on its size. NULL when there is nothing to recompute. */
	void (*resize)(const struct box *b);
	/* Row i of its list under the view's filter: 0, or -1 past the
	 * last. NULL: no rows. */
	int (*row)(const struct view *v, const struct gate_result *r, int i,
	    struct pane_row *out);
	const char *rows_name;	/* "checks", "sources": what its rows are */
};

extern const struct pane_ops pane_env;
extern const struct pane_ops pane_queue;
extern const struct pane_ops pane_processing;
extern const struct pane_ops pane_quality;

#define PANE_COUNT 4
extern const struct pane_ops *const panes[PANE_COUNT];

/* Draws a pane's frame, verdict line and body. */
void pane_draw(const struct pane_ops *p, const struct box *b,
    const struct view *v, int focused);
/* The box a pane's draw gets inside its box b. */
void pane_body(const struct box *b, struct box *body);
/* Calls every pane's resize hook with its box on a cols x lines screen. */
void panes_resize(int cols, int lines);

#endif
