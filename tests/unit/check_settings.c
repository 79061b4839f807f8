/* Settings: defaults, config file, precedence flag > env > file > default. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config/settings.h"
#include "unit.h"

static struct settings s;
static char cfg[64];

static void
setup(void)
{
	/* Each test runs in its own process (CK_FORK): env changes stay there. */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	unsetenv("GATE_WINDOW_MINUTES");
	unsetenv("GATE_PROCESSING_MIN_SUCCESS_RATE");
	unsetenv("GATE_QUALITY_TIMEOUT_MS");
	unsetenv("PHASE2_BATCH_CODE");
	unsetenv("CORE_API_BASE_URL");
	snprintf(cfg, sizeof cfg, "/tmp/ig-cfg-%ld", (long)getpid());
}

static void
teardown(void)
{
	settings_free(&s);
	unlink(cfg);
}

static void
write_cfg(const char *text)
{
	FILE *f = fopen(cfg, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_defaults)
{
	struct settings_flags f = { 0 };
	char *cause = NULL;

	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.th.window_minutes, 60);
	ck_assert(s.th.min_success_rate == 0.99);
	ck_assert(s.th.warn_success_rate == 0.995);
	ck_assert_int_eq(s.th.min_sample, 50);
	ck_assert_int_eq(s.th.dlq_max_growth, 10);
	ck_assert_int_eq(s.th.dlq_max_open, 100);
	ck_assert_str_eq(s.queue_name, "ingest-events");
	ck_assert_str_eq(s.queue_prefix, "bull");
	ck_assert_int_eq(s.http_timeout_ms, 5000);
	ck_assert_str_eq(s.reports_dir, "./reports");
	ck_assert_int_eq(s.run_quality, 1);
	ck_assert_int_eq(s.quality_timeout_ms, 60000);
}
END_TEST

START_TEST(test_quality_timeout)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL;

	/* Config file, then env over it, like every GATE_* key. */
	write_cfg("GATE_QUALITY_TIMEOUT_MS = 1500\n");
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.quality_timeout_ms, 1500);
	settings_free(&s);
	setenv("GATE_QUALITY_TIMEOUT_MS", "250", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.quality_timeout_ms, 250);
	settings_free(&s);
	setenv("GATE_QUALITY_TIMEOUT_MS", "0", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "GATE_QUALITY_TIMEOUT_MS"));
	free(cause);
}
END_TEST

START_TEST(test_config_file)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL;

	write_cfg("# thresholds\nGATE_WINDOW_MINUTES = 30\n"
	    "GATE_DLQ_MAX_GROWTH=5\n\nINGEST_QUEUE_NAME = q2\n");
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.th.window_minutes, 30);
	ck_assert_int_eq(s.th.dlq_max_growth, 5);
	ck_assert_str_eq(s.queue_name, "q2");
}
END_TEST

START_TEST(test_config_error_line)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL;

	write_cfg("GATE_WINDOW_MINUTES = 30\nNOT_A_SETTING = 1\n");
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, ":2:"));
	ck_assert_ptr_nonnull(strstr(cause, "NOT_A_SETTING"));
	free(cause);
}
END_TEST

START_TEST(test_config_bad_value)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL;

	write_cfg("GATE_PROCESSING_MIN_SUCCESS_RATE = 99\n");
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, ":1:"));
	free(cause);
}
END_TEST

START_TEST(test_explicit_config_missing)
{
	struct settings_flags f = { .config_file = "/nonexistent/config" };
	char *cause = NULL;

	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_env_over_config)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL;

	write_cfg("GATE_WINDOW_MINUTES = 30\n");
	setenv("GATE_WINDOW_MINUTES", "45", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.th.window_minutes, 45);
}
END_TEST

START_TEST(test_flag_over_env)
{
	struct settings_flags f = { .config_file = cfg, .window = "15" };
	char *cause = NULL;

	write_cfg("GATE_WINDOW_MINUTES = 30\n");
	setenv("GATE_WINDOW_MINUTES", "45", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.th.window_minutes, 15);
}
END_TEST

START_TEST(test_env_file_over_process_env)
{
	struct settings_flags f = { .env_file = FIXTURES "/env/good.env" };
	char *cause = NULL;

	setenv("CORE_API_BASE_URL", "http://from-process-env", 1);
	setenv("PHASE2_BATCH_CODE", "FROM-ENV", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.env[ENV_CORE_API_BASE_URL],
	    "https://core-api.internal:8443");
	ck_assert_str_eq(s.batch, "F-2026-02-20");
}
END_TEST

START_TEST(test_batch_flag_wins)
{
	struct settings_flags f = { .batch = "FLAG-BATCH" };
	char *cause = NULL;

	setenv("PHASE2_BATCH_CODE", "FROM-ENV", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.batch, "FLAG-BATCH");
}
END_TEST

START_TEST(test_bad_flag_values)
{
	struct settings_flags f = { .window = "abc" };
	char *cause = NULL;

	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "GATE_WINDOW_MINUTES"));
	free(cause);
	settings_free(&s);
	f.window = "0";
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_warn_below_min_refused)
{
	struct settings_flags f = { 0 };
	char *cause = NULL;

	setenv("GATE_PROCESSING_MIN_SUCCESS_RATE", "0.999", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "WARN"));
	free(cause);
}
END_TEST

START_TEST(test_quality_flag)
{
	struct settings_flags f = { 0 };
	char *cause = NULL;

	setenv("RUN_EVIDENCE_QUALITY_CHECK", "false", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.run_quality, 0);
	settings_free(&s);
	/* Not literally true/false: never read as false (the check runs);
	 * F-00 fails it as ENV_FLAG_INVALID. */
	static const char *const invalid[] = { "maybe", "FALSE", "0", "no",
	    "off", " false", "false " };
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		setenv("RUN_EVIDENCE_QUALITY_CHECK", invalid[i], 1);
		ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
		ck_assert_msg(s.run_quality == 1, "'%s' read as false", invalid[i]);
		settings_free(&s);
	}
}
END_TEST

START_TEST(test_flag_literal)
{
	int b = -1;

	ck_assert_int_eq(settings_flag("true", &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(settings_flag("false", &b), 0);
	ck_assert_int_eq(b, 0);
	static const char *const invalid[] = { "1", "0", "yes", "no", "on",
	    "off", "TRUE", "True", "FALSE", " true", "true ", "true\n", "",
	    "t", "y", "enabled" };
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		b = 7;
		ck_assert_msg(settings_flag(invalid[i], &b) == -1 && b == 7,
		    "'%s' accepted as a flag", invalid[i]);
	}
	ck_assert_int_eq(settings_flag(NULL, &b), -1);
}
END_TEST

static Suite *
settings_suite(void)
{
	Suite *su = suite_create("settings");
	TCase *tc = tcase_create("precedence");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_config_file);
	tcase_add_test(tc, test_quality_timeout);
	tcase_add_test(tc, test_config_error_line);
	tcase_add_test(tc, test_config_bad_value);
	tcase_add_test(tc, test_explicit_config_missing);
	tcase_add_test(tc, test_env_over_config);
	tcase_add_test(tc, test_flag_over_env);
	tcase_add_test(tc, test_env_file_over_process_env);
	tcase_add_test(tc, test_batch_flag_wins);
	tcase_add_test(tc, test_bad_flag_values);
	tcase_add_test(tc, test_warn_below_min_refused);
	tcase_add_test(tc, test_quality_flag);
	tcase_add_test(tc, test_flag_literal);
	suite_add_tcase(su, tc);
	return su;
}

UNIT_MAIN(settings_suite)
