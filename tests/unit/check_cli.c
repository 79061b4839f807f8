/* The command line: exit codes, the result line, --json, bad input, and
 * F-00 offline on env files; no secret in any output or report. */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli/cli.h"
#include "core/fileio.h"
#include "core/gate_def.h"
#include "cli/gate_print.h"
#include "core/result.h"
#include "config/settings.h"
#include "core/suggest.h"
#include "unit.h"
#include "core/util.h"

static char dir[64];
static char *out, *err;

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ig-cli-%ld", (long)getpid());
	mkdir(dir, 0755);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	for (int k = 0; k < ENV_KEY_COUNT; k++)
		unsetenv(env_key_name((enum env_key)k));
	unsetenv("NO_COLOR");
}

static void
teardown(void)
{
	free(out);
	free(err);
	out = err = NULL;
	unit_rm_tree(dir);
}

static char *
slurp(const char *path)
{
	struct buf b;
	char *cause = NULL;

	if (fileio_read(path, 64 << 20, &b, &cause) != 0) {
		free(cause);
		return xstrdup("");
	}
	return buf_take(&b);
}

/* Runs the CLI with stdout and stderr captured; NULL-terminated args. */
static int
run(const char *first, ...)
{
	char *argv[64], *po = xasprintf("%s/out", dir), *pe = xasprintf("%s/err", dir);
	int argc = 0, status, so = dup(1), se = dup(2), fo, fe;
	va_list ap;
	const char *a;

	argv[argc++] = xstrdup("ingestgate");
	va_start(ap, first);
	for (a = first; a != NULL && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = xstrdup(a);
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fo, 1);
	dup2(fe, 2);
	optind = 0;
	status = cli_main(argc, argv, NULL);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(fo);
	close(fe);
	close(so);
	close(se);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(out);
	free(err);
	out = slurp(po);
	err = slurp(pe);
	free(po);
	free(pe);
	return status;
}

static const char *
last_line(void)
{
	static char line[256];
	size_t len = strlen(out);
	const char *p;

	if (len > 0 && out[len - 1] == '\n')
		len--;
	for (p = out + len; p > out && p[-1] != '\n'; p--)
		;
	snprintf(line, sizeof line, "%.*s", (int)(out + len - p), p);
	return line;
}

/* Writes an env file from the good fixture with one key replaced. */
static char *
env_with(const char *key, const char *line)
{
	char *path = xasprintf("%s/test.env", dir);
	FILE *f = fopen(path, "w");
	static const char *const base[] = {
	    "CORE_API_BASE_URL=https://core-api.internal:8443",
	    "CORE_API_ADMIN_TOKEN=adm_SECRETVALUE_0001",
	    "INGEST_SERVICE_TOKEN=svc_SECRETVALUE_0002",
	    "INGEST_SERVICE_SECRET=sec_SECRETVALUE_0003",
	    "REDIS_URL=redis://:SECRETVALUE_0004@127.0.0.1:6379/0",
	    "INGEST_REDIS_URL=redis://:SECRETVALUE_0004@127.0.0.1:6379/0",
	    "OPS_DB_URL=postgresql://ingest:SECRETVALUE_0005@127.0.0.1:5432/ops_db",
	    "PHASE2_BATCH_CODE=F-2026-02-20",
	    "WEB_EMIT_BOOKING_EVENT_ENABLED=false",
	    "INGEST_QUEUE_ENABLED=true",
	    "INGEST_WEBHOOK_ENABLED=true",
	    "INGEST_REPLAY_ENABLED=true" };

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) {
		if (key != NULL && strncmp(base[i], key, strlen(key)) == 0 &&
		    base[i][strlen(key)] == '=') {
			if (line != NULL)
				fprintf(f, "%s\n", line);
			continue;
		}
		fprintf(f, "%s\n", base[i]);
	}
	fclose(f);
	return path;
}

static void
assert_no_secret(void)
{
	char *cmd, *all = NULL;
	struct buf b = { 0 };

	/* stdout, stderr and every report file. */
	buf_adds(&b, out);
	buf_adds(&b, err);
	cmd = xasprintf("%s/reports/gates/ingest-env-baseline/latest.json", dir);
	all = slurp(cmd);
	buf_adds(&b, all);
	free(all);
	free(cmd);
	cmd = xasprintf("%s/reports/gates/ingest-env-baseline/latest.md", dir);
	all = slurp(cmd);
	buf_adds(&b, all);
	free(all);
	free(cmd);
	ck_assert_msg(strstr(b.data, "SECRETVALUE") == NULL,
	    "a secret value leaked into the output or a report");
	buf_free(&b);
}

