/* The human summary of a gate run. Plain stdio: colour is an SGR sequence
 * around a verdict, only when the caller says the output is a terminal. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "release/decision.h"
#include "cli/gate_print.h"
#include "core/util.h"

#define SEEN_MAX 32
#define SAMPLES_SHOWN 5

struct printer {
	FILE *f;
	int color;
	/* Causes already printed, so that five gates failing on one backend
	 * say it once and then point at the first. */
	char *seen[SEEN_MAX];
	char *seen_where[SEEN_MAX];
	size_t nseen;
};

/* One SGR colour per verdict, as htop keeps its colours: a role table. */
static const char *const verdict_sgr[VERDICT_COUNT] = {
	[VERDICT_ERROR] = "1;35",
	[VERDICT_FAIL] = "1;31",
	[VERDICT_INCONCLUSIVE] = "33",
	[VERDICT_WARN] = "33",
	[VERDICT_PASS] = "32",
	[VERDICT_SKIPPED] = "2",
};

/* The verdict's name, in brackets when tagging a check, padded to width,
 * coloured. */
static void
put_verdict(struct printer *p, enum verdict v, int brackets, int width)
{
	char text[32];
	int len;

	len = snprintf(text, sizeof text, brackets ? "[%s]" : "%s",
	    verdict_name(v));
	if (p->color)
		fprintf(p->f, "\033[%sm%s\033[0m", verdict_sgr[v], text);
	else
		fputs(text, p->f);
	for (; len < width; len++)
		fputc(' ', p->f);
}

char *
gate_print_cause_key(const char *detail)
{
	struct buf b = { 0 };
	int depth = 0;

	buf_adds(&b, "");
	for (const char *s = detail; *s != '\0'; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth > 0)
			depth--;
		else if (depth == 0)
			buf_addc(&b, *s);
	}
	return buf_take(&b);
}

/* The first check that printed this cause, or NULL (and remembers it). */
static const char *
seen_before(struct printer *p, const struct gate_result *r,
    const struct check *c)
{
	char *key = gate_print_cause_key(c->detail);

	for (size_t i = 0; i < p->nseen; i++) {
		if (strcmp(p->seen[i], key) == 0) {
			free(key);
			return p->seen_where[i];
		}
	}
	if (p->nseen == SEEN_MAX) {
		free(key);
		return NULL;
	}
	p->seen[p->nseen] = key;
	p->seen_where[p->nseen++] = xasprintf("%s %s", r->gate->fid != NULL ?
	    r->gate->fid : r->gate->name, c->name);
	return NULL;
}

static void
print_checks(struct printer *p, const struct gate_result *r, const char *pad)
{
	int width = 0, tag = 0;

	for (size_t i = 0; i < r->nchecks; i++) {
		int len = (int)strlen(r->checks[i].name);
		int vlen = (int)strlen(verdict_name(r->checks[i].verdict)) + 3;

		if (len > width && len <= 28)
			width = len;
		if (vlen > tag)
			tag = vlen;
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];
		const char *code = check_code(c), *first = NULL;

		if (c->verdict != VERDICT_PASS && c->verdict != VERDICT_SKIPPED)
			first = seen_before(p, r, c);
		fprintf(p->f, "%s  ", pad);
		put_verdict(p, c->verdict, 1, tag);
		fprintf(p->f, "%-*s  %s%s", width, c->name, code,
		    *code ? ": " : "");
		if (first != NULL)
			fprintf(p->f, "same cause as %s above\n", first);
		else
			fprintf(p->f, "%s\n", c->detail);
	}
}

/* A cell as shown: messages and text with spaces in quotes, numbers the C
 * way whatever the locale. Caller frees. */
static char *
cell_text(const struct kv *kv)
{
	locale_t old;
	char *s;

	switch (kv->type) {
	case VAL_INT:
		return xasprintf("%lld", kv->i);
	case VAL_NUM:
		old = numeric_locale_enter();
		s = xasprintf("%.6g", kv->d);
		numeric_locale_leave(old);
		return s;
	case VAL_BOOL:
		return xstrdup(kv->i ? "yes" : "no");
	case VAL_NULL:
		return xstrdup("-");
	case VAL_STR:
		break;
	}
	if (strstr(kv->key, "essage") != NULL || *kv->s == '\0' ||
	    strpbrk(kv->s, " \t\"") != NULL) {
		struct buf b = { 0 };

		buf_addc(&b, '"');
		for (const char *c = kv->s; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *c);
		}
		buf_addc(&b, '"');
		return buf_take(&b);
	}
	return xstrdup(kv->s);
}

