/* The troubleshooting playbook of SPEC section 6: an entry per failure code,
 * in English and Indonesian, with numbered steps that may name a live check.
 * Ships compiled in (playbook.json) and can be replaced with --playbook. */
#ifndef INGESTGATE_PLAYBOOK_H
#define INGESTGATE_PLAYBOOK_H

#include <stdio.h>

#include "core/codes.h"
#include "core/gate_def.h"

enum live_check {
	LIVE_NONE,
	LIVE_ENV_BASELINE,	/* re-read env and flags (F-00) */
	LIVE_REDIS_PING,	/* PING both Redis URLs */
	LIVE_RUNTIME,		/* GET /v1/ingest/runtime */
	LIVE_QUEUE_METRICS,	/* recount the DLQ (F-04) */
	LIVE_PROCESSING_METRICS,/* processing metrics (F-03) */
	LIVE_SIGNATURE_CHECK,	/* signed probe (F-01) */
	LIVE_ADMIN_READ,	/* admin RBAC smoke (F-02) */
	LIVE_OPS_DB,		/* connect to ops_db */
	LIVE_QUALITY,		/* quality checks (F-05) */
	LIVE_COUNT
};

enum playbook_lang { LANG_EN, LANG_ID, LANG_COUNT };

struct playbook_step {
	char *text;
	enum live_check check;
};

struct playbook_text {
	char *title;
	char *why;
	struct playbook_step *steps;
	size_t nsteps;
};

struct playbook_entry {
	char *code;
	struct playbook_text lang[LANG_COUNT];
};

struct playbook {
	struct playbook_entry *entries;
	size_t n;
};

/* Loads path, or the compiled-in playbook when path is NULL. NULL with
 * *cause (caller frees) when the file is unreadable or malformed. */
struct playbook *playbook_load(const char *path, char **cause);
/* Parses playbook JSON text (pure; fuzzed). */
struct playbook *playbook_parse(const char *text, size_t len, char **cause);
void playbook_free(struct playbook *pb);
const struct playbook_entry *playbook_find(const struct playbook *pb,
    const char *code);
enum playbook_lang playbook_lang_parse(const char *lang);
const char *live_check_name(enum live_check c);
const char *live_check_label(enum live_check c);
/* The gate a live check runs, or GATE_COUNT when it is not a gate. */
enum gate_id live_check_gate(enum live_check c);

/* What a step's placeholders stand for where it is shown: {batch},
 * {source} (the source the panes name), {emitter_env}, {context} (the
 * environment a deploy script is named for, playbook_context_word()); NULL
 * leaves the placeholder as written. */
struct playbook_vars {
	const char *batch;
	const char *source;
	const char *emitter_env;
	const char *context;
};

/* The word deploy scripts name an environment by, for the context in use:
 * the runbook's "prod" (pnpm deploy:core-api-prod:...) for a context named
 * like production (config's rule, context_is_prod()) and for none at all
 * (the runbook's own commands), else the context's name ("staging"). */
const char *playbook_context_word(const char *context);

/* text with the known placeholders filled (each value shell-quoted when it
 * needs it); caller frees. */
char *playbook_fill(const char *text, const struct playbook_vars *v);

void playbook_print_list(FILE *f, const struct playbook *pb, const char *lang);
/* One entry, its steps filled from v (NULL: as written). */
void playbook_print_entry(FILE *f, const struct playbook_entry *e,
    const char *lang, const struct playbook_vars *v);

#endif
