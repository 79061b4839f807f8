/* Everything a run is configured with: the environment of SPEC section 2
 * (process env and --env-file), the thresholds (flag > env > config file >
 * default) and the command-line options. Filled by settings_load (which
 * applies the chosen context of context.h) and then by the CLI's flags
 * (cli.c), before any run or thread starts; read-only from then on. A
 * context switch in the console builds a new one (context_switch.h) and
 * retires the old. */
#ifndef INGESTGATE_SETTINGS_H
#define INGESTGATE_SETTINGS_H

#include <time.h>

#include "config/context.h"
#include "config/envfile.h"

/* The runtime variables of SPEC section 2, in runbook order. */
#define ENV_KEYS(X)                          \
	X(CORE_API_BASE_URL, 1)              \
	X(CORE_API_ADMIN_TOKEN, 1)           \
	X(INGEST_SERVICE_TOKEN, 1)           \
	X(INGEST_SERVICE_SECRET, 1)          \
	X(REDIS_URL, 1)                      \
	X(INGEST_REDIS_URL, 1)               \
	X(OPS_DB_URL, 1)                     \
	X(PHASE2_BATCH_CODE, 1)              \
	X(WEB_EMIT_BOOKING_EVENT_ENABLED, 1) \
	X(INGEST_QUEUE_ENABLED, 1)           \
	X(INGEST_WEBHOOK_ENABLED, 1)         \
	X(INGEST_REPLAY_ENABLED, 1)          \
	X(RUN_EVIDENCE_QUALITY_CHECK, 0)

enum env_key {
#define X(name, required) ENV_##name,
	ENV_KEYS(X)
#undef X
	ENV_KEY_COUNT
};

struct settings_flags;

struct thresholds {
	long window_minutes;
	double min_success_rate;
	double warn_success_rate;
	long min_sample;
	long dlq_max_growth;
	long dlq_max_open;
};

struct settings {
	/* Effective values (file over process env), owned, NULL when unset. */
	char *env[ENV_KEY_COUNT];
	struct envfile env_file;	/* empty when no --env-file */
	int have_env_file;
	struct envfile emitter_env;
	int have_emitter_env;
	/* An env file that is not one (more than ENVFILE_MAX_IGNORED ignored
	 * lines): why, naming the file; its keys are not applied. A gate run
	 * is then ERROR ENV_PARSE_ERROR (a verdict, with its reports); other
	 * commands refuse to start. NULL otherwise. */
	char *env_refused;

	struct thresholds th;
	char *queue_name;
	char *queue_prefix;
	long http_timeout_ms;
	long quality_timeout_ms;	/* statement timeout of F-05's checks */
	char *reports_dir;
	char *batch;		/* --batch, else PHASE2_BATCH_CODE; may be NULL */

	/* Options. */
	int json;
	int offline;
	int activation_window;
	int insecure;
	int no_color;
	int readonly;
	int no_mouse;		/* the console leaves the mouse to the terminal */
	int ascii;
	long interval;
	int run_quality;	/* RUN_EVIDENCE_QUALITY_CHECK */
	char *quality_checks;
	char *playbook_file;
	char *lang;
	/* Who writes (replay, sign-off, the console): --operator, the config's
	 * `operator = NAME`, $USER, $LOGNAME; NULL when none is known. */
	char *operator_name;
	/* Sessions (issue 26): no recording (--no-record), a recording to
	 * replay (borrowed). */
	int no_record;
	const char *session_replay;

	/* Contexts (SPEC section 10): those of the config file, the one in use
	 * (NULL: none) and a copy of the flags this was loaded from, so that
	 * another context loads the same way (context_settings_load). */
	struct context_list contexts;
	char *context;
	struct settings_flags *flags;
};

/* Flags given on the command line, before they are merged. NULL: not given. */
struct settings_flags {
	const char *env_file;
	const char *emitter_env;
	const char *config_file;
	const char *reports_dir;
	const char *batch;
	const char *window;
	const char *quality_checks;
	const char *playbook_file;
	const char *lang;
	const char *interval;
	const char *context;
	const char *operator_name;	/* --operator */
};

const char *env_key_name(enum env_key k);
int env_key_required(enum env_key k);
/* 1 for the variables that hold a secret (tokens, secret). */
int env_key_secret(enum env_key k);

/* Builds settings from flags, the process environment, the env file and the
 * config file. Returns 0, or -1 with *cause (caller frees) naming the file,
 * line or flag at fault. Malformed env-file lines are not fatal here: they
 * are kept in s->env_file.errors for F-00 to report; a file that is not an
 * env file is s->env_refused. */
int settings_load(struct settings *s, const struct settings_flags *f,
    char **cause);
/* A flag of SPEC section 2: 0 and *out for exactly "true" or "false", -1 for
 * anything else ("1", "TRUE", " true", ...), which the apps may read
 * differently. */
int settings_flag(const char *v, int *out);
void settings_free(struct settings *s);

/* Applies one "key = value" setting from the config file or env; used by
 * settings_load and by tests of precedence. */
int settings_apply_tunable(struct settings *s, const char *key,
    const char *value, char **cause);

/* Reads the config file text; -1 with *cause naming the line at fault. */
int settings_parse_config(struct settings *s, const char *path,
    const char *text, char **cause);

#endif
