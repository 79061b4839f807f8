/* `ingestgate contexts` and `ingestgate status` from the command line: the
 * flags checked and the settings loaded, then cmd_status.c lists or reads
 * the environments. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cmd_status.h"
#include "config/context.h"
#include "config/settings.h"

/* contexts and status (SPEC section 10): base holds the top-level config
 * alone, so that the list shows even when the chosen context is broken. */
int
cmd_contexts_status(const struct cli_args *a, int argc, char **argv)
{
	const char *cmd = a->command;
	struct cli_args b = *a;
	struct settings base, cur;
	int status, is_status = strcmp(cmd, "status") == 0;
	const char *one_env = a->flags.env_file != NULL ? "--env-file" :
	    a->flags.emitter_env != NULL ? "--emitter-env" :
	    a->flags.reports_dir != NULL ? "--reports-dir" :
	    a->flags.quality_checks != NULL ? "--quality-checks" :
	    a->flags.batch != NULL ? "--batch" : NULL;

	if (argc > 0)
		return cli_cmd_usage(cmd, "unexpected argument '%s'", argv[0]);
	if (one_env != NULL && (a->all || !is_status))
		return cli_cmd_usage(cmd, "%s%s names one environment; pick "
		    "it with --context NAME instead", a->all ? "with --all, " :
		    "", one_env);
	b.flags.context = context_none;
	/* The one environment's files are read once, for cur below: base
	 * is the list of contexts, and reading them twice warns twice. */
	b.flags.env_file = NULL;
	b.flags.emitter_env = NULL;
	if ((status = cli_load_settings(&b, &base)) != 0)
		return status;
	if (!is_status) {
		const struct context *c;
		char *cause = NULL;

		/* An unknown --context is a usage error here too. */
		if (context_choose(&base.contexts, a->flags.context,
		    getenv("INGESTGATE_CONTEXT"), &c, &cause) != 0) {
			status = cli_usage("%s", cause);
			free(cause);
		} else
			status = cmd_contexts(&base, a->flags.context);
		settings_free(&base);
		return status;
	}
	if (a->all) {
		status = cmd_status(&base, &base, a->flags.context, 1,
		    a->metrics_file);
		settings_free(&base);
		return status;
	}
	if ((status = cli_load_settings(a, &cur)) != 0) {
		settings_free(&base);
		return status;
	}
	status = cmd_status(&base, &cur, a->flags.context, 0,
	    a->metrics_file);
	settings_free(&cur);
	settings_free(&base);
	return status;
}
