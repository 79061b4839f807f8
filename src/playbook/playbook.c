/* Loading and printing the playbook. json_object stays in this file. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config/context.h"
#include "core/fileio.h"
#include "core/gate_def.h"
#include "core/json_read.h"
#include "playbook/playbook.h"
#include "core/sanitize.h"
#include "core/util.h"

extern const char playbook_default_json[];

/* The steps' live checks. A check that runs a gate takes its name (where
 * the playbook names it as the gate) and its F-id from the registry, so a
 * gate is named in one place. */
static const struct {
	const char *name;	/* NULL: the gate's CLI name */
	enum gate_id gate;	/* GATE_COUNT: not a gate */
	const char *label;	/* the gate's F-id is appended */
} live_checks[LIVE_COUNT] = {
	{ "", GATE_COUNT, "" },
	{ NULL, GATE_ENV_BASELINE, "re-read env and flags" },
	{ "redis-ping", GATE_COUNT, "PING REDIS_URL and INGEST_REDIS_URL" },
	{ "runtime", GATE_COUNT, "GET /v1/ingest/runtime" },
	{ "queue-metrics", GATE_DLQ_GROWTH, "recount the DLQ by status" },
	{ "processing-metrics", GATE_PROCESSING, "read processing metrics" },
	{ "signature-check", GATE_CONTRACT_SMOKE, "sign a probe" },
	{ "admin-read", GATE_ADMIN_RBAC, "admin RBAC smoke" },
	{ "ops-db", GATE_COUNT, "connect to ops_db" },
	{ NULL, GATE_QUALITY, "run the quality checks" },
};

static char labels[LIVE_COUNT][96];
static pthread_once_t labels_once = PTHREAD_ONCE_INIT;

static void
labels_init(void)
{
	for (int c = 0; c < LIVE_COUNT; c++) {
		const struct gate_def *g = live_checks[c].gate < GATE_COUNT ?
		    gate_def_get(live_checks[c].gate) : NULL;

		if (g != NULL && g->fid != NULL)
			snprintf(labels[c], sizeof labels[c], "%s (%s)",
			    live_checks[c].label, g->fid);
		else
			snprintf(labels[c], sizeof labels[c], "%s",
			    live_checks[c].label);
	}
}

static const char *const lang_names[LANG_COUNT] = { "en", "id" };

const char *
live_check_name(enum live_check c)
{
	if ((unsigned)c >= LIVE_COUNT)
		return "";
	if (live_checks[c].name != NULL)
		return live_checks[c].name;
	return gate_def_get(live_checks[c].gate)->name;
}

const char *
live_check_label(enum live_check c)
{
	if ((unsigned)c >= LIVE_COUNT)
		return "";
	pthread_once(&labels_once, labels_init);
	return labels[c];
}

enum gate_id
live_check_gate(enum live_check c)
{
	return (unsigned)c < LIVE_COUNT ? live_checks[c].gate : GATE_COUNT;
}

enum playbook_lang
playbook_lang_parse(const char *lang)
{
	return lang != NULL && strcmp(lang, "id") == 0 ? LANG_ID : LANG_EN;
}

static char *
text_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return sanitize_text(json_object_get_string(v), 2000);
}

