/* The console's own state (focus, dialogs, forms) and the dialogs drawn
 * over the panes. Only the main thread touches any of it. */
#ifndef INGESTGATE_UI_H
#define INGESTGATE_UI_H

#include "release/decision.h"
#include "playbook/playbook.h"
#include "ui/view.h"

/* The open dialog: its place in dialogs[] (ui/dialogs.c). */
enum dialog { DLG_NONE, DLG_HELP, DLG_PLAYBOOK, DLG_CHECKLIST, DLG_REPLAY,
	DLG_CONTEXT, DLG_HISTORY, DLG_TIMELINE, DLG_REPORT, DLG_LOG, DLG_ROWS,
	DLG_COUNT };

enum replay_field { RF_ROLE, RF_STATUS, RF_SOURCE, RF_CHANNEL, RF_LIMIT,
	RF_MODE, RF_COUNT };

struct ui {
	int focus;
	enum dialog dialog;
	int paused;
	int quit;
	int zoom;		/* z: the focused pane takes the screen */
	unsigned banner_seen;	/* the HOLD banner dismissed (its seq) */
	const struct playbook *pb;
	enum playbook_lang lang;
	char message[160];	/* one-line notice in the hint bar */
	/* Playbook dialog. */
	char pb_code[48];
	int pb_step;
	/* Replay dialog. */
	int rp_field;
	int rp_role;		/* 0 MANAGER, 1 ADMIN */
	int rp_status;		/* 0 OPEN, 1 FAILED */
	char rp_source[64];
	char rp_channel[64];
	char rp_limit[8];
	int rp_canary;		/* mode: 0 all at once, 1 canary steps */
	int rp_stop;		/* Esc asked the running canary to stop */
	unsigned rp_gen;	/* the replay this dialog started */
	int rp_confirm;		/* a count was asked for: the form stays locked
				 * until that replay ends */
	char rp_answer[24];	/* the answer being typed to the question */
	char rp_error[200];	/* why the form was refused */
	/* Context chooser: the selected row; a name asks the loop to switch. */
	int cx_sel;
	char switch_to[72];
	/* Help: the first line shown. */
	int help_top;
	/* Go/no-go checklist: the first line shown. */
	int ck_top;
	/* History dialog: the first line shown. */
	int hist_top;
	/* '/' filter of one pane's lists; typing while filter_edit. */
	char filter[48];
	int filter_pane;
	int filter_edit;
	/* The ':' prompt (prompt.c): typing while cmd_edit. */
	char cmd[128];
	int cmd_edit;
	/* Pager (dialog_pager.c): a report or the log, as lines. */
	char **pg_lines;
	size_t pg_n;
	int pg_top;
	char pg_title[600];	/* the file's path, or the log's title */
	/* '/' find of every list dialog (ui/list_find.c): the term, typed
	 * while find_edit, and the dialog it belongs to. */
	char find[48];
	int find_edit;
	enum dialog find_dialog;
	/* A row of the focused pane selected (Up/Down j/k; -1 none), and the
	 * pane's whole list (DLG_ROWS: pane rows_pane, selected row_sel). */
	int row;
	char row_id[128];	/* what row is (struct pane_row's id): the
				 * list changes under it, the selection follows
				 * this (ui/console_rows.c) */
	int rows_pane;
	int rows_sel;
	/* Timeline view (dialog_timeline.c). */
	struct timeline *tl;
	int tl_sel;
};

struct monitor;
struct timeline;

/* What a key of the main screen does. */
enum key_action { KA_NONE, KA_GATE, KA_QUIT, KA_FOCUS_NEXT, KA_FOCUS_PREV,
	KA_FOCUS_N, KA_PLAYBOOK, KA_REFRESH, KA_PAUSE, KA_CHECKLIST, KA_REPLAY,
	KA_HISTORY, KA_FILTER, KA_LANG, KA_HELP, KA_CONTEXT, KA_TIMELINE,
	KA_ZOOM, KA_LOG, KA_COPY, KA_PROMPT, KA_ROW,
	/* A replayed session's player (issue 26; ui/timebar.c). */
	KA_PLAY_STEP, KA_PLAY_EVENT, KA_PLAY_TOGGLE, KA_PLAY_SPEED,
	KA_PLAY_FIND };

