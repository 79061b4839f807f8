/* A PostgreSQL plan (EXPLAIN (FORMAT JSON)) read for `ingestgate doctor`:
 * which history tables it reads and how. Pure: no I/O, unit-tested. */
#ifndef INGESTGATE_DOCTOR_PLAN_H
#define INGESTGATE_DOCTOR_PLAN_H

#include <stddef.h>

/* One read of a history table. */
struct doctor_scan {
	char *node;		/* "Seq Scan", "Index Only Scan", ... */
	char *table;
	char *index;		/* the index or indexes read; NULL: none */
	/* An index range whose condition holds a parameter: the window,
	 * the batch or the ids ($n, or one of the marks the caller gives
	 * for the values it planned with). A sequential scan, a
	 * whole-index scan and a range on a constant alone (status =
	 * 'FAILED': every failure ever) are not. */
	int bounded;
};

struct doctor_plan {
	double rows;		/* the top node's estimate */
	struct doctor_scan *scans;
	size_t nscans;
};

/* Reads json, keeping the scans of the tables of history (NULL-ended); an
 * index condition holding $n or any of marks (NULL-ended: how the values
 * planned with show in a plan) is bounded. 0, or -1 with *cause (caller
 * frees). */
int doctor_plan_parse(const char *json, const char *const *history,
    const char *const *marks, struct doctor_plan *out, char **cause);
void doctor_plan_free(struct doctor_plan *p);
/* 1 when every scan of a history table is bounded. */
int doctor_plan_bounded(const struct doctor_plan *p);
/* "Index Only Scan on booking; Seq Scan on payment" ("no history table"
 * when none); the indexes read, comma-separated, or NULL. Caller frees. */
char *doctor_plan_path(const struct doctor_plan *p);
char *doctor_plan_indexes(const struct doctor_plan *p);

#endif