static int
gate_env(const char *env, ...)
{
	char *reports = xasprintf("%s/reports", dir);
	int r = run("gate", "env-baseline", "--offline", "--env-file", env,
	    "--reports-dir", reports, (char *)NULL);

	free(reports);
	return r;
}

START_TEST(test_version_help)
{
	ck_assert_int_eq(run("--version", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "ingestgate " PACKAGE_VERSION));
	ck_assert_int_eq(run("--help", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage:"));
}
END_TEST

START_TEST(test_usage_errors)
{
	ck_assert_int_eq(run("gate", "no-such-gate", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "no-such-gate"));
	ck_assert_int_eq(run("gate", (char *)NULL), EXIT_USAGE);
	ck_assert_int_eq(run("--bogus", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--bogus"));
	ck_assert_int_eq(run("gate", "processing", "--window", "abc",
	    (char *)NULL), EXIT_USAGE);
	/* The flag is named, not the env key it overrides. */
	ck_assert_ptr_nonnull(strstr(err, "--window"));
	ck_assert_ptr_null(strstr(err, "GATE_WINDOW_MINUTES"));
	ck_assert_int_eq(run("frobnicate", (char *)NULL), EXIT_USAGE);
	ck_assert_int_eq(run("gate", "quality", "--batch", "..", (char *)NULL),
	    EXIT_USAGE);
	ck_assert_int_eq(run("gate", "env-baseline", "--env-file",
	    "/nonexistent.env", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent.env"));
	ck_assert_int_eq(run("replay", "--status", "OPEN", "--role", "VIEWER",
	    (char *)NULL), EXIT_USAGE);
}
END_TEST

START_TEST(test_runbook_alias)
{
	char *env = env_with(NULL, NULL), *reports = xasprintf("%s/r", dir);

	ck_assert_int_eq(run("gate", "gate:ingest-env-baseline", "--offline",
	    "--env-file", env, "--reports-dir", reports, (char *)NULL), 0);
	ck_assert_str_eq(last_line(), "INGEST_ENV_BASELINE_RESULT=PASS");
	free(env);
	free(reports);
}
END_TEST

START_TEST(test_env_pass)
{
	char *env = env_with(NULL, NULL);

	ck_assert_int_eq(gate_env(env), 0);
	ck_assert_str_eq(last_line(), "INGEST_ENV_BASELINE_RESULT=PASS");
	assert_no_secret();
	free(env);
}
END_TEST

START_TEST(test_env_missing_key)
{
	char *env = env_with("OPS_DB_URL", NULL);

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_str_eq(last_line(), "INGEST_ENV_BASELINE_RESULT=FAIL");
	ck_assert_ptr_nonnull(strstr(out, "ENV_MISSING_KEY"));
	ck_assert_ptr_nonnull(strstr(out, "OPS_DB_URL"));
	assert_no_secret();
	free(env);
}
END_TEST

START_TEST(test_env_empty_key)
{
	char *env = env_with("INGEST_SERVICE_TOKEN", "INGEST_SERVICE_TOKEN=");

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(out, "ENV_MISSING_KEY"));
	free(env);
}
END_TEST

START_TEST(test_env_flag_disabled)
{
	char *env = env_with("INGEST_REPLAY_ENABLED", "INGEST_REPLAY_ENABLED=false");

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(out, "ENV_FLAG_DISABLED"));
	ck_assert_ptr_nonnull(strstr(out, "INGEST_REPLAY_ENABLED=false"));
	free(env);
}
END_TEST

START_TEST(test_env_emit_early)
{
	char *env = env_with("WEB_EMIT_BOOKING_EVENT_ENABLED",
	    "WEB_EMIT_BOOKING_EVENT_ENABLED=true");
	char *reports = xasprintf("%s/reports", dir);

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(out, "ENV_EMIT_ENABLED_EARLY"));
	ck_assert_int_eq(run("gate", "env-baseline", "--offline",
	    "--activation-window", "--env-file", env, "--reports-dir", reports,
	    (char *)NULL), 0);
	free(env);
	free(reports);
}
END_TEST

START_TEST(test_env_invalid_url)
{
	char *env = env_with("OPS_DB_URL",
	    "OPS_DB_URL=mysql://ingest:SECRETVALUE_0005@db/ops");

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(out, "ENV_INVALID_URL"));
	ck_assert_ptr_nonnull(strstr(out, "OPS_DB_URL"));
	assert_no_secret();
	free(env);
}
END_TEST

START_TEST(test_env_hidden_chars)
{
	char *env = env_with("INGEST_SERVICE_SECRET",
	    "INGEST_SERVICE_SECRET=\"sec_SECRETVALUE_0003 \"");

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(out, "ENV_SECRET_HIDDEN_CHARS"));
	ck_assert_ptr_nonnull(strstr(out, "U+0020 SPACE at the end"));
	assert_no_secret();
	free(env);
}
END_TEST

START_TEST(test_env_secret_mismatch)
{
	char *env = env_with(NULL, NULL), *em = xasprintf("%s/emitter.env", dir);
	char *reports = xasprintf("%s/reports", dir);
	FILE *f = fopen(em, "w");

	fputs("INGEST_SERVICE_TOKEN=svc_SECRETVALUE_0002\n"
	    "INGEST_SERVICE_SECRET=sec_SECRETVALUE_0099\n", f);
	fclose(f);
	ck_assert_int_eq(run("gate", "env-baseline", "--offline", "--env-file",
	    env, "--emitter-env", em, "--reports-dir", reports, (char *)NULL), 1);
	ck_assert_ptr_nonnull(strstr(out, "ENV_SECRET_MISMATCH"));
	ck_assert_ptr_nonnull(strstr(out, "INGEST_SERVICE_SECRET differs"));
	assert_no_secret();
	free(env);
	free(em);
	free(reports);
}
END_TEST

START_TEST(test_env_bad_line_reported)
{
	/* dotenv ignores a line without '=': a warning naming the line, and
	 * the key it meant to set is missing. */
	char *env = env_with("PHASE2_BATCH_CODE", "PHASE2_BATCH_CODE F-2026-02-20");

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(err, "test.env:8: a key without '='"));
	ck_assert_ptr_nonnull(strstr(out, "ENV_PARSE_ERROR"));
	ck_assert_ptr_nonnull(strstr(out, "PHASE2_BATCH_CODE"));
	free(env);
}
END_TEST