/* Where a key works: everywhere, in the live console only, or in a replay
 * only (issue 26). The console sets the mode once it knows which it is. */
enum key_mode { KM_ANY, KM_LIVE, KM_REPLAY };

/* The key map: one table, from which the help dialog, the hint bar and the
 * key handling are all generated. */
struct key_binding {
	const char *keys;	/* as the help shows them; "": generated from
				 * the codes (key_binding_label) */
	const char *help;	/* "": generated (key_binding_help) */
	const char *hint;	/* in the hint bar; NULL: help only; "":
				 * generated (key_binding_hint) */
	int keep;		/* hint bar: higher goes later when it is cut */
	enum key_action action;
	int codes[9];		/* the keys, 0-terminated; KA_FOCUS_N's come
				 * from the panes, a gate row's from the
				 * registry (key_binding_code) */
	const char *gates;	/* KA_GATE: "*" every gate that runs on its
				 * own, else a gate's CLI name; else NULL */
	enum key_mode mode;	/* KM_ANY when left out */
};
void keymap_set_mode(enum key_mode mode);
/* 1 when k works in the mode set: the help, the hint bar and
 * key_binding_find show and take only those. */
int key_binding_active(const struct key_binding *k);
extern const struct key_binding key_bindings[];
/* The i-th key code of a binding, 0 past the last: codes[], for
 * KA_FOCUS_N the key of panes[i], for a gate row the console key of the
 * i-th gate it picks. */
int key_binding_code(const struct key_binding *k, int i);
/* The keys as the help shows them: k->keys, or when that is "" its codes
 * ("1 2 3 4") written into buf. */
const char *key_binding_label(const struct key_binding *k, char *buf,
    size_t len);
/* The help line and the hint as shown: the row's text, or when that is ""
 * made from the registry into buf ("run F-00 …", "r release"). */
/* A gate row's help also says whether it records (s NULL: not said). */
const char *key_binding_help(const struct key_binding *k,
    const struct settings *s, char *buf, size_t len);
const char *key_binding_hint(const struct key_binding *k,
    const struct settings *s, char *buf, size_t len);

/* The binding of a key of the main screen, or NULL; *index gets the key's
 * place in its codes[]. */
const struct key_binding *key_binding_find(int key, int *index);
/* The keys every dialog's list or scrolled text moves with (j/k, arrows,
 * PgUp/PgDn by page, Home/End): moves *sel within 0..n-1 and returns 1,
 * or 0 for any other key. */
int key_list_move(int key, int *sel, int n, int page);
/* The line every list dialog shows at its foot: how to move, find and
 * close. */
#define KEY_LIST_HINT "j/k ↑/↓ PgUp/PgDn Home/End move · / find · n next · " \
	"Esc close"

/* A list dialog's rows, for the one '/' find of every list dialog
 * (ui/list_find.c): how many, row i's text (written into buf), the row
 * shown now (selected, or at the top) and showing row i. */
struct list_ops {
	int (*count)(const struct ui *u, const struct view *v);
	const char *(*text)(const struct ui *u, const struct view *v, int i,
	    char *buf, size_t len);
	int (*at)(const struct ui *u, const struct view *v);
	void (*go)(struct ui *u, const struct view *v, int i);
	/* A list costly to build holds it for one find (on 1 before the
	 * find's many calls, 0 after) instead of building it at each; NULL
	 * for a list that is cheap to read. */
	void (*hold)(const struct ui *u, const struct view *v, int on);
};

/* A dialog: a const table of callbacks, each in its file, registered in one
 * list (ui/dialogs.c) that opening, drawing and key handling all read. */
struct dialog_ops {
	const char *name;
	enum key_action action;	/* the main screen's key that opens it */
	/* May it open? 0, or -1 with the reason in u->message; it sets up
	 * its state. NULL: it always opens. */
	int (*open)(struct ui *u, const struct view *v);
	void (*draw)(const struct ui *u, const struct view *v);
	/* A key while it is open, before the common ones (Esc closes, L
	 * language, q and Enter close): 1 when it took the key. NULL: only
	 * the common keys. */
	int (*key)(struct ui *u, const struct view *v, struct monitor *m,
	    int key);
	/* The terminal was resized; NULL when there is nothing to recompute
	 * (a dialog centres its box at every draw). */
	void (*resize)(struct ui *u);
	/* A list dialog's rows ('/' finds in them); NULL for a form. */
	const struct list_ops *list;
};

