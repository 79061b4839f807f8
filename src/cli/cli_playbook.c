/* `ingestgate playbook [CODE]`: the list of failure codes, or one code's
 * troubleshooting entry (in any case, or the nearest code suggested). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "playbook/playbook.h"
#include "config/settings.h"
#include "monitor/step_vars.h"
#include "core/suggest.h"
#include "core/util.h"

/* The entry for code, in any case, or a usage error with the nearest code. */
static int
find_entry(const struct playbook *pb, const char *code,
    const struct playbook_entry **e)
{
	char *up = xstrdup(code);
	const char **names = xcalloc(pb->n + 1, sizeof *names), *near;
	int r = 0;

	for (char *p = up; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	if ((*e = playbook_find(pb, up)) == NULL) {
		for (size_t i = 0; i < pb->n; i++)
			names[i] = pb->entries[i].code;
		near = suggest_nearest(code, names);
		r = cli_cmd_usage("playbook", "no entry for '%s'%s%s%s "
		    "('ingestgate playbook' lists the codes)", code,
		    near ? "; did you mean " : "", near ? near : "",
		    near ? "?" : "");
	}
	free(names);
	free(up);
	return r;
}

int
cmd_playbook(const struct cli_args *a, int argc, char **argv)
{
	struct settings s;
	struct playbook *pb;
	const struct playbook_entry *e;
	char *cause = NULL;
	int status;

	if (argc > 1)
		return cli_cmd_usage("playbook", "one code at most");
	if ((status = cli_load_settings(a, &s)) != 0)
		return status;
	pb = playbook_load(s.playbook_file, &cause);
	if (pb == NULL) {
		fprintf(stderr, "ingestgate: playbook: %s\n", cause);
		free(cause);
		settings_free(&s);
		return 2;
	}
	if (argc == 0)
		playbook_print_list(stdout, pb, s.lang);
	else if ((status = find_entry(pb, argv[0], &e)) == 0) {
		struct step_vars sv;

		/* The steps name this batch and the source the reports
		 * show, not {batch} and {source}. */
		step_vars_of_disk(&s, &sv);
		playbook_print_entry(stdout, e, s.lang, &sv.v);
	}
	playbook_free(pb);
	settings_free(&s);
	return status;
}
