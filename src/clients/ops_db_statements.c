/* The statements the product sends to ops_db and the indexes that keep each
 * one bounded by its window, its batch or the ids it touches, never by the
 * history around them (SPEC section 9). One table: ops_db.c and F-05 send
 * from it, doctor explains from it. */
#include "config.h"

#include "clients/ops_db_statements.h"
#include "core/util.h"

/*
 * A row is in the window by when it was processed, or received when it has
 * not been (SPEC section 9), as core-api counts it: a failure received long
 * ago but processed now is correlated with the rate it lowers. The
 * expression is written exactly as the index ingest_event_log_failed_window
 * has it, so that PostgreSQL reads the window's FAILED rows and no others.
 */
const char ops_db_failure_messages_sql[] =
    "SELECT source, channel, error_code, error_message, count(*) "
    "FROM ingest_event_log "
    "WHERE status = 'FAILED' "
    "AND COALESCE(processed_at, received_at) >= "
    "now() - make_interval(mins => $1::int) "
    "AND ($2::text IS NULL OR batch_code = $2::text) "
    "GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 2 LIMIT $3::int";

const struct ops_db_statement ops_db_statements[OPS_DB_STMT_COUNT] = {
	[OPS_DB_FAILURE_MESSAGES] = { "failure_messages",
	    "F-03 processing: the failures' correlation (gate, console "
	    "refresh, status)",
	    ops_db_failure_messages_sql, 0, 3,
	    { OPS_DB_P_WINDOW, OPS_DB_P_BATCH, OPS_DB_P_LIMIT } },
	/* Counted through the batch's index entries: an empty batch must
	 * not cost a walk over every earlier batch. */
	[OPS_DB_BATCH_ROWS] = { "batch_rows",
	    "F-05 quality: is the batch empty (mistyped code)",
	    "SELECT (SELECT count(*) FROM booking WHERE batch_code = $1), "
	    "(SELECT count(*) FROM payment WHERE batch_code = $1)",
	    0, 1, { OPS_DB_P_BATCH } },
	[OPS_DB_DUPLICATE_IDENTITY] = { "duplicate_identity",
	    "F-05 quality: bookings of the batch sharing (source, booking_ref)",
	    "SELECT source, booking_ref, count(*) AS bookings "
	    "FROM booking WHERE batch_code = $1 "
	    "GROUP BY source, booking_ref HAVING count(*) > 1 "
	    "ORDER BY bookings DESC, source, booking_ref",
	    1, 2, { OPS_DB_P_BATCH, OPS_DB_P_LIMIT } },
	/* Both sides scoped to the batch: a payment's booking is looked up
	 * among the batch's own bookings, never among all of history's. */
	[OPS_DB_PAYMENT_ORPHAN] = { "payment_orphan",
	    "F-05 quality: payments of the batch without a booking in it",
	    "SELECT p.id AS payment_id, p.booking_ref, p.amount "
	    "FROM payment p WHERE p.batch_code = $1 AND NOT EXISTS ("
	    "SELECT 1 FROM booking b WHERE b.batch_code = $1 "
	    "AND b.booking_ref = p.booking_ref) ORDER BY p.id",
	    1, 2, { OPS_DB_P_BATCH, OPS_DB_P_LIMIT } },
	/* The ids as one bigint[] parameter: one statement for any step. */
	[OPS_DB_DLQ_STATUS_BY_IDS] = { "dlq_status_by_ids",
	    "canary replay: where a step's DLQ entries are now",
	    "SELECT count(*) FILTER (WHERE status = 'REPLAYING'), "
	    "count(*) FILTER (WHERE status = 'RESOLVED'), "
	    "count(*) FILTER (WHERE status = 'FAILED'), "
	    "count(*) FILTER (WHERE status = 'OPEN'), count(*) "
	    "FROM ingest_dead_letter WHERE id = ANY($1::bigint[])",
	    0, 1, { OPS_DB_P_IDS } },
};

const struct ops_db_index ops_db_indexes[] = {
	{ "ingest_event_log_failed_window", "ingest_event_log",
	    "USING btree (COALESCE(processed_at, received_at)) INCLUDE "
	    "(processed_at, received_at, batch_code, source, channel, "
	    "error_code, error_message) WHERE (status = 'FAILED'::text)",
	    "failure_messages" },
	{ "booking_batch_ref", "booking",
	    "USING btree (batch_code, booking_ref, source)",
	    "batch_rows duplicate_identity payment_orphan" },
	{ "payment_batch_id", "payment",
	    "USING btree (batch_code, id) INCLUDE (booking_ref, amount)",
	    "batch_rows payment_orphan" },
};
const size_t ops_db_nindexes = nitems(ops_db_indexes);

const char *const ops_db_history_tables[] = {
	"ingest_event_log", "ingest_dead_letter", "booking", "payment", NULL
};

unsigned int
ops_db_param_oid(enum ops_db_param p)
{
	switch (p) {
	case OPS_DB_P_WINDOW:
	case OPS_DB_P_LIMIT:
		return 23;	/* int4 */
	case OPS_DB_P_BATCH:
		return 25;	/* text */
	case OPS_DB_P_IDS:
		return 1016;	/* int8[] */
	}
	return 0;
}
