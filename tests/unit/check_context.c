/* Contexts (SPEC section 10): "[context NAME]" sections of the config file,
 * choosing one, and precedence flag > env > context > top-level > default. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/context.h"
#include "monitor/context_switch.h"
#include "config/settings.h"
#include "unit.h"

static struct settings s;
static char dir[64], cfg[96], envA[96], envB[96];

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void
setup(void)
{
	/* Each test runs in its own process (CK_FORK): env changes stay there. */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	unsetenv("INGESTGATE_CONTEXT");
	unsetenv("INGESTGATE_REPORTS_DIR");
	unsetenv("GATE_WINDOW_MINUTES");
	unsetenv("GATE_DLQ_MAX_GROWTH");
	unsetenv("CORE_API_BASE_URL");
	unsetenv("PHASE2_BATCH_CODE");
	snprintf(dir, sizeof dir, "/tmp/ig-ctx-%ld", (long)getpid());
	mkdir(dir, 0700);
	snprintf(cfg, sizeof cfg, "%s/config", dir);
	snprintf(envA, sizeof envA, "%s/a.env", dir);
	snprintf(envB, sizeof envB, "%s/b.env", dir);
	write_file(envA, "CORE_API_BASE_URL=http://a.example:1\n"
	    "PHASE2_BATCH_CODE=BATCH-A\n");
	write_file(envB, "CORE_API_BASE_URL=http://b.example:2\n"
	    "PHASE2_BATCH_CODE=BATCH-B\nGATE_DLQ_MAX_GROWTH=7\n");
}

static void
teardown(void)
{
	settings_free(&s);
	unlink(cfg);
	unlink(envA);
	unlink(envB);
	rmdir(dir);
}

/* Two contexts: relative paths, thresholds at both levels, a default. */
static const char two[] =
    "GATE_WINDOW_MINUTES = 45\n"
    "GATE_DLQ_MAX_GROWTH = 3\n"
    "context = staging\n"
    "\n"
    "[context staging]\n"
    "env-file = a.env\n"
    "reports-dir = rep-a\n"
    "\n"
    "[context \"prod-eu\"]\n"
    "  env-file = b.env\n"
    "GATE_WINDOW_MINUTES = 15\n"
    "GATE_PROCESSING_MIN_SUCCESS_RATE = 0.98\n";

START_TEST(test_parse_sections)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL, want[128];
	const struct context *c;

	write_file(cfg, two);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_uint_eq(s.contexts.n, 2);
	ck_assert_str_eq(s.contexts.default_name, "staging");
	c = context_find(&s.contexts, "staging");
	ck_assert_ptr_nonnull(c);
	/* Relative paths are relative to the config file's folder. */
	ck_assert_str_eq(c->env_file, envA);
	snprintf(want, sizeof want, "%s/rep-a", dir);
	ck_assert_str_eq(c->reports_dir, want);
	c = context_find(&s.contexts, "prod-eu");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->nkv, 2);
	ck_assert_str_eq(c->kv[0].key, "GATE_WINDOW_MINUTES");
	ck_assert_uint_eq(c->kv[0].line, 11);
	ck_assert_ptr_null(context_find(&s.contexts, "prod"));
}
END_TEST

START_TEST(test_default_context_applies)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL, want[128];

	write_file(cfg, two);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.context, "staging");
	ck_assert_str_eq(s.env[ENV_CORE_API_BASE_URL], "http://a.example:1");
	ck_assert_str_eq(s.batch, "BATCH-A");
	snprintf(want, sizeof want, "%s/rep-a", dir);
	ck_assert_str_eq(s.reports_dir, want);
	ck_assert_int_eq(s.th.window_minutes, 45);	/* top level */
}
END_TEST

START_TEST(test_precedence)
{
	struct settings_flags f = { .config_file = cfg, .context = "prod-eu" };
	char *cause = NULL;

	write_file(cfg, two);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.context, "prod-eu");
	/* context > top-level config */
	ck_assert_int_eq(s.th.window_minutes, 15);
	ck_assert(s.th.min_success_rate == 0.98);
	/* env (the context's env file) > context > top-level config */
	ck_assert_int_eq(s.th.dlq_max_growth, 7);
	/* Without its own reports-dir a context gets a folder of its own. */
	ck_assert_str_eq(s.reports_dir, "./reports/prod-eu");
	settings_free(&s);

	/* process env > context */
	setenv("GATE_WINDOW_MINUTES", "20", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.th.window_minutes, 20);
	settings_free(&s);

	/* flag > env > context */
	f.window = "25";
	f.reports_dir = "/tmp/flag-reports";
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_int_eq(s.th.window_minutes, 25);
	ck_assert_str_eq(s.reports_dir, "/tmp/flag-reports");
	settings_free(&s);

	/* --env-file beats the context's env-file */
	f.env_file = envA;
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.env[ENV_CORE_API_BASE_URL], "http://a.example:1");
	ck_assert_str_eq(s.context, "prod-eu");
}
END_TEST