static int
parse_text(json_object *o, struct playbook_text *t, char **cause)
{
	json_object *steps;
	size_t n;

	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		*cause = xstrdup("missing language block");
		return -1;
	}
	t->title = text_of(o, "title");
	t->why = text_of(o, "why");
	if (t->title == NULL || t->why == NULL) {
		*cause = xstrdup("missing title or why");
		return -1;
	}
	if (!json_object_object_get_ex(o, "steps", &steps) ||
	    !json_object_is_type(steps, json_type_array) ||
	    (n = json_object_array_length(steps)) == 0) {
		*cause = xstrdup("no steps");
		return -1;
	}
	t->steps = xcalloc(n, sizeof *t->steps);
	for (size_t i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(steps, i), *c;
		struct playbook_step *st = &t->steps[t->nsteps];

		if (!json_object_is_type(s, json_type_object) ||
		    (st->text = text_of(s, "text")) == NULL) {
			*cause = xasprintf("step %zu has no text", i + 1);
			return -1;
		}
		t->nsteps++;
		if (json_object_object_get_ex(s, "check", &c)) {
			const char *name = json_object_is_type(c, json_type_string) ?
			    json_object_get_string(c) : "";

			for (int k = 1; k < LIVE_COUNT; k++)
				if (strcmp(name, live_check_name((enum live_check)k)) == 0)
					st->check = (enum live_check)k;
			if (st->check == LIVE_NONE) {
				char *clean = sanitize_text(name, 40);

				*cause = xasprintf("step %zu names an unknown live "
				    "check '%s'", i + 1, clean);
				free(clean);
				return -1;
			}
		}
	}
	return 0;
}

struct playbook *
playbook_parse(const char *text, size_t len, char **cause)
{
	struct playbook *pb = xcalloc(1, sizeof *pb);
	json_object *root = NULL, *entries;
	char *why = NULL;
	size_t n;

	if (json_read(text, len, &root, &why) != 0) {
		*cause = xasprintf("not JSON (%s)", why);
		free(why);
		goto fail;
	}
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "entries", &entries) ||
	    !json_object_is_type(entries, json_type_array)) {
		*cause = xstrdup("no \"entries\" array");
		goto fail;
	}
	n = json_object_array_length(entries);
	pb->entries = xcalloc(n, sizeof *pb->entries);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(entries, i), *l;
		struct playbook_entry *pe = &pb->entries[pb->n];

		if (!json_object_is_type(e, json_type_object) ||
		    (pe->code = text_of(e, "code")) == NULL) {
			*cause = xasprintf("entry %zu has no code", i + 1);
			goto fail;
		}
		pb->n++;
		for (int k = 0; k < LANG_COUNT; k++) {
			l = NULL;
			json_object_object_get_ex(e, lang_names[k], &l);
			if (parse_text(l, &pe->lang[k], &why) != 0) {
				*cause = xasprintf("entry %s (%s): %s", pe->code,
				    lang_names[k], why);
				free(why);
				goto fail;
			}
		}
	}
	json_object_put(root);
	return pb;
fail:
	json_object_put(root);
	playbook_free(pb);
	return NULL;
}

struct playbook *
playbook_load(const char *path, char **cause)
{
	struct buf b;
	struct playbook *pb;
	char *why = NULL;

	if (path == NULL) {
		pb = playbook_parse(playbook_default_json,
		    strlen(playbook_default_json), cause);
		return pb;
	}
	if (fileio_read(path, 16 << 20, &b, cause) != 0)
		return NULL;
	pb = playbook_parse(b.data, b.len, &why);
	buf_free(&b);
	if (pb == NULL) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
	}
	return pb;
}

static void
text_free(struct playbook_text *t)
{
	free(t->title);
	free(t->why);
	for (size_t i = 0; i < t->nsteps; i++)
		free(t->steps[i].text);
	free(t->steps);
}

void
playbook_free(struct playbook *pb)
{
	if (pb == NULL)
		return;
	for (size_t i = 0; i < pb->n; i++) {
		free(pb->entries[i].code);
		for (int k = 0; k < LANG_COUNT; k++)
			text_free(&pb->entries[i].lang[k]);
	}
	free(pb->entries);
	free(pb);
}

const struct playbook_entry *
playbook_find(const struct playbook *pb, const char *code)
{
	for (size_t i = 0; i < pb->n; i++)
		if (strcmp(pb->entries[i].code, code) == 0)
			return &pb->entries[i];
	return NULL;
}

void
playbook_print_list(FILE *f, const struct playbook *pb, const char *lang)
{
	enum playbook_lang l = playbook_lang_parse(lang);

	for (size_t i = 0; i < pb->n; i++)
		fprintf(f, "%-32s %s\n", pb->entries[i].code,
		    pb->entries[i].lang[l].title);
}