static int
is_message(const char *key)
{
	return strstr(key, "essage") != NULL;
}

#define TABLE_COLS 16

/* Numbers line up on the right, also when SQL hands them over as text. */
static int
looks_numeric(const struct kv *kv)
{
	const char *s = kv->s;

	if (kv->type == VAL_INT || kv->type == VAL_NUM)
		return 1;
	if (kv->type != VAL_STR || *s == '\0')
		return 0;
	if (*s == '-')
		s++;
	return *s != '\0' && strspn(s, "0123456789.") == strlen(s);
}

struct table {
	const char *cols[TABLE_COLS];
	int width[TABLE_COLS];
	int numeric[TABLE_COLS];
	size_t ncols;
	char **cells;		/* nrows * ncols, owned */
	size_t nrows;
};

/* Every key of the rows but skip, in the order first seen, messages last
 * (they are long and read best at the end of a line). */
static void
table_columns(struct table *t, const struct kvlist *const *rows, size_t n,
    const char *skip)
{
	for (int messages = 0; messages < 2; messages++) {
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < rows[i]->n; k++) {
				const char *key = rows[i]->items[k].key;
				size_t c;

				if (strcmp(key, skip) == 0 ||
				    is_message(key) != messages)
					continue;
				for (c = 0; c < t->ncols; c++)
					if (strcmp(t->cols[c], key) == 0)
						break;
				if (c == t->ncols && t->ncols < TABLE_COLS) {
					t->cols[t->ncols] = key;
					t->width[t->ncols] = (int)strlen(key);
					t->numeric[t->ncols++] = 1;
				}
			}
		}
	}
}

static void
table_fill(struct table *t, const struct kvlist *const *rows, size_t n)
{
	t->nrows = n;
	t->cells = xcalloc(n * t->ncols + 1, sizeof *t->cells);
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const struct kv *kv = kv_get(rows[i], t->cols[c]);
			char *s = kv != NULL ? cell_text(kv) : xstrdup("-");

			if (kv != NULL && !looks_numeric(kv))
				t->numeric[c] = 0;
			if ((int)strlen(s) > t->width[c])
				t->width[c] = (int)strlen(s);
			t->cells[i * t->ncols + c] = s;
		}
	}
}

/* One line: numbers to the right, text to the left, the last cell unpadded. */
static void
table_line(FILE *f, const struct table *t, const char *pad,
    const char *const *cells)
{
	fprintf(f, "%s    ", pad);
	for (size_t c = 0; c < t->ncols; c++) {
		int last = c + 1 == t->ncols;

		if (t->numeric[c])
			fprintf(f, "%*s", t->width[c], cells[c]);
		else
			fprintf(f, "%-*s", last ? 0 : t->width[c], cells[c]);
		fputs(last ? "\n" : "  ", f);
	}
}

/* rows as an aligned table under one header line: each key printed once. */
static void
print_table(FILE *f, const char *pad, const struct kvlist *const *rows,
    size_t n, const char *skip)
{
	struct table t;

	memset(&t, 0, sizeof t);
	table_columns(&t, rows, n, skip);
	if (t.ncols == 0)
		return;
	table_fill(&t, rows, n);
	table_line(f, &t, pad, t.cols);
	for (size_t i = 0; i < n; i++)
		table_line(f, &t, pad, (const char *const *)&t.cells[i * t.ncols]);
	for (size_t i = 0; i < n * t.ncols; i++)
		free(t.cells[i]);
	free(t.cells);
}

static const char *
kind_title(const char *kind)
{
	static const struct { const char *kind, *title; } titles[] = {
		{ "failingSource", "failing sources" },
		{ "topError", "top error messages" },
		{ "dlqSource", "DLQ entries by source" },
		{ "", "findings" },
	};

	for (size_t i = 0; i < nitems(titles); i++)
		if (strcmp(kind, titles[i].kind) == 0)
			return titles[i].title;
	return kind;
}

static const char *
finding_kind(const struct finding *fd)
{
	const struct kv *kv = kv_get(&fd->fields, "kind");

	return kv != NULL && kv->type == VAL_STR ? kv->s : "";
}