START_TEST(test_choice_order)
{
	struct settings_flags f = { .config_file = cfg };
	char *cause = NULL;

	write_file(cfg, two);
	setenv("INGESTGATE_CONTEXT", "prod-eu", 1);
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.context, "prod-eu");	/* env > config default */
	settings_free(&s);
	f.context = "staging";
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_str_eq(s.context, "staging");	/* flag > env */
	settings_free(&s);
	f.context = context_none;
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	ck_assert_ptr_null(s.context);
	ck_assert_str_eq(s.reports_dir, "./reports");
}
END_TEST

START_TEST(test_unknown_context)
{
	struct settings_flags f = { .config_file = cfg, .context = "stagin" };
	char *cause = NULL;

	write_file(cfg, two);
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "unknown context 'stagin'"));
	ck_assert_ptr_nonnull(strstr(cause, "did you mean 'staging'"));
	ck_assert_ptr_nonnull(strstr(cause, "staging, prod-eu"));
	free(cause);
	settings_free(&s);

	/* No contexts at all: the message says where to define one. */
	write_file(cfg, "GATE_WINDOW_MINUTES = 45\n");
	f.context = "prod";
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no contexts are defined"));
	free(cause);
}
END_TEST

START_TEST(test_missing_files_named)
{
	struct settings_flags f = { .config_file = cfg, .context = "broken" };
	char *cause = NULL;

	write_file(cfg, "[context broken]\nenv-file = /nonexistent/x.env\n"
	    "[context broken2]\nenv-file = a.env\nquality-checks = nope.d\n");
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "context 'broken'"));
	ck_assert_ptr_nonnull(strstr(cause, "env-file"));
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/x.env"));
	ck_assert_ptr_nonnull(strstr(cause, "No such file"));
	free(cause);
	settings_free(&s);
	f.context = "broken2";
	ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "context 'broken2'"));
	ck_assert_ptr_nonnull(strstr(cause, "quality-checks"));
	free(cause);
	settings_free(&s);
	/* A broken context not in use does not stop a run. */
	f.context = NULL;
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
}
END_TEST

START_TEST(test_config_errors)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ "[contexts a]\n", ":1: unknown section" },
		{ "[context a b]\n", ":1: context name 'a b'" },
		{ "[context ..]\n", ":1: context name '..'" },
		{ "[context a\n", ":1: a section header ends" },
		{ "[context a]\n[context a]\n", ":2: context 'a' is defined twice" },
		{ "[context a]\nGATE_WINDOW_MINUTES = 0\n", ":2: GATE_WINDOW_MINUTES" },
		{ "[context a]\nNOPE = 1\n", ":2: unknown setting 'NOPE'" },
		{ "[context a]\nenv-file =\n", ":2: env-file: empty value" },
	};
	struct settings_flags f = { .config_file = cfg };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *cause = NULL;

		write_file(cfg, cases[i].text);
		ck_assert_int_eq(settings_load(&s, &f, &cause), -1);
		ck_assert_msg(strstr(cause, cases[i].want) != NULL,
		    "case %zu: '%s' not in '%s'", i, cases[i].want, cause);
		free(cause);
		settings_free(&s);
	}
}
END_TEST

START_TEST(test_switch_drops_env_flags)
{
	struct settings_flags f = { .config_file = cfg, .env_file = NULL,
	    .context = "staging", .window = "33" };
	struct settings other;
	char *cause = NULL;

	write_file(cfg, two);
	f.env_file = envA;
	f.batch = "FROM-FLAG";
	ck_assert_int_eq(settings_load(&s, &f, &cause), 0);
	s.readonly = 1;
	ck_assert_int_eq(context_settings_load(&other, &s, "prod-eu", &cause), 0);
	ck_assert_str_eq(other.context, "prod-eu");
	/* The other context's own env file, batch and report root... */
	ck_assert_str_eq(other.env[ENV_CORE_API_BASE_URL], "http://b.example:2");
	ck_assert_str_eq(other.batch, "BATCH-B");
	ck_assert_str_eq(other.reports_dir, "./reports/prod-eu");
	/* ...while flags that are not about one environment stay. */
	ck_assert_int_eq(other.th.window_minutes, 33);
	ck_assert_int_eq(other.readonly, 1);
	settings_free(&other);
	ck_assert_int_eq(context_settings_load(&other, &s, "nope", &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_is_prod)
{
	ck_assert(context_is_prod("prod"));
	ck_assert(context_is_prod("prod-eu"));
	ck_assert(context_is_prod("production"));
	ck_assert(!context_is_prod("staging"));
	ck_assert(!context_is_prod("preprod"));
	ck_assert(!context_is_prod(NULL));
}
END_TEST

static Suite *
context_suite(void)
{
	Suite *su = suite_create("context");
	TCase *tc = tcase_create("sections");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_parse_sections);
	tcase_add_test(tc, test_default_context_applies);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_choice_order);
	tcase_add_test(tc, test_unknown_context);
	tcase_add_test(tc, test_missing_files_named);
	tcase_add_test(tc, test_config_errors);
	tcase_add_test(tc, test_switch_drops_env_flags);
	tcase_add_test(tc, test_is_prod);
	suite_add_tcase(su, tc);
	return su;
}

UNIT_MAIN(context_suite)
