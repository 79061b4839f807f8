#!/usr/bin/env bash
# Each verdict boundary end to end: the rate exactly at the minimum and at the
# warning line, the sample exactly at the minimum and one below, DLQ growth
# exactly at the maximum and one above; and the window's edge for a row
# received and processed on either side of it (SPEC section 9).
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
seed healthy

events() {	# events SUCCEEDED FAILED
	sql >/dev/null <<SQL
TRUNCATE ingest_event_log;
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
SELECT 'e' || i, '$PHASE2_BATCH_CODE', 'partner-api', 'api', 'booking.created',
  CASE WHEN i <= $2 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i <= $2 THEN 'UPSTREAM_TIMEOUT' END, CASE WHEN i <= $2 THEN 'timeout' END,
  now() - interval '5 minutes', now() - interval '5 minutes'
FROM generate_series(1, $1 + $2) i;
SQL
}

dlq() {	# dlq CREATED_IN_WINDOW RESOLVED_IN_WINDOW
	sql >/dev/null <<SQL
TRUNCATE ingest_dead_letter;
INSERT INTO ingest_dead_letter (event_id, source, channel, status, created_at, resolved_at)
SELECT 'c' || i, 'partner-api', 'api', 'OPEN', now() - interval '5 minutes', NULL FROM generate_series(1, $1) i;
INSERT INTO ingest_dead_letter (event_id, source, channel, status, created_at, resolved_at)
SELECT 'r' || i, 'partner-api', 'api', 'RESOLVED', now() - interval '3 hours', now() - interval '5 minutes' FROM generate_series(1, $2) i;
SQL
}

verdict() { igj "$1"; jqv '.verdict + " " + (.code // "-")'; }

events 990 10
eq "rate exactly at the minimum (99.00%)" "WARN PROCESSING_SUCCESS_RATE_LOW" "$(verdict processing)"
igj processing
eq "WARN exits 0" 0 "$RC"
events 989 11
eq "rate just below the minimum (98.90%)" "FAIL PROCESSING_SUCCESS_RATE_LOW" "$(verdict processing)"
events 995 5
eq "rate exactly at the warning line (99.50%)" "PASS -" "$(verdict processing)"
events 994 6
eq "rate just below the warning line (99.40%)" "WARN PROCESSING_SUCCESS_RATE_LOW" "$(verdict processing)"
events 50 0
eq "sample exactly at the minimum (50)" "PASS -" "$(verdict processing)"
events 49 0
eq "sample one below the minimum (49)" "INCONCLUSIVE PROCESSING_INSUFFICIENT_SAMPLE" "$(verdict processing)"
events 0 0
eq "no events is never PASS" "INCONCLUSIVE PROCESSING_INSUFFICIENT_SAMPLE" "$(verdict processing)"
igj processing
eq "no events: rate null" null "$(jqv .metrics.successRate)"

GATE_PROCESSING_MIN_SAMPLE=1000 igj processing
eq "threshold from env" 1000 "$(jqv .thresholds.minSample)"
eq "threshold from env judged" INCONCLUSIVE "$(jqv .verdict)"

dlq 10 0
eq "growth exactly at the maximum (10)" "WARN DLQ_GROWTH_HIGH" "$(verdict dlq-growth)"
dlq 11 0
eq "growth one above the maximum (11)" "FAIL DLQ_GROWTH_HIGH" "$(verdict dlq-growth)"
dlq 12 2
eq "growth is created minus resolved (10)" "WARN DLQ_GROWTH_HIGH" "$(verdict dlq-growth)"
dlq 3 5
eq "shrinking DLQ" "PASS -" "$(verdict dlq-growth)"
GATE_DLQ_MAX_OPEN=2 igj dlq-growth
eq "OPEN+FAILED above max open" "FAIL DLQ_GROWTH_HIGH" "$(jqv '.verdict + " " + .code')"
# --window must reach the server's query: the rows above are 5 minutes old,
# so a 1-minute window counts none of them and a 10-minute window all. Only
# the server's answer can tell the two apart (the threshold text is local).
igj dlq-growth --window 1
eq "--window 1 reaches the DLQ query" "0 0 PASS" "$(jqv '"\(.metrics.createdInWindow) \(.metrics.resolvedInWindow) \(.verdict)"')"
igj dlq-growth --window 10
eq "--window 10 reaches the DLQ query" "3 5 PASS" "$(jqv '"\(.metrics.createdInWindow) \(.metrics.resolvedInWindow) \(.verdict)"')"
events 60 0
igj processing --window 1
eq "--window 1 reaches the processing query" "0 INCONCLUSIVE" "$(jqv '"\(.metrics.total) \(.verdict)"')"
igj processing --window 10
eq "--window 10 reaches the processing query" "60 PASS" "$(jqv '"\(.metrics.total) \(.verdict)"')"
GATE_WINDOW_MINUTES=1 igj processing
eq "GATE_WINDOW_MINUTES reaches the query" 0 "$(jqv .metrics.total)"

