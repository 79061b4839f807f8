/* The dialog list: one table, by enum dialog, from which the console opens
 * (by key action), draws and feeds keys to the dialogs. A new dialog is its
 * file with its dialog_ops, its DLG_ id and its row here. */
#include "config.h"

#include "ui/ui.h"

const struct dialog_ops *const dialogs[DLG_COUNT] = {
	[DLG_NONE] = NULL,
	[DLG_HELP] = &dialog_help,
	[DLG_PLAYBOOK] = &dialog_playbook,
	[DLG_CHECKLIST] = &dialog_checklist,
	[DLG_REPLAY] = &dialog_replay,
	[DLG_CONTEXT] = &dialog_context,
	[DLG_HISTORY] = &dialog_history,
	[DLG_TIMELINE] = &dialog_timeline,
	[DLG_REPORT] = &dialog_report,
	[DLG_LOG] = &dialog_log,
	[DLG_ROWS] = &dialog_rows,
};

int
dialog_open_for(struct ui *u, const struct view *v, enum key_action action)
{
	for (int i = 0; i < DLG_COUNT; i++) {
		const struct dialog_ops *d = dialogs[i];

		if (d == NULL || action == KA_NONE || d->action != action)
			continue;
		if (d->open == NULL || d->open(u, v) == 0)
			dialog_set(u, (enum dialog)i);
		return 1;
	}
	return 0;
}
