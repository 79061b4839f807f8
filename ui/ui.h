/* The console's own state (focus, dialogs, forms) and the dialogs drawn
 * over the panes. Only the main thread touches any of it. */
#ifndef INGESTGATE_UI_H
#define INGESTGATE_UI_H

#include "decision.h"
#include "playbook.h"
#include "ui/view.h"

enum dialog { DLG_NONE, DLG_HELP, DLG_PLAYBOOK, DLG_CHECKLIST, DLG_REPLAY,
	DLG_CONTEXT, DLG_HISTORY, DLG_TIMELINE };

enum replay_field { RF_ROLE, RF_STATUS, RF_SOURCE, RF_CHANNEL, RF_LIMIT,
	RF_MODE, RF_COUNT };

struct ui {
	int focus;
	enum dialog dialog;
	int paused;
	int quit;
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
	/* History dialog: the first line shown. */
	int hist_top;
	/* '/' filter of one pane's lists; typing while filter_edit. */
	char filter[48];
	int filter_pane;
	int filter_edit;
	/* Timeline view (dialog_timeline.c). */
	struct timeline *tl;
	int tl_sel;
};

struct monitor;
struct timeline;

/* What a key of the main screen does. */
enum key_action { KA_NONE, KA_GATE, KA_QUIT, KA_FOCUS_NEXT, KA_FOCUS_PREV,
	KA_FOCUS_N, KA_PLAYBOOK, KA_REFRESH, KA_PAUSE, KA_CHECKLIST, KA_REPLAY,
	KA_HISTORY, KA_FILTER, KA_LANG, KA_HELP, KA_CONTEXT, KA_TIMELINE };

/* The key map: one table, from which the help dialog, the hint bar and the
 * key handling are all generated. */
struct key_binding {
	const char *keys;	/* as the help shows them */
	const char *help;
	const char *hint;	/* in the hint bar; NULL: help only */
	int keep;		/* hint bar: higher goes later when it is cut */
	enum key_action action;
	int codes[9];		/* the keys, 0-terminated */
};
extern const struct key_binding key_bindings[];

void dialog_help_draw(const struct ui *u);
void dialog_playbook_draw(const struct ui *u, const struct view *v);
int dialog_playbook_key(struct ui *u, const struct view *v, struct monitor *m,
    int key);
void dialog_history_draw(const struct ui *u, const struct view *v);
int dialog_history_key(struct ui *u, const struct view *v, int key);
/* The binding of a key of the main screen, or NULL; *index gets the key's
 * place in its codes[]. */
const struct key_binding *key_binding_find(int key, int *index);
void dialog_checklist_draw(const struct ui *u, const struct view *v);
void dialog_replay_open(struct ui *u, const struct view *v);
void dialog_replay_draw(const struct ui *u, const struct view *v);
int dialog_replay_key(struct ui *u, const struct view *v, struct monitor *m,
    int key);
void dialog_context_draw(const struct ui *u, const struct view *v);
int dialog_context_key(struct ui *u, const struct view *v, int key);
/* The newest verdict of each evidence stage (the registry's evidence row)
 * the snapshot holds, for the core's decision (decision_decide); st holds
 * GATE_STAGES_MAX; returns how many. */
size_t checklist_stages(const struct view *v, struct decision_stage *st);
void dialog_timeline_open(struct ui *u, const struct view *v);
void dialog_timeline_close(struct ui *u);
void dialog_timeline_draw(const struct ui *u, const struct view *v);
int dialog_timeline_key(struct ui *u, int key);

#endif