# processed_at, or received_at while a row has none, places it in the window
# (SPEC section 9), for core-api's counts and the gate's own correlation
# alike. In a 15-minute window: rows received 2 h ago but processed 5 min
# ago count; rows received 5 min ago that a skewed worker stamped processed
# 2 h ago do not; a FAILED row without processed_at counts by received_at;
# another batch's failures never count.
sql >/dev/null <<SQL
TRUNCATE ingest_event_log;
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
SELECT 'late-' || i, '$PHASE2_BATCH_CODE', 'partner-api', 'api', 'booking.created',
  CASE WHEN i <= 3 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i <= 3 THEN 'LATE_FAILURE' END, CASE WHEN i <= 3 THEN 'processed late' END,
  now() - interval '2 hours', now() - interval '5 minutes'
FROM generate_series(1, 63) i;
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
VALUES ('unprocessed-1', '$PHASE2_BATCH_CODE', 'ota-feed', 'feed', 'booking.created', 'FAILED',
  'UNPROCESSED_FAILURE', 'failed before processing', now() - interval '5 minutes', NULL);
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
SELECT 'skew-' || i, '$PHASE2_BATCH_CODE', 'balisnap-web', 'web', 'booking.created',
  CASE WHEN i <= 7 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i <= 7 THEN 'SKEWED_FAILURE' END, CASE WHEN i <= 7 THEN 'processed long ago' END,
  now() - interval '5 minutes', now() - interval '2 hours'
FROM generate_series(1, 27) i;
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
SELECT 'other-' || i, 'OTHER-BATCH', 'partner-api', 'api', 'booking.created', 'FAILED',
  'OTHER_BATCH_FAILURE', 'another batch', now() - interval '2 hours', now() - interval '5 minutes'
FROM generate_series(1, 9) i;
SQL
# core-api's figures: 60 + 3 + 1 rows, 4 of them failed (93.75%).
igj processing --window 15
eq "window by processed_at: core-api's counts" "64 60 4 0.9375 FAIL" \
	"$(jqv '"\(.metrics.total) \(.metrics.succeeded) \(.metrics.failed) \(.metrics.successRate) \(.verdict)"')"
eq "window by processed_at: failing sources" "partner-api/api 3/63, ota-feed/feed 1/1" \
	"$(jqv '[.findings[] | select(.kind == "failingSource") | "\(.source)/\(.channel) \(.failed)/\(.total)"] | join(", ")')"
# The gate's correlation (ops_db) sees the same failures, and no others.
eq "window by processed_at: correlated from ops_db" "PASS LATE_FAILURE 3, UNPROCESSED_FAILURE 1" \
	"$(jqv '(.checks[] | select(.name == "error-messages") | .verdict) + " " +
		([.findings[] | select(.kind == "topError" and .source != null) | "\(.errorCode) \(.count)"] | join(", "))')"
eq "window by processed_at: correlation agrees with core-api's failed" \
	"$(jqv .metrics.failed)" "$(jqv '[.findings[] | select(.kind == "topError") | .count] | add')"
ig gate processing --window 15
has "window by processed_at: text rate" "success rate 93.75% over 64 events" "$OUT"
has "window by processed_at: text names the late failure" "LATE_FAILURE" "$OUT"
hasnt "window by processed_at: text leaves out the skewed rows" "SKEWED_FAILURE" "$OUT"
hasnt "window by processed_at: text leaves out the other batch" "OTHER_BATCH_FAILURE" "$OUT"
finish
