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

#include "cli.h"
#include "settings.h"
#include "unit.h"
#include "util.h"

static char dir[64];
static char *out, *err;

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

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
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *
slurp(const char *path)
{
	struct buf b;
	char *cause = NULL;

	if (file_read(path, 64 << 20, &b, &cause) != 0) {
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
	ck_assert_ptr_nonnull(strstr(err, "GATE_WINDOW_MINUTES"));
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
	ck_assert_ptr_nonnull(strstr(out, "trailing space"));
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
	char *env = env_with("PHASE2_BATCH_CODE", "PHASE2_BATCH_CODE=\"unclosed");

	ck_assert_int_eq(gate_env(env), 1);
	ck_assert_ptr_nonnull(strstr(err, "test.env:8: unterminated"));
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
	/* The human text says so first, naming the path. */
	ck_assert_ptr_nonnull(strstr(out, "ERROR: this run could not be "
	    "recorded: cannot write the report: cannot create /dev/null"));
	/* One verdict everywhere: the JSON agrees with the line and exit. */
	ck_assert_int_eq(run("gate", "env-baseline", "--offline", "--json",
	    "--env-file", env, "--reports-dir", "/dev/null/reports",
	    (char *)NULL), 2);
	{
		json_object *o = json_tokener_parse(out), *v;

		ck_assert_ptr_nonnull(o);
		json_object_object_get_ex(o, "verdict", &v);
		ck_assert_str_eq(json_object_get_string(v), "ERROR");
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
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cli_suite)
