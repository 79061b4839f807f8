#!/usr/bin/env bash
# Every gate on every scenario, and each error path, through the real binary
# against the real stack.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
export INGEST_HTTP_TIMEOUT_MS=1500
stage() { jqv ".stages[] | select(.gate==\"$1\") | .$2"; }

seed healthy
for g in contract-smoke admin-rbac processing dlq-growth quality; do
	igj "$g"
	eq "healthy $g PASS" PASS "$(jqv .verdict)"
	eq "healthy $g exit 0" 0 "$RC"
done
igj processing
eq "healthy rate" 0.9975 "$(jqv .metrics.successRate)"
igj dlq-growth
eq "healthy growth" -8 "$(jqv .metrics.growth)"
ig gate release
eq "healthy release line" INGEST_RELEASE_RESULT=PASS "$(printf '%s\n' "$OUT" | tail -n 1)"
ig gate gate:ingest-processing
eq "runbook alias" INGEST_PROCESSING_RESULT=PASS "$(printf '%s\n' "$OUT" | tail -n 1)"

seed degraded
igj processing
eq "degraded F-03 FAIL" "FAIL PROCESSING_SUCCESS_RATE_LOW" "$(jqv '.verdict + " " + .code')"
eq "degraded rate" 0.979 "$(jqv .metrics.successRate)"
eq "degraded exit 1" 1 "$RC"
eq "degraded top source" partner-api/api "$(jqv '.metrics.topFailingSource + "/" + .metrics.topFailingChannel')"
# The same message from two sources: ops_db's correlation keeps them apart
# (by source and channel), core-api's topErrors adds them up. Only the
# correlation can give the first answer; the fallback must give the second.
sql -c "UPDATE ingest_event_log SET error_code = 'UPSTREAM_TIMEOUT', error_message = 'partner-api timed out after 30s' WHERE event_id IN ('d-38','d-39','d-40','d-41','d-42')" >/dev/null
toperrs='[.findings[] | select(.kind=="topError") | "\(.source)/\(.channel) \(.errorCode) \(.count)"] | join(",")'
igj processing
eq "degraded error messages from ops_db" "partner-api/api UPSTREAM_TIMEOUT 30,ota-feed/feed SCHEMA_INVALID 7,ota-feed/feed UPSTREAM_TIMEOUT 5" "$(jqv "$toperrs")"
eq "ops_db correlation check" "PASS" "$(jqv '.checks[] | select(.name=="error-messages") | .verdict')"
OPS_DB_URL=$(printf '%s' "$OPS_DB_URL" | sed 's|://ingest:|://ingest:x|') igj processing
eq "ops_db refused: falls back on core-api's topErrors" "null/null UPSTREAM_TIMEOUT 35,null/null SCHEMA_INVALID 7" "$(jqv "$toperrs")"
eq "ops_db refused: the correlation says why" OPS_DB_UNREACHABLE "$(jqv '.checks[] | select(.name=="error-messages") | .code')"
eq "ops_db refused: verdict from rate alone" "FAIL PROCESSING_SUCCESS_RATE_LOW" "$(jqv '.verdict + " " + .code')"
sql -c "UPDATE ingest_event_log SET error_code = 'SCHEMA_INVALID', error_message = 'payload missing field booking_ref' WHERE event_id IN ('d-38','d-39','d-40','d-41','d-42')" >/dev/null
eq "degraded flip" 2200 "$(jqv .flip.consecutiveSuccessesToMin)"
eq "thresholds stated" 0.99 "$(jqv .thresholds.minSuccessRate)"
ig gate processing
has "human output shows the rate" "97.90%" "$OUT"
has "human output names the playbook" "ingestgate playbook PROCESSING_SUCCESS_RATE_LOW" "$OUT"
igj dlq-growth
eq "degraded F-04 FAIL" "FAIL DLQ_GROWTH_HIGH" "$(jqv '.verdict + " " + .code')"
eq "degraded dominant FAILED" FAILED "$(jqv .metrics.dominantStatus)"
eq "degraded growth" 22 "$(jqv .metrics.growth)"
eq "degraded queue depth" "120 4 7 30" "$(jqv '[.metrics.queueWaiting,.metrics.queueActive,.metrics.queueDelayed,.metrics.queueFailed]|map(tostring)|join(" ")')"
eq "degraded top DLQ source" partner-api "$(jqv '.findings[0].source')"
igj quality
eq "degraded F-05 FAIL" "FAIL PHASE2_QUALITY_FAILED" "$(jqv '.verdict + " " + .code')"
eq "duplicate groups" 3 "$(jqv .metrics.duplicate_identity)"
eq "payment orphans" 2 "$(jqv .metrics.payment_orphan)"
eq "check code" QUALITY_PAYMENT_ORPHAN "$(jqv '.checks[] | select(.name=="payment_orphan") | .code')"
eq "samples kept" 2 "$(jqv '.findings[] | select(.check=="payment_orphan") | .samples | length')"
eq "quality report path" "$REPORTS/recon/quality/$PHASE2_BATCH_CODE/latest.json" "$(ls "$REPORTS/recon/quality/$PHASE2_BATCH_CODE/latest.json")"
igj quality --quality-checks "$top_srcdir/tests/fixtures/quality"
eq "extra check counted" 0 "$(jqv .metrics.late_payment)"
sql -c "UPDATE payment SET amount = 20000 WHERE id <= 4" >/dev/null
igj quality --quality-checks "$top_srcdir/tests/fixtures/quality"
eq "extra check finds rows" 4 "$(jqv .metrics.late_payment)"
eq "extra check code" QUALITY_LATE_PAYMENT "$(jqv '.checks[] | select(.name=="late_payment") | .code')"
igj release
eq "degraded release FAIL" FAIL "$(jqv .verdict)"
eq "release has two stages" "processing dlq-growth" "$(jqv '[.stages[].gate]|join(" ")')"