/* A value as a shell word: as it is when it is plain, else single-quoted. */
static void
add_word(struct buf *b, const char *v)
{
	if (*v != '\0' && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_./:@+,=") == strlen(v)) {
		buf_adds(b, v);
		return;
	}
	buf_adds(b, "'");
	for (const char *p = v; *p != '\0'; p++)
		if (*p == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addf(b, "%c", *p);
	buf_adds(b, "'");
}

const char *
playbook_context_word(const char *context)
{
	/* Production is config's rule (context_is_prod), not a second one. */
	return context == NULL || *context == '\0' ||
	    context_is_prod(context) ? "prod" : context;
}

/*
 * The placeholders a step may hold, in struct playbook_vars' order, and
 * where an operator finds a value the playbook had none for (by language;
 * NULL: always filled, {context} names "prod" for none).
 */
static const struct {
	const char *name;
	const char *where[LANG_COUNT];
} placeholders[] = {
	{ "{batch}", { "the batch code: PHASE2_BATCH_CODE or --batch",
	    "kode batch: PHASE2_BATCH_CODE atau --batch" } },
	{ "{source}", { "the DLQ source: run 'ingestgate gate dlq-growth' "
	    "first, or read the console's queue pane",
	    "sumber DLQ: jalankan dulu 'ingestgate gate dlq-growth', atau "
	    "lihat panel antrean di konsol" } },
	{ "{emitter_env}", { "the emitter's .env: --emitter-env FILE",
	    ".env emitter: --emitter-env FILE" } },
	{ "{context}", { NULL, NULL } },
};

char *
playbook_fill(const char *text, const struct playbook_vars *v)
{
	struct buf b = { 0 };
	const char *p = text;

	while (*p != '\0') {
		const char *val = NULL;
		size_t k, n = 0;

		for (k = 0; v != NULL && k < nitems(placeholders); k++)
			if (strncmp(p, placeholders[k].name,
			    strlen(placeholders[k].name)) == 0) {
				const char *const vals[] = { v->batch,
				    v->source, v->emitter_env, v->context };

				val = vals[k];
				n = strlen(placeholders[k].name);
				break;
			}
		if (val != NULL && *val != '\0') {
			add_word(&b, val);
			p += n;
		} else
			buf_addf(&b, "%c", *p++);
	}
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

void
playbook_print_entry(FILE *f, const struct playbook_entry *e, const char *lang,
    const struct playbook_vars *v)
{
	enum playbook_lang l = playbook_lang_parse(lang);
	const struct playbook_text *t = &e->lang[l];
	int left[nitems(placeholders)] = { 0 };

	fprintf(f, "%s — %s\n\n%s\n\n", e->code, t->title, t->why);
	for (size_t i = 0; i < t->nsteps; i++) {
		char *step = playbook_fill(t->steps[i].text, v);

		fprintf(f, "%2zu. %s\n", i + 1, step);
		for (size_t k = 0; v != NULL && k < nitems(placeholders); k++)
			left[k] |= placeholders[k].where[l] != NULL &&
			    strstr(step, placeholders[k].name) != NULL;
		free(step);
		if (t->steps[i].check != LIVE_NONE)
			fprintf(f, l == LANG_ID ?
			    "    cek langsung: %s (di konsol: Enter)\n" :
			    "    live check: %s (in the console: Enter)\n",
			    live_check_label(t->steps[i].check));
	}
	/* A command copied with "{source}" in it would run on nothing: say
	 * what to put there and where it comes from. */
	for (size_t k = 0; k < nitems(placeholders); k++)
		if (left[k])
			fprintf(f, "%s %s: %s\n", l == LANG_ID ? "isi sendiri" :
			    "fill in", placeholders[k].name,
			    placeholders[k].where[l]);
}
