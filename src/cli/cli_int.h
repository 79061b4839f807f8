/* What the command table of cli.c reaches in the files that hold the
 * commands' bodies (cli_gate.c, cli_playbook.c, cli_replay.c,
 * cli_contexts.c), and the settings every command loads (cli_settings.c).
 * Internal to src/cli/; the public API is cli.h. */
#ifndef INGESTGATE_CLI_INT_H
#define INGESTGATE_CLI_INT_H

#include "cli/cli.h"
#include "config/settings.h"

/* cli_settings.c: the settings for a run from the flags; 0, or the exit
 * status (64) after saying what failed. s is freed by the caller on 0. */
int cli_load_settings(const struct cli_args *a, struct settings *s);

/* cli_settings.c: 0 when s names who writes, else a usage error of
 * command cmd saying how to name one (exit 64). */
int cli_need_operator(const struct settings *s, const char *cmd);

/* The commands' bodies, as the command table calls them. */
/* cli_gate.c */
int cmd_gate(const struct cli_args *a, int argc, char **argv);
/* cli_playbook.c */
int cmd_playbook(const struct cli_args *a, int argc, char **argv);
/* cli_replay.c */
int cmd_replay(const struct cli_args *a, int argc, char **argv);
/* cli_contexts.c: `contexts` and `status` */
int cmd_contexts_status(const struct cli_args *a, int argc, char **argv);
/* cli_doctor.c */
int cmd_doctor(const struct cli_args *a, int argc, char **argv);
/* cli_session.c: `session list|replay|report` (issue 26) */
int cmd_session(const struct cli_args *a, int argc, char **argv);

#endif
