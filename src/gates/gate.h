/* Running gates: each gate judges what its collectors bring back and fills a
 * gate_result. The context holds the settings and the clients a run shares. */
#ifndef INGESTGATE_GATE_H
#define INGESTGATE_GATE_H

#include <time.h>

#include "core/gate_def.h"
#include "core/result.h"
#include "config/settings.h"
#include "core/snapshot.h"

struct core_api;
struct ops_db;
struct ops_db_pending;

struct gate_ctx {
	const struct settings *s;
	struct core_api *api;	/* made on first use, owned */
	char *api_cause;	/* why api could not be made */
	struct ops_db *db;	/* opened on first use, owned; kept across runs */
	struct ops_db_pending *db_pending;	/* a connect begun early, owned */
	time_t now;		/* wall clock at the start of the run */
};

void gate_ctx_init(struct gate_ctx *ctx, const struct settings *s);
void gate_ctx_free(struct gate_ctx *ctx);
/* The core-api client, or NULL with err filled (bad or missing URL). */
struct core_api *gate_ctx_api(struct gate_ctx *ctx, struct api_error *err);
/* The scheme of CORE_API_BASE_URL as a run reports it: "https", "http", or
 * NULL when there is no usable URL. */
const char *gate_ctx_api_scheme(const struct gate_ctx *ctx);

/* The ops_db connection, opened on first use and kept; NULL with *cause. */
struct ops_db *gate_ctx_db(struct gate_ctx *ctx, char **cause);
/* Drops the connection after a failed query so the next use reconnects. */
void gate_ctx_db_reset(struct gate_ctx *ctx);
/* Begins the ops_db connect in the background (when none is open or under
 * way), for a run that will need it after other work: gate_ctx_db finishes
 * it; gate_ctx_db_drop_pending (or gate_ctx_free) drops an unused one. */
void gate_ctx_db_prefetch(struct gate_ctx *ctx);
void gate_ctx_db_drop_pending(struct gate_ctx *ctx);

/* Pure judgements of snapshots, apart from collection so that boundaries are
 * unit-tested. */
void judge_processing(const struct processing_metrics *m,
    const struct thresholds *th, struct gate_result *r);
void judge_dlq(const struct queue_metrics *m, const struct thresholds *th,
    struct gate_result *r);

#endif