START_TEST(test_json_output)
{
	char *env = env_with(NULL, NULL), *reports = xasprintf("%s/reports", dir);
	json_object *o, *v;

	ck_assert_int_eq(run("gate", "env-baseline", "--offline", "--json",
	    "--env-file", env, "--reports-dir", reports, (char *)NULL), 0);
	o = json_tokener_parse(out);
	ck_assert_ptr_nonnull(o);
	json_object_object_get_ex(o, "verdict", &v);
	ck_assert_str_eq(json_object_get_string(v), "PASS");
	json_object_object_get_ex(o, "id", &v);
	ck_assert_str_eq(json_object_get_string(v), "F-00");
	json_object_object_get_ex(o, "code", &v);
	ck_assert_ptr_null(v);
	json_object_object_get_ex(o, "checks", &v);
	ck_assert_int_ge(json_object_array_length(v), 10);
	json_object_object_get_ex(o, "report", &v);
	ck_assert_ptr_nonnull(v);
	json_object_put(o);
	assert_no_secret();
	free(env);
	free(reports);
}
END_TEST

START_TEST(test_unwritable_reports)
{
	char *env = env_with(NULL, NULL);

	ck_assert_int_eq(run("gate", "env-baseline", "--offline", "--env-file",
	    env, "--reports-dir", "/dev/null/reports", (char *)NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "cannot write the report"));
	ck_assert_str_eq(last_line(), "INGEST_ENV_BASELINE_RESULT=ERROR");
	/* The human text says so first, with its code, naming the path. */
	ck_assert_ptr_nonnull(strstr(out, "ERROR (REPORT_WRITE_FAILED): this "
	    "run could not be recorded: cannot write the report: cannot "
	    "create /dev/null"));
	/* One verdict everywhere: the JSON agrees with the line and exit. */
	ck_assert_int_eq(run("gate", "env-baseline", "--offline", "--json",
	    "--env-file", env, "--reports-dir", "/dev/null/reports",
	    (char *)NULL), 2);
	{
		json_object *o = json_tokener_parse(out), *v;

		ck_assert_ptr_nonnull(o);
		json_object_object_get_ex(o, "verdict", &v);
		ck_assert_str_eq(json_object_get_string(v), "ERROR");
		json_object_object_get_ex(o, "code", &v);
		ck_assert_str_eq(json_object_get_string(v),
		    "REPORT_WRITE_FAILED");
		json_object_put(o);
	}
	free(env);
}
END_TEST

