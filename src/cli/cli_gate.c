/* `ingestgate gate NAME`: the gate named (or the nearest name), its batch
 * checked, then one run recorded and printed: JSON, or the summary and
 * KEY=VERDICT as the last line; the exit status follows the verdict. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "release/metrics.h"
#include "cli/cli_int.h"
#include "release/decision.h"
#include "cli/gate_print.h"
#include "gates/gate.h"
#include "release/gate_run.h"
#include "release/report.h"
#include "config/settings.h"
#include "core/suggest.h"
#include "core/util.h"
#include "core/waitnote.h"

/* "env-baseline, contract-smoke, ..." for messages; caller frees. */
static char *
gate_list(void)
{
	const char *names[GATE_NAMES_MAX];
	struct buf b = { 0 };

	for (int i = 0; i < GATE_COUNT; i++)
		names[i] = gate_def_get((enum gate_id)i)->name;
	names[GATE_COUNT] = NULL;
	buf_adds(&b, "");
	for (int i = 0; names[i] != NULL; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", names[i]);
	return buf_take(&b);
}

/* The gate named, or a usage error with the nearest name and the list. */
static int
find_gate(const char *name, const struct gate_def **g)
{
	const char *names[GATE_NAMES_MAX], *near;
	char *all = gate_list();
	int r;

	if ((*g = gate_def_find(name)) != NULL) {
		free(all);
		return 0;
	}
	gate_def_names(names);
	near = suggest_nearest(name, names);
	if (near != NULL)
		r = cli_cmd_usage("gate", "unknown gate '%s' (did you mean "
		    "'%s'?); gates: %s", name, near, all);
	else
		r = cli_cmd_usage("gate", "unknown gate '%s'; gates: %s",
		    name, all);
	free(all);
	return r;
}

/* --metrics-file: r for Prometheus. A file that cannot be written makes a
 * passing run exit 2: an alert fed from it would go stale unseen. */
static int
write_metrics(const struct settings *s, const struct gate_result *r,
    const char *path, int status)
{
	struct metrics_scope sc;
	char *cause = NULL;

	metrics_scope_init(&sc, s->context, r->batch);
	metrics_scope_add_result(&sc, r);
	if (metrics_write(path, &sc, 1, &cause) == 0)
		return status;
	fprintf(stderr, "ingestgate: ERROR: --metrics-file %s\n", cause);
	free(cause);
	return status == 0 ? 2 : status;
}

/* Runs g and prints what it found: JSON, or the summary and the line. */
static int
run_gate(const struct settings *s, const struct gate_def *g,
    const char *metrics_file)
{
	struct gate_ctx ctx;
	struct gate_result *r;
	char *cause = NULL;
	int status, noting;

	gate_ctx_init(&ctx, s);
	/* Only a person at a terminal reads "waiting for ...". */
	noting = isatty(STDERR_FILENO) && waitnote_start() == 0;
	r = gate_run_and_report(&ctx, g->id, &cause);
	if (noting)
		waitnote_stop();
	/* One verdict everywhere: r already says ERROR when it could not be
	 * recorded, and the exit status follows r (and its decision). */
	status = decision_exit_status(r);
	if (metrics_file != NULL)
		status = write_metrics(s, r, metrics_file, status);
	if (cause != NULL)
		fprintf(stderr, "ingestgate: ERROR: %s\n", cause);
	if (s->json) {
		char *json = report_render_json(r);

		fputs(json, stdout);
		free(json);
	} else {
		const char *term = getenv("TERM");

		gate_print_human(stdout, r, cause, !s->run_quality,
		    !s->no_color && isatty(STDOUT_FILENO) &&
		    (term == NULL || strcmp(term, "dumb") != 0));
		if (s->insecure)
			puts("  TLS VERIFICATION WAS OFF (--insecure)");
		cli_print_root(stdout, s);
		printf("%s=%s\n", g->result_key, verdict_name(r->verdict));
	}
	free(cause);
	result_free(r);
	gate_ctx_free(&ctx);
	return status;
}

int
cmd_gate(const struct cli_args *a, int argc, char **argv)
{
	const struct gate_def *g;
	struct settings s;
	char *bd, *all;
	int status;

	if (argc < 1) {
		all = gate_list();
		status = cli_cmd_usage("gate", "which gate? (%s)", all);
		free(all);
		return status;
	}
	if (argc > 1)
		return cli_cmd_usage("gate", "unexpected argument '%s'",
		    argv[1]);
	if ((status = find_gate(argv[0], &g)) != 0)
		return status;
	if ((status = cli_load_settings(a, &s)) != 0)
		return status;
	if (s.batch != NULL || g->needs_batch) {
		if ((bd = report_batch_dir(s.batch)) == NULL) {
			status = cli_cmd_usage("gate", "%s: %s", g->name,
			    s.batch == NULL ? "needs a batch code "
			    "(PHASE2_BATCH_CODE or --batch)" :
			    "the batch code is not usable as a folder name");
			settings_free(&s);
			return status;
		}
		free(bd);
	}
	status = run_gate(&s, g, a->metrics_file);
	settings_free(&s);
	return status;
}
