#!/usr/bin/env bash
# No statement reads a history table sequentially (issue 22, SPEC section 9
# "Scale"): ops_db seeded with history (events, bookings and payments of 40
# older batches, resolved DLQ rows, all outside the window and the batch)
# and analysed; then the product's statements (release, evidence with F-05,
# status, a replay, a canary step) and the simulator's (standing in for
# core-api) run while auto_explain logs the plan PostgreSQL executed for
# every one of them; no plan may hold a Seq Scan of ingest_event_log,
# ingest_dead_letter, booking or payment.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq
stack_up
seed degraded
sql <<'SQL' >/dev/null
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
SELECT 'hist-' || i, 'OLD-' || (i % 40), 'partner-api', 'api', 'booking.created',
  CASE WHEN i % 20 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i % 20 = 0 THEN 'OLD_FAILURE' END, CASE WHEN i % 20 = 0 THEN 'old failure' END,
  now() - interval '40 days' + (i % 1000) * interval '1 minute',
  now() - interval '40 days' + (i % 1000) * interval '1 minute'
FROM generate_series(1, 60000) i;
INSERT INTO booking (batch_code, source, booking_ref, customer_email)
SELECT 'OLD-' || (i % 40), 'balisnap-web', 'OLD-BK-' || i, 'c' || i || '@example.com' FROM generate_series(1, 40000) i;
INSERT INTO payment (batch_code, booking_ref, amount) SELECT batch_code, booking_ref, 10 FROM booking WHERE batch_code LIKE 'OLD-%';
INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code, error_message, created_at, resolved_at)
SELECT 'hist-dl-' || i, 'partner-api', 'api', 'RESOLVED', 'OLD_FAILURE', 'old failure',
  now() - interval '40 days', now() - interval '39 days'
FROM generate_series(1, 20000) i;
VACUUM ANALYZE;
ALTER DATABASE ops_db SET session_preload_libraries = 'auto_explain';
ALTER DATABASE ops_db SET auto_explain.log_min_duration = 0;
ALTER DATABASE ops_db SET auto_explain.log_nested_statements = on;
SQL
# The simulator connects once: restart it so that its session logs too.
"$STACK" stop sim --dir "$STACK_DIR" >/dev/null 2>&1
"$STACK" start sim --dir "$STACK_DIR" >/dev/null 2>&1
log=$STACK_DIR/postgres.log
from=$(wc -l < "$log")

igj release
eq "release judges on the history-laden ops_db" FAIL "$(jqv .verdict)"
igj evidence
eq "evidence ran F-05" FAIL "$(jqv '.stages[] | select(.id == "F-05") | .verdict')"
ig status
ig replay --status FAILED --role MANAGER --dry-run
ig replay --status FAILED --role MANAGER --limit 2 --yes --operator dana
eq "a replay moved entries" 0 "$RC"
fault '{"replayLatencyMs":50}'
ig replay --canary --status FAILED --role MANAGER --yes --settle 5 --steps 10 --operator dana
has "a canary step measured its ids" "step" "$OUT$ERR"
sleep 1	# the worker settles the replayed entries (worker_settle)

plans=$(tail -n +"$((from + 1))" "$log")
n=$(printf '%s\n' "$plans" | grep -c 'Query Text:')
[ "$n" -ge 15 ] && pass "auto_explain logged $n plans" || fail "only $n plans logged (auto_explain off?)"
for want in "FROM ingest_event_log WHERE status = 'FAILED'" "FROM booking WHERE batch_code" \
	"FROM payment p WHERE p.batch_code" "WHERE id = ANY" "ingest_dead_letter_count" \
	"status IN ('SUCCEEDED','FAILED')" "UPDATE ingest_dead_letter SET status = 'RESOLVED'"; do
	has "logged: $want" "$want" "$plans"
done
# F-05's checks are planned for all their rows (the count reads them all):
# a MATERIALIZED CTE, never a subquery under the sample LIMIT, which made
# the planner expect to stop early (10000 index probes for a batch with no
# orphan instead of one hash anti join, at 10M rows of history).
checks=$(printf '%s\n' "$plans" | awk '
	function done() { if (chk) print (cte ? "CTE" : "no CTE") }
	/Query Text:/ { done(); chk = 0; cte = 0 }
	/__count/ { chk = 1 }
	/CTE Scan on q/ { cte = 1 }
	END { done() }' | sort -u | paste -sd, -)
eq "F-05's checks planned whole (a CTE under the LIMIT)" "CTE" "$checks"
seq=$(printf '%s\n' "$plans" | grep -E 'Seq Scan on (ingest_event_log|ingest_dead_letter|booking|payment)\b' | sort | uniq -c)
eq "no Seq Scan of a history table" "" "$seq"
if [ -n "$seq" ]; then
	printf '%s\n' "$plans" | grep -E 'Query Text:|Seq Scan on' | head -60
fi
finish