START_TEST(test_playbook_command)
{
	ck_assert_int_eq(run("playbook", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "ENV_RELOAD_PENDING"));
	ck_assert_int_eq(run("playbook", "QUEUE_REDIS_UNREACHABLE", "--lang",
	    "id", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "tidak dapat dijangkau"));
	ck_assert_int_eq(run("playbook", "NOPE", (char *)NULL), EXIT_USAGE);
	ck_assert_int_eq(run("playbook", "--lang", "fr", (char *)NULL),
	    EXIT_USAGE);
}
END_TEST

/* Help per command and per gate, from the tables (issue 12 item 8). */
START_TEST(test_help_per_command_and_gate)
{
	char *gate_help;

	ck_assert_int_eq(run("help", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage:"));
	ck_assert_ptr_nonnull(strstr(out, "commands:"));
	ck_assert_int_eq(run("help", "processing", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "INGEST_PROCESSING_RESULT=VERDICT"));
	ck_assert_ptr_nonnull(strstr(out, "examples:"));
	ck_assert_ptr_nonnull(strstr(out, "ingestgate gate processing --window"));
	ck_assert_ptr_null(strstr(out, "--quality-checks"));
	gate_help = xstrdup(out);
	ck_assert_int_eq(run("gate", "processing", "--help", (char *)NULL), 0);
	ck_assert_str_eq(out, gate_help);
	ck_assert_int_eq(run("help", "F-03", (char *)NULL), 0);
	ck_assert_str_eq(out, gate_help);
	free(gate_help);
	ck_assert_int_eq(run("replay", "--help", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage: ingestgate replay"));
	ck_assert_ptr_nonnull(strstr(out, "--role MANAGER|ADMIN"));
	ck_assert_ptr_nonnull(strstr(out, "examples:"));
	ck_assert_ptr_null(strstr(out, "commands:"));
	ck_assert_int_eq(run("help", "gate", (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage: ingestgate gate NAME"));
	ck_assert_ptr_nonnull(strstr(out, "dlq-growth"));
	ck_assert_int_eq(run("help", "nope", (char *)NULL), EXIT_USAGE);
}
END_TEST

static const struct cli_command *
command(const char *name)
{
	const struct cli_command *c = cli_command_find(name);

	ck_assert_ptr_nonnull(c);
	return c;
}

/* Which option applies where (item 9): the table, then the run. */
START_TEST(test_flag_applicability)
{
	const struct gate_def *q = gate_def_find("quality");
	const struct gate_def *p = gate_def_find("processing");
	const struct gate_def *e = gate_def_find("evidence");

	ck_assert(!cli_option_applies(command("playbook"), NULL, "window"));
	ck_assert(cli_option_applies(command("playbook"), NULL, "lang"));
	ck_assert(!cli_option_applies(command("replay"), NULL, "lang"));
	ck_assert(cli_option_applies(command("replay"), NULL, "role"));
	ck_assert(cli_option_applies(command("console"), NULL, "interval"));
	ck_assert(!cli_option_applies(command("gate"), p, "interval"));
	ck_assert(cli_option_applies(command("gate"), p, "window"));
	ck_assert(!cli_option_applies(command("gate"), q, "window"));
	ck_assert(cli_option_applies(command("gate"), q, "quality-checks"));
	ck_assert(cli_option_applies(command("gate"), NULL, "window"));
	ck_assert(cli_option_applies(command("gate"), e, "offline"));
	ck_assert(cli_option_applies(command("gate"), q, "json"));
	ck_assert(cli_option_applies(command("status"), NULL, "all"));
	ck_assert(!cli_option_applies(command("contexts"), NULL, "all"));

	ck_assert_int_eq(run("playbook", "--window", "5", (char *)NULL),
	    EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--window does not apply to "
	    "'playbook'"));
	ck_assert_int_eq(run("gate", "quality", "--window", "5", (char *)NULL),
	    EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--window does not apply to gate "
	    "quality"));
	ck_assert_int_eq(run("replay", "--status", "OPEN", "--role", "ADMIN",
	    "--lang", "en", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--lang"));
}
END_TEST

/* A bad value names the accepted set; sets ignore case (item 9). */
START_TEST(test_value_sets)
{
	const char *canon = NULL;
	char *why = NULL;

	ck_assert_int_eq(cli_value_check(cli_option_find("role"), "manager",
	    &canon, &why), 0);
	ck_assert_str_eq(canon, "MANAGER");
	ck_assert_int_eq(cli_value_check(cli_option_find("lang"), "ID",
	    &canon, &why), 0);
	ck_assert_str_eq(canon, "id");
	ck_assert_int_eq(cli_value_check(cli_option_find("status"), "CLOSED",
	    &canon, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "OPEN or FAILED"));
	free(why);
	ck_assert_int_eq(cli_value_check(cli_option_find("window"), "0",
	    &canon, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "--window"));
	free(why);

	ck_assert_int_eq(run("replay", "--status", "CLOSED", "--role",
	    "MANAGER", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "'CLOSED' is not OPEN or FAILED"));
	ck_assert_int_eq(run("playbook", "--lang", "xx", (char *)NULL),
	    EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "'xx' is not en or id"));
	ck_assert_int_eq(run("playbook", "dlq_growth_high", "--lang", "EN",
	    (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "DLQ_GROWTH_HIGH"));
}
END_TEST

/* "Did you mean" for commands, gates, options and codes (item 9). */
START_TEST(test_did_you_mean)
{
	const char *gates[GATE_NAMES_MAX];
	const char *codes[] = { "DLQ_GROWTH_HIGH", "PROCESSING_SUCCESS_RATE_LOW",
	    "PHASE2_QUALITY_FAILED", NULL };

	gate_def_names(gates);
	ck_assert_str_eq(suggest_nearest("procesing", gates), "processing");
	ck_assert_str_eq(suggest_nearest("DLQ-Growth", gates), "dlq-growth");
	ck_assert_str_eq(suggest_nearest("evidnece", gates), "evidence");
	ck_assert_ptr_null(suggest_nearest("xyz", gates));
	ck_assert_str_eq(suggest_nearest("DLQ_GROWHT_HIGH", codes),
	    "DLQ_GROWTH_HIGH");
	ck_assert_str_eq(suggest_nearest("phase2_quality", codes),
	    "PHASE2_QUALITY_FAILED");
	ck_assert_uint_eq(suggest_distance("ab", "ba"), 1);
	ck_assert_uint_eq(suggest_distance("Gate", "gate"), 0);

	ck_assert_int_eq(run("gate", "procesing", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "did you mean 'processing'"));
	ck_assert_int_eq(run("playbook", "DLQ_GROWHT_HIGH", (char *)NULL),
	    EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "did you mean DLQ_GROWTH_HIGH"));
	ck_assert_int_eq(run("gat", "processing", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "did you mean 'gate'"));
	ck_assert_int_eq(run("processing", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "'ingestgate gate processing'"));
	ck_assert_int_eq(run("gate", "processing", "--windw", "5",
	    (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "did you mean '--window'"));
}
END_TEST

/* A file that cannot be read is named with its flag, with no "Try --help"
 * that would not help (item 9). */
START_TEST(test_file_errors)
{
	ck_assert_int_eq(run("gate", "env-baseline", "--env-file",
	    "/nonexistent.env", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--env-file /nonexistent.env"));
	ck_assert_ptr_null(strstr(err, "Try"));
	ck_assert_int_eq(run("gate", "processing", "--config",
	    "/nonexistent.conf", (char *)NULL), EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--config /nonexistent.conf"));
	ck_assert_ptr_null(strstr(err, "Try"));
	ck_assert_int_ne(run("playbook", "--playbook", "/nonexistent.json",
	    (char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent.json"));
	ck_assert_ptr_null(strstr(err, "Try"));
}
END_TEST

static char *
render(const struct gate_result *r, int color)
{
	FILE *f = tmpfile();
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	ck_assert_ptr_nonnull(f);
	gate_print_human(f, r, NULL, 0, color);
	rewind(f);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_take(&b);
}

/* The human summary (item 11): tags that match, tables with each key once,
 * quoted messages, sample rows, the flip in words, colour only when asked. */
START_TEST(test_human_output)
{
	struct gate_result *r = result_new(gate_def_get(GATE_PROCESSING), NULL);
	struct finding *f;
	char *text, *p;
	int n = 0;

	result_check(r, "sample", VERDICT_PASS, CODE_NONE, "2000 events");
	result_check(r, "success-rate", VERDICT_FAIL,
	    CODE_PROCESSING_SUCCESS_RATE_LOW, "97.90%% is below 99.00%%");
	result_check(r, "error-messages", VERDICT_ERROR, CODE_OPS_DB_UNREACHABLE,
	    "ops_db 127.0.0.1:5432: cannot connect");
	for (int i = 0; i < 2; i++) {
		f = result_add_finding(r);
		kv_str(&f->fields, "kind", "topError");
		kv_str(&f->fields, "source", i ? "ota-feed" : "partner-api");
		kv_int(&f->fields, "count", i ? 12 : 30);
		kv_str(&f->fields, "errorMessage", i ? "ECONNRESET" :
		    "timed out after 30s");
	}
	f = result_add_finding(r);
	kv_str(&f->fields, "check", "payment_orphan");
	kv_int(&f->fields, "count", 7);
	f->samples = xcalloc(1, sizeof *f->samples);
	f->nsamples = 1;
	kv_str(&f->samples[0], "booking_ref", "ORPHAN-1");
	kv_str(&r->flip, "to", "WARN");
	kv_int(&r->flip, "consecutiveSuccessesToMin", 2200);
	text = render(r, 0);
	ck_assert_ptr_nonnull(strstr(text, "[ERROR] error-messages"));
	ck_assert_ptr_nonnull(strstr(text, "[FAIL]  success-rate"));
	ck_assert_ptr_nonnull(strstr(text, "to flip: 2200 consecutive successes"));
	ck_assert_ptr_nonnull(strstr(text, "\"timed out after 30s\""));
	ck_assert_ptr_nonnull(strstr(text, "\"ECONNRESET\""));
	for (p = text; (p = strstr(p, "errorMessage")) != NULL; p++)
		n++;
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(text, "ORPHAN-1"));
	ck_assert_ptr_nonnull(strstr(text, "and 6 more in the report"));
	ck_assert_ptr_null(strchr(text, '\033'));
	free(text);
	text = render(r, 1);
	ck_assert_ptr_nonnull(strstr(text, "\033[1;31m[FAIL]\033[0m"));
	ck_assert_ptr_nonnull(strstr(text, ": \033[1;35mERROR\033[0m"));
	free(text);
	result_free(r);
}
END_TEST

/* One backend down under five stages is said once (item 10). */
START_TEST(test_cause_once)
{
	struct gate_result *ev = result_new(gate_def_get(GATE_EVIDENCE), "B");
	const char *first;
	char *text, *key;

	for (int id = GATE_CONTRACT_SMOKE; id <= GATE_DLQ_GROWTH; id++) {
		struct gate_result *st = result_new(gate_def_get(id), "B");

		result_check(st, "metrics", VERDICT_ERROR,
		    CODE_CORE_API_UNREACHABLE, "core-api 127.0.0.1:9 (GET "
		    "/v1/x%d): no answer within 5000 ms", id);
		result_add_stage(ev, st);
	}
	text = render(ev, 0);
	first = strstr(text, "core-api 127.0.0.1:9");
	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_null(strstr(first + 1, "core-api 127.0.0.1:9"));
	ck_assert_ptr_nonnull(strstr(text, "same cause as F-01 metrics"));
	free(text);
	key = gate_print_cause_key("a (x (y)) b (z)");
	ck_assert_str_eq(key, "a  b ");
	free(key);
	result_free(ev);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_version_help);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_runbook_alias);
	tcase_add_test(tc, test_env_pass);
	tcase_add_test(tc, test_env_missing_key);
	tcase_add_test(tc, test_env_empty_key);
	tcase_add_test(tc, test_env_flag_disabled);
	tcase_add_test(tc, test_env_emit_early);
	tcase_add_test(tc, test_env_invalid_url);
	tcase_add_test(tc, test_env_hidden_chars);
	tcase_add_test(tc, test_env_secret_mismatch);
	tcase_add_test(tc, test_env_bad_line_reported);
	tcase_add_test(tc, test_json_output);
	tcase_add_test(tc, test_unwritable_reports);
	tcase_add_test(tc, test_playbook_command);
	tcase_add_test(tc, test_help_per_command_and_gate);
	tcase_add_test(tc, test_flag_applicability);
	tcase_add_test(tc, test_value_sets);
	tcase_add_test(tc, test_did_you_mean);
	tcase_add_test(tc, test_file_errors);
	tcase_add_test(tc, test_human_output);
	tcase_add_test(tc, test_cause_once);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cli_suite)