/* Findings of one kind as one table. */
static void
print_kind(FILE *f, const struct gate_result *r, const char *kind)
{
	const struct kvlist **rows = xcalloc(r->nfindings, sizeof *rows);
	size_t n = 0;

	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].nsamples == 0 &&
		    strcmp(finding_kind(&r->findings[i]), kind) == 0)
			rows[n++] = &r->findings[i].fields;
	fprintf(f, "\n  %s:\n", kind_title(kind));
	print_table(f, "", rows, n, "kind");
	free(rows);
}

/* A finding's sample rows (quality checks), a few of them. */
static void
print_samples(FILE *f, const struct finding *fd)
{
	const struct kv *check = kv_get(&fd->fields, "check");
	const struct kv *count = kv_get(&fd->fields, "count");
	const struct kvlist *rows[SAMPLES_SHOWN];
	size_t n = fd->nsamples < SAMPLES_SHOWN ? fd->nsamples : SAMPLES_SHOWN;
	long long total = count != NULL && count->type == VAL_INT ? count->i :
	    (long long)fd->nsamples;

	for (size_t i = 0; i < n; i++)
		rows[i] = &fd->samples[i];
	fprintf(f, "\n  %s: %lld finding%s, sample rows:\n",
	    check != NULL && check->type == VAL_STR ? check->s : "check",
	    total, total == 1 ? "" : "s");
	print_table(f, "", rows, n, "");
	if (total > (long long)n)
		fprintf(f, "    ... and %lld more in the report\n",
		    total - (long long)n);
}

static void
print_findings(FILE *f, const struct gate_result *r)
{
	const char *kinds[TABLE_COLS];
	size_t nk = 0;

	for (size_t i = 0; i < r->nfindings; i++) {
		const char *k = finding_kind(&r->findings[i]);
		size_t j;

		if (r->findings[i].nsamples > 0)
			continue;
		for (j = 0; j < nk; j++)
			if (strcmp(kinds[j], k) == 0)
				break;
		if (j == nk && nk < TABLE_COLS)
			kinds[nk++] = k;
	}
	for (size_t j = 0; j < nk; j++)
		print_kind(f, r, kinds[j]);
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].nsamples > 0)
			print_samples(f, &r->findings[i]);
	if (r->nfindings > 0)
		fputc('\n', f);
}

/* What would flip the verdict, in words; none is what a null says (no
 * count reaches the line). */
static void
print_flip(FILE *f, const struct gate_result *r, const char *pad)
{
	static const struct { const char *key, *before, *after, *none; }
	    phrases[] = {
		{ "eventsNeeded", "",
		    " more processed events in the window", NULL },
		{ "consecutiveSuccessesToMin", "",
		    " consecutive successes reach WARN",
		    "no run of successes reaches WARN" },
		{ "consecutiveSuccessesToPass", "",
		    " consecutive successes reach PASS",
		    "no run of successes reaches PASS" },
		{ "growthReductionToWarn", "DLQ growth ", " lower reaches WARN",
		    NULL },
		{ "growthReductionToPass", "DLQ growth ", " lower reaches PASS",
		    NULL },
		{ "openFailedReductionNeeded", "",
		    " fewer OPEN+FAILED entries reach PASS", NULL },
	};
	int n = 0;

	for (size_t i = 0; i < r->flip.n; i++) {
		const struct kv *kv = &r->flip.items[i];
		size_t k;

		if (strcmp(kv->key, "to") == 0)
			continue;
		if (n++ == 0)
			fprintf(f, "%s  to flip: ", pad);
		else
			fputs("; ", f);
		for (k = 0; k < nitems(phrases); k++)
			if (strcmp(kv->key, phrases[k].key) == 0)
				break;
		if (k < nitems(phrases) && kv->type == VAL_INT)
			fprintf(f, "%s%lld%s", phrases[k].before, kv->i,
			    phrases[k].after);
		else if (k < nitems(phrases) && kv->type == VAL_NULL &&
		    phrases[k].none != NULL)
			fputs(phrases[k].none, f);
		else {
			char *v = cell_text(kv);

			fprintf(f, "%s %s", kv->key, v);
			free(v);
		}
	}
	if (n > 0)
		fputc('\n', f);
}

/* The playbook entry of the result's code, then, for a run of stages, the
 * other stages' codes in stage order: an evidence run whose F-01..F-04
 * cannot reach core-api may owe it to the env file F-00 failed on. */