seed thin
igj processing
eq "thin INCONCLUSIVE" "INCONCLUSIVE PROCESSING_INSUFFICIENT_SAMPLE" "$(jqv '.verdict + " " + .code')"
eq "thin exit 2" 2 "$RC"
eq "thin events needed" 20 "$(jqv .flip.eventsNeeded)"

# A batch code full of quotes and semicolons: bound as a parameter, data intact.
hostile="B'; DROP TABLE booking; --\"x"
sql -c "UPDATE booking SET batch_code = \$\$$hostile\$\$; UPDATE payment SET batch_code = \$\$$hostile\$\$" >/dev/null
# One finding of each kind planted in that batch: the checks must find them
# through the bound parameter (clean data would PASS whatever the binding).
sql >/dev/null <<'SQL'
INSERT INTO booking (batch_code, source, booking_ref)
  SELECT batch_code, source, booking_ref FROM booking ORDER BY id LIMIT 1;
INSERT INTO payment (batch_code, booking_ref, amount)
  SELECT batch_code, 'ORPHAN-1', 1 FROM booking ORDER BY id LIMIT 1;
SQL
igj quality --batch "$hostile"
eq "hostile batch: judged" "FAIL PHASE2_QUALITY_FAILED" "$(jqv '.verdict + " " + .code')"
eq "hostile batch: planted findings found" "1 1" "$(jqv '"\(.metrics.duplicate_identity) \(.metrics.payment_orphan)"')"
eq "hostile batch: the orphan sampled" ORPHAN-1 "$(jqv '.findings[] | select(.check=="payment_orphan") | .samples[0].booking_ref')"
eq "hostile batch: echoed intact" "$hostile" "$(jqv .batch)"
eq "hostile batch: table intact" 11 "$(sql -c 'SELECT count(*) FROM booking')"
has "hostile batch: folder sanitised" "/recon/quality/B___DROP_TABLE_booking__--_x/" "$(jqv .report.json)"
igj quality --batch "B'"
eq "a prefix of the hostile batch finds none of its findings" "0 0" "$(jqv '"\(.metrics.duplicate_identity) \(.metrics.payment_orphan)"')"

# Error paths.
seed degraded
for spec in "401 INVALID_ADMIN_TOKEN" "403 ADMIN_ROLE_FORBIDDEN" "503 QUEUE_REDIS_UNREACHABLE" "500 CORE_API_BAD_RESPONSE"; do
	set -- $spec
	fault "{\"status\":$1}"
	for g in processing dlq-growth; do
		igj "$g"
		eq "HTTP $1 on $g" "ERROR $2" "$(jqv '.verdict + " " + .code')"
		eq "HTTP $1 on $g exits 2" 2 "$RC"
	done
	clear_faults
done
fault '{"garbage":true}'
igj processing
eq "garbage body" "ERROR CORE_API_BAD_RESPONSE" "$(jqv '.verdict + " " + .code')"
hasnt "garbage escape not echoed" $'\e' "$OUT"
clear_faults
fault '{"latencyMs":4000}'
start=$(date +%s%N)
igj dlq-growth
took=$(( ($(date +%s%N) - start) / 1000000 ))
eq "timeout" "ERROR CORE_API_UNREACHABLE" "$(jqv '.verdict + " " + .code')"
[ "$took" -lt 2600 ] && pass "timeout within 1.5 s + 1 s ($took ms)" || fail "timeout took $took ms"
clear_faults
"$STACK" stop sim --dir "$STACK_DIR"
igj processing
eq "refused connection" "ERROR CORE_API_UNREACHABLE" "$(jqv '.verdict + " " + .code')"
igj contract-smoke
eq "refused connection F-01" "ERROR CORE_API_UNREACHABLE" "$(jqv '.verdict + " " + .code')"
"$STACK" start sim --dir "$STACK_DIR"
"$STACK" stop postgres --dir "$STACK_DIR"
igj quality
eq "ops_db down" "ERROR OPS_DB_UNREACHABLE" "$(jqv '.verdict + " " + .code')"
hasnt "ops_db password not shown" "$(printf '%s' "$OPS_DB_URL" | sed 's/.*ingest:\([^@]*\)@.*/\1/')" "$OUT$ERR"
"$STACK" start postgres --dir "$STACK_DIR"

INGEST_SERVICE_SECRET=sec_wrong igj contract-smoke
eq "F-01 wrong secret" "FAIL INVALID_INGEST_SIGNATURE" "$(jqv '.verdict + " " + .code')"
INGEST_SERVICE_TOKEN=svc_wrong igj contract-smoke
eq "F-01 wrong token" "FAIL INVALID_INGEST_SIGNATURE" "$(jqv '.verdict + " " + .code')"
CORE_API_ADMIN_TOKEN=adm_wrong igj admin-rbac
eq "F-02 refused real token" "ERROR INVALID_ADMIN_TOKEN" "$(jqv '.verdict + " " + .code')"
fault '{"status":200}'
igj admin-rbac
eq "F-02 open admin surface" "FAIL ADMIN_RBAC_BROKEN" "$(jqv '.verdict + " " + .code')"
clear_faults
finish
