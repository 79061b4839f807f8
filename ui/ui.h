/* The console's own state (focus, dialogs, forms) and the dialogs drawn
 * over the panes. Only the main thread touches any of it. */
#ifndef INGESTGATE_UI_H
#define INGESTGATE_UI_H

#include "playbook.h"
#include "ui/view.h"

enum dialog { DLG_NONE, DLG_HELP, DLG_PLAYBOOK, DLG_CHECKLIST, DLG_REPLAY };

enum replay_field { RF_ROLE, RF_STATUS, RF_SOURCE, RF_CHANNEL, RF_LIMIT,
	RF_COUNT };

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
	unsigned rp_gen;	/* the replay this dialog started */
	int rp_confirm;		/* a count was asked for: the form stays locked
				 * until that replay ends */
	char rp_answer[24];	/* the answer being typed to the question */
	char rp_error[200];	/* why the form was refused */
};

struct monitor;

/* The key map: one table, from which the help is generated. */
struct key_binding {
	const char *keys;
	const char *help;
};
extern const struct key_binding key_bindings[];

void dialog_box(struct box *b, int h, int w);
void dialog_help_draw(const struct ui *u);
void dialog_playbook_draw(const struct ui *u, const struct view *v);
int dialog_playbook_key(struct ui *u, const struct view *v, struct monitor *m,
    int key);
void dialog_checklist_draw(const struct ui *u, const struct view *v);
void dialog_replay_open(struct ui *u, const struct view *v);
void dialog_replay_draw(const struct ui *u, const struct view *v);
int dialog_replay_key(struct ui *u, const struct view *v, struct monitor *m,
    int key);
/* The go/no-go decision of runbook section 6 from what the snapshot holds:
 * "GO", "NO-GO" or "PENDING"; items[4] get each item's verdict. */
const char *checklist_decision(const struct view *v, enum verdict items[4],
    int have[4]);

#endif