static void
print_next(FILE *f, const struct gate_result *r)
{
	enum code seen[32];
	size_t n = 0;

	fprintf(f, "  next: ingestgate playbook %s", code_name(r->code));
	seen[n++] = r->code;
	for (size_t i = 0; i < r->nstages; i++) {
		enum code c = r->stages[i]->code;
		size_t k;

		for (k = 0; k < n && seen[k] != c; k++)
			;
		if (c == CODE_NONE || k < n || n == nitems(seen))
			continue;
		fprintf(f, "%s%s", n == 1 ? " (also: " : ", ", code_name(c));
		seen[n++] = c;
	}
	fputs(n > 1 ? ")\n" : "\n", f);
}

static void
print_result(struct printer *p, const struct gate_result *r, int indent)
{
	const char *pad = indent ? "    " : "";

	fprintf(p->f, "%s%s%s%s: ", pad, r->gate->fid ? r->gate->fid : "",
	    r->gate->fid ? " " : "", r->gate->title);
	put_verdict(p, r->verdict, 0, 0);
	fprintf(p->f, "%s%s\n", r->code != CODE_NONE ? " " : "",
	    code_name(r->code));
	if (r->summary != NULL)
		fprintf(p->f, "%s  %s\n", pad, r->summary);
	print_checks(p, r, pad);
	if (!indent)
		print_findings(p->f, r);
	print_flip(p->f, r, pad);
	for (size_t i = 0; i < r->nstages; i++)
		print_result(p, r->stages[i], 1);
	if (r->report_json != NULL && !indent)
		fprintf(p->f, "  report: %s\n          %s\n", r->report_json,
		    r->report_md);
	if (r->code != CODE_NONE && !indent)
		print_next(p->f, r);
}

/* s as one shell word: as it is when it is plain, else in single quotes;
 * caller frees. */
static char *
shell_word(const char *s)
{
	struct buf b = { 0 };

	if (*s != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789._/:=@%+-") == strlen(s))
		return xstrdup(s);
	buf_addc(&b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	return buf_take(&b);
}

/* A GO on a batch still on HOLD: the two sign-offs that lift it, as
 * commands (new evidence has none yet: both leads sign it). */
static void
print_missing_signoffs(FILE *f, const struct gate_result *r)
{
	static const char *const leads[] = { "Tech Lead", "Backend Lead" };
	char *batch = shell_word(r->batch != NULL ? r->batch : "");

	fputs("Missing sign-offs: the Tech Lead and the Backend Lead, each with "
	    "--lift-hold on this evidence:\n", f);
	for (size_t i = 0; i < nitems(leads); i++)
		fprintf(f, "  ingestgate signoff --batch %s --by NAME --as \"%s\" "
		    "--lift-hold\n", batch, leads[i]);
	free(batch);
}

/* What the run means for the batch, in words: the evidence's decision
 * first, always (SPEC section 3), then an ERROR that kept it from being
 * recorded, then a batch on HOLD with its file and escalation. */
static void
print_headline(FILE *f, const struct gate_result *r, const char *cause,
    int quality_skipped)
{
	int hold = r->batch_status != NULL &&
	    strcmp(r->batch_status, "HOLD") == 0;

	if (r->decision != NULL) {
		char *x = decision_explain_result(r, quality_skipped);

		fprintf(f, "DECISION %s\n", x);
		free(x);
		if (hold && strcmp(r->decision, "GO") == 0)
			print_missing_signoffs(f, r);
	}
	if (cause != NULL)
		fprintf(f, "ERROR (%s): this run could not be recorded: %s\n",
		    code_name(CODE_REPORT_WRITE_FAILED), cause);
	if (hold)
		fprintf(f, "BATCH HOLD (%s): batch %s is on HOLD, see %s. "
		    "Escalate to the Tech Lead + Backend Lead and attach the "
		    "latest JSON/MD reports (runbook 8).\n",
		    code_name(CODE_BATCH_ON_HOLD), r->batch,
		    r->batch_status_path != NULL ? r->batch_status_path : "");
	else if (r->decision != NULL && r->batch_status != NULL)
		fprintf(f, "Batch status: %s (%s)\n", r->batch_status,
		    r->batch_status_path != NULL ? r->batch_status_path : "");
}

void
gate_print_human(FILE *f, const struct gate_result *r, const char *cause,
    int quality_skipped, int color)
{
	struct printer p;

	memset(&p, 0, sizeof p);
	p.f = f;
	p.color = color;
	print_headline(f, r, cause, quality_skipped);
	print_result(&p, r, 0);
	for (size_t i = 0; i < p.nseen; i++) {
		free(p.seen[i]);
		free(p.seen_where[i]);
	}
}
