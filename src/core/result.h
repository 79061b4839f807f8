/* The result of a gate run: verdict, code, checks, metrics, findings and, for
 * release and evidence, the stage results. Reports and panes read it; only
 * the gate that runs fills it. */
#ifndef INGESTGATE_RESULT_H
#define INGESTGATE_RESULT_H

#include <stddef.h>
#include <time.h>

#include "core/codes.h"
#include "core/gate_def.h"
#include "core/result_keys.h"

enum value_type { VAL_NULL, VAL_INT, VAL_NUM, VAL_STR, VAL_BOOL };

struct kv {
	char *key;
	enum value_type type;
	long long i;		/* VAL_INT, VAL_BOOL */
	double d;		/* VAL_NUM */
	char *s;		/* VAL_STR */
};

struct kvlist {
	struct kv *items;
	size_t n;
};

void kv_int(struct kvlist *l, const char *key, long long v);
void kv_num(struct kvlist *l, const char *key, double v);
void kv_str(struct kvlist *l, const char *key, const char *v);	/* NULL: null */
void kv_bool(struct kvlist *l, const char *key, int v);
void kv_null(struct kvlist *l, const char *key);
const struct kv *kv_get(const struct kvlist *l, const char *key);
/* The value of key, or dflt when it is missing or of another type (an INT
 * reads as a number too, a BOOL is not an INT); l may be NULL. Keys:
 * result_keys.h. */
long long kv_int_or(const struct kvlist *l, const char *key, long long dflt);
double kv_num_or(const struct kvlist *l, const char *key, double dflt);
void kvlist_free(struct kvlist *l);

struct check {
	char *name;
	enum verdict verdict;
	enum code code;
	char *code_text;	/* a finer code shown instead, e.g. QUALITY_* */
	char *detail;		/* never holds a secret */
};

struct finding {
	struct kvlist fields;
	struct kvlist *samples;	/* rows, each a list of column = value */
	size_t nsamples;
};

struct gate_result {
	const struct gate_def *gate;
	char *batch;			/* NULL when none */
	enum verdict verdict;
	enum code code;
	char *summary;			/* one human line */
	struct timespec started;
	struct timespec finished;
	struct kvlist thresholds;
	struct kvlist metrics;
	struct kvlist flip;		/* empty: null */
	struct check *checks;
	size_t nchecks;
	struct finding *findings;
	size_t nfindings;
	struct gate_result **stages;	/* owned */
	size_t nstages;
	const char *decision;		/* "GO", "NO-GO", "PENDING" or NULL */
	const char *batch_status;	/* "READY", "PENDING", "HOLD" or NULL:
					 * the batch's status after this run */
	char *batch_status_path;	/* as shown; NULL when none */
	int write_failed;		/* a report or the batch status could
					 * not be written: the run is ERROR */
	char *report_json;		/* paths as shown, NULL until written */
	char *report_md;
	int insecure;			/* TLS verification was off */
	const char *api_scheme;		/* how core-api was reached: "https",
					 * "http" or NULL (no usable URL) */
};

struct gate_result *result_new(const struct gate_def *g, const char *batch);
void result_free(struct gate_result *r);

/* Adds a check and folds its verdict into the result (the first check with
 * the worst verdict gives the result its code). */
void result_check(struct gate_result *r, const char *name, enum verdict v,
    enum code c, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Gives the last check a finer code to show (e.g. QUALITY_PAYMENT_ORPHAN). */
void result_check_code_text(struct gate_result *r, const char *text);
/* The code a check shows: its finer code, else its failure code, else "". */
const char *check_code(const struct check *c);
/* Sets verdict and code outright. */
void result_set(struct gate_result *r, enum verdict v, enum code c);
void result_summary(struct gate_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct finding *result_add_finding(struct gate_result *r);
struct kvlist *finding_add_sample(struct finding *f);
/* Takes ownership of stage. */
void result_add_stage(struct gate_result *r, struct gate_result *stage);
void result_finish(struct gate_result *r);
long result_duration_ms(const struct gate_result *r);

#endif
