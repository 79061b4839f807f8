/* The ':' prompt (issue 23, item 9): a command line inside the console, as
 * k9s has. Its words are completed with Tab from the program's own tables,
 * never a list of ours: the commands from the CLI's table (src/cli/cli.c),
 * gate names and aliases from the registry, failure codes from the
 * playbook, context names from the config, and `interval`, the console
 * command's one option that changes live. Enter runs what the console can
 * do in place; a command it cannot (verify, signoff, ...) says how to run
 * it in a shell. */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/gate_def.h"
#include "monitor/monitor.h"
#include "ui/ui.h"

#define PROMPT_MAX_WORDS 256

/* The candidates for word n (0: the command) after the first word cmd. */
static size_t
candidates(const struct ui *u, const struct view *v, int n, const char *cmd,
    const char **out)
{
	size_t k = 0, nc;
	const struct cli_command *c = cli_commands(&nc);

	if (n == 0) {
		for (size_t i = 0; i < nc && k < PROMPT_MAX_WORDS - 1; i++)
			out[k++] = c[i].name;
		/* The console's own option that changes live (the console
		 * row of the table names it among its options). */
		if (strstr(cli_command_find("console")->options, "interval"))
			out[k++] = "interval";
	} else if (n == 1 && strcmp(cmd, "gate") == 0) {
		const char *names[GATE_NAMES_MAX];

		gate_def_names(names);
		for (size_t i = 0; names[i] != NULL; i++)
			out[k++] = names[i];
	} else if (n == 1 && strcmp(cmd, "playbook") == 0) {
		for (size_t i = 0; i < u->pb->n && k < PROMPT_MAX_WORDS; i++)
			out[k++] = u->pb->entries[i].code;
	} else if (n == 1 && (strcmp(cmd, "context") == 0 ||
	    strcmp(cmd, "contexts") == 0)) {
		for (size_t i = 0; i < v->s->contexts.n &&
		    k < PROMPT_MAX_WORDS; i++)
			out[k++] = v->s->contexts.items[i].name;
	} else if (n == 1 && strcmp(cmd, "help") == 0) {
		for (size_t i = 0; i < nc && k < PROMPT_MAX_WORDS; i++)
			out[k++] = c[i].name;
	}
	return k;
}

/* Tab: the last word completed as far as its candidates agree. */
static void
complete(struct ui *u, const struct view *v)
{
	const char *cand[PROMPT_MAX_WORDS], *word, *match = NULL;
	char cmd[64] = "";
	int n = 0;
	size_t len, k, common = 0, hits = 0;

	word = strrchr(u->cmd, ' ');
	word = word != NULL ? word + 1 : u->cmd;
	for (const char *p = u->cmd; p < word; p++)
		n += *p == ' ' && p[1] != ' ';
	sscanf(u->cmd, "%63s", cmd);
	len = strlen(word);
	k = candidates(u, v, n, cmd, cand);
	for (size_t i = 0; i < k; i++) {
		size_t j = 0;

		if (strncasecmp(cand[i], word, len) != 0)
			continue;
		if (hits++ == 0) {
			match = cand[i];
			common = strlen(match);
			continue;
		}
		while (j < common && match[j] == cand[i][j])
			j++;
		common = j;
	}
	if (hits == 0) {
		snprintf(u->message, sizeof u->message, "no completion for '%s'",
		    word);
		return;
	}
	snprintf(u->cmd + (word - u->cmd), sizeof u->cmd - (size_t)(word -
	    u->cmd), "%.*s%s", (int)common, match, hits == 1 ? " " : "");
}

/* Enter: what the console can do in place, else how to run it. */
static void
run(struct ui *u, const struct view *v, struct monitor *m)
{
	char cmd[64] = "", arg[128] = "";
	const struct gate_def *g;

	sscanf(u->cmd, "%63s %127s", cmd, arg);
	if (strcmp(cmd, "playbook") == 0)	/* codes take any case */
		for (char *p = arg; *p != '\0'; p++)
			*p = (char)toupper((unsigned char)*p);
	if (strcmp(cmd, "gate") == 0 && (g = gate_def_find(arg)) != NULL) {
		monitor_run_gate(m, g->id);
		snprintf(u->message, sizeof u->message, "running %s…", g->name);
	} else if (strcmp(cmd, "playbook") == 0 && arg[0] != '\0' &&
	    playbook_find(u->pb, arg) != NULL) {
		snprintf(u->pb_code, sizeof u->pb_code, "%s", arg);
		u->pb_step = 0;
		dialog_set(u, DLG_PLAYBOOK);
	} else if ((strcmp(cmd, "context") == 0 || strcmp(cmd,
	    "contexts") == 0) && arg[0] != '\0')
		snprintf(u->switch_to, sizeof u->switch_to, "%s", arg);
	else if (strcmp(cmd, "interval") == 0 && atoi(arg) >= 1 &&
	    atoi(arg) <= 3600) {
		monitor_set_interval(m, atoi(arg));
		snprintf(u->message, sizeof u->message, "refreshing every %d s",
		    atoi(arg));
	} else if (strcmp(cmd, "timeline") == 0)
		dialog_open_for(u, v, KA_TIMELINE);
	else if (strcmp(cmd, "help") == 0)
		dialog_open_for(u, v, KA_HELP);
	else if (strcmp(cmd, "replay") == 0)
		dialog_open_for(u, v, KA_REPLAY);
	else if (strcmp(cmd, "status") == 0)
		dialog_open_for(u, v, KA_CHECKLIST);
	else if (cli_command_find(cmd) != NULL)
		snprintf(u->message, sizeof u->message, "not in the console: "
		    "run 'ingestgate %s' in a shell (:help lists the keys)", cmd);
	else
		snprintf(u->message, sizeof u->message, "'%s': no such command "
		    "(Tab completes)", u->cmd);
}

void
prompt_key(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	size_t len = strlen(u->cmd);

	if (key == 27) {
		u->cmd_edit = 0;
		u->cmd[0] = '\0';
	} else if (key == '\t')
		complete(u, v);
	else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		u->cmd_edit = 0;
		run(u, v, m);
		u->cmd[0] = '\0';
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len > 0)
			u->cmd[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof u->cmd) {
		u->cmd[len] = (char)key;
		u->cmd[len + 1] = '\0';
	}
}