extern const struct dialog_ops dialog_help;
extern const struct dialog_ops dialog_playbook;
extern const struct dialog_ops dialog_checklist;
extern const struct dialog_ops dialog_replay;
extern const struct dialog_ops dialog_context;
extern const struct dialog_ops dialog_history;
extern const struct dialog_ops dialog_timeline;
extern const struct dialog_ops dialog_report;
extern const struct dialog_ops dialog_log;
extern const struct dialog_ops dialog_rows;
/* By enum dialog; dialogs[DLG_NONE] is NULL. */
extern const struct dialog_ops *const dialogs[DLG_COUNT];

/* Opens the dialog bound to action (if one is): 1 when action is a
 * dialog's, whether or not it opened; else 0. */
int dialog_open_for(struct ui *u, const struct view *v,
    enum key_action action);
/* Opens dialog d (DLG_NONE: closes it; ui/list_find.c): every opening and
 * closing goes here, so a find never outlives its dialog. */
void dialog_set(struct ui *u, enum dialog d);
/* The '/' find of a list dialog (ui/list_find.c): a key while the dialog
 * is open, before its own keys, with the dialog's rows (l, NULL for a
 * form: nothing taken); 1 when it took the key ('/', n, or any key
 * while the term is typed). */
int list_find_key(struct ui *u, const struct view *v,
    const struct list_ops *l, int key);
/* 1 when the open dialog has a term and text holds it (to mark a hit). */
int list_find_hit(const struct ui *u, const char *text);
/* The find field in the hint line while it is typed; 1 when drawn. */
int list_find_draw(const struct ui *u, int y);
/* The main screen's pane rows (ui/console_rows.c): the view a pane is
 * drawn with (its selected row, where its rows go), the row keys, Enter
 * and a click on a row (1 when it opened one), the row selected when a
 * '/' filter is kept, and the notice of a selected row the pane cannot
 * show (1 when there is one). */
void rows_view(const struct ui *u, int pane, struct view *pv);
void rows_move(struct ui *u, const struct view *v, int key);
int rows_enter(struct ui *u, const struct view *v);
/* Finds the selected row again in the list as it is now (before a draw,
 * Enter, a move); a row gone clears the selection and says so. And, after
 * a draw, what each drawn row was (a click names what it saw). */
void rows_resolve(struct ui *u, const struct view *v);
void rows_drawn(const struct ui *u, const struct view *v);
int rows_click(struct ui *u, const struct view *v, int pane, int y);
void rows_filter_kept(struct ui *u, const struct view *v);
int rows_notice(const struct ui *u, char *buf, size_t len);
/* The header line (ui/header.c). */
void header_draw(const struct ui *u, const struct view *v);
/* Opens the pane's whole list (DLG_ROWS) at row sel. */
void dialog_rows_open(struct ui *u, int pane, int sel);
/* Opens the replay dialog preset to a source of the queue pane (and the
 * pane's dominant status, as the dialog opens). */
void dialog_replay_open_source(struct ui *u, const struct view *v,
    const char *source);
/* Opens the pager on a file (Enter in the history or the timeline): 0, or
 * -1 with the reason in u->message. */
int pager_open_file(struct ui *u, const char *path);
/* Frees what the pager holds. */
void pager_close(struct ui *u);
/* A key while the ':' prompt is open: edits, completes (Tab), runs
 * (Enter) or cancels (Esc) it. */
void prompt_key(struct ui *u, const struct view *v, struct monitor *m,
    int key);
/* Puts text on the terminal's clipboard (OSC 52) and says so. */
void ui_copy(struct ui *u, const char *text);
/* The replay's time bar and its keys (ui/timebar.c, issue 26): how many
 * lines of the log it takes (0 live), its drawing at line y, a player
 * key's action, and the keys while "/" is typed (1 when it took one). */
int timebar_lines(const struct view *v);
void timebar_draw(const struct view *v, int y);
void timebar_action(struct ui *u, struct monitor *m,
    const struct key_binding *k, int idx);
int timebar_edit_key(struct ui *u, struct monitor *m, int key);
/* Frees the timeline the timeline dialog built (when the console ends). */
void dialog_timeline_close(struct ui *u);

#endif
