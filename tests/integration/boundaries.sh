#!/usr/bin/env bash
# Each verdict boundary end to end: the rate exactly at the minimum and at the
# warning line, the sample exactly at the minimum and one below, DLQ growth
# exactly at the maximum and one above.
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
finish
