#!/usr/bin/env bash
# The core-api simulator against SPEC section 8: every endpoint and error
# code, numbers equal to direct SQL and Redis counts, and each fault.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
A=(-H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H "x-admin-role: VIEWER")

get() {	# get PATH [curl args] -> $CODE and $BODY
	BODY=$(curl -s -w '\n%{http_code}' "$@" ) || true
	CODE=${BODY##*$'\n'}
	BODY=${BODY%$'\n'*}
}
j() { printf '%s' "$BODY" | jq -r "$1"; }

for scenario in healthy degraded thin bigdata; do
	seed "$scenario" --events 20000 --dlq 2000 --jobs 3000
	get "$SIM/v1/ingest/metrics/processing?windowMinutes=60&batchCode=$PHASE2_BATCH_CODE" "${A[@]}"
	eq "$scenario processing 200" 200 "$CODE"
	want=$(sql -c "SELECT count(*) FILTER (WHERE status='SUCCEEDED') || ' ' || count(*) FILTER (WHERE status='FAILED') FROM ingest_event_log WHERE status IN ('SUCCEEDED','FAILED') AND COALESCE(processed_at, received_at) >= now() - interval '60 minutes' AND batch_code = '$PHASE2_BATCH_CODE'")
	eq "$scenario processing = SQL" "$want" "$(j '.succeeded|tostring') $(j '.failed|tostring')"
	eq "$scenario total = succeeded + failed" "$(j '.succeeded + .failed')" "$(j .total)"
	get "$SIM/v1/ingest/metrics/queue?windowMinutes=60" "${A[@]}"
	eq "$scenario queue 200" 200 "$CODE"
	want=$(sql -c "SELECT (SELECT count(*) FROM ingest_dead_letter WHERE status='OPEN') || ' ' || (SELECT count(*) FROM ingest_dead_letter WHERE status='FAILED') || ' ' || (SELECT count(*) FROM ingest_dead_letter WHERE status='REPLAYING') || ' ' || (SELECT count(*) FROM ingest_dead_letter WHERE status='RESOLVED') || ' ' || (SELECT count(*) FROM ingest_dead_letter WHERE created_at >= now() - interval '60 minutes') || ' ' || (SELECT count(*) FROM ingest_dead_letter WHERE resolved_at >= now() - interval '60 minutes')")
	eq "$scenario DLQ = SQL" "$want" "$(j '[.dlq.byStatus.OPEN,.dlq.byStatus.FAILED,.dlq.byStatus.REPLAYING,.dlq.byStatus.RESOLVED,.dlq.createdInWindow,.dlq.resolvedInWindow]|map(tostring)|join(" ")')"
	want="$(rcli LLEN bull:ingest-events:wait) $(rcli LLEN bull:ingest-events:active) $(rcli ZCARD bull:ingest-events:delayed) $(rcli ZCARD bull:ingest-events:failed)"
	eq "$scenario queue depth = Redis" "$want" "$(j '[.queue.waiting,.queue.active,.queue.delayed,.queue.failed]|map(tostring)|join(" ")')"
done

eq "bigdata sized by --events" 20000 "$(sql -c 'SELECT count(*) FROM ingest_event_log')"
eq "bigdata sized by --dlq" 2000 "$(sql -c 'SELECT count(*) FROM ingest_dead_letter')"
eq "bigdata queue jobs by --jobs" 3000 "$(rcli LLEN bull:ingest-events:wait)"

seed degraded
get "$SIM/v1/ingest/metrics/processing?windowMinutes=60&batchCode=$PHASE2_BATCH_CODE" "${A[@]}"
eq "degraded rate" 0.979 "$(j .successRate)"
eq "degraded top failing source" "partner-api/api" "$(j '.bySource[0].source + "/" + .bySource[0].channel')"
eq "degraded distinct error messages" 2 "$(j '.topErrors|length')"
get "$SIM/v1/ingest/metrics/processing?windowMinutes=240&batchCode=$PHASE2_BATCH_CODE" "${A[@]}"
eq "a wider window takes older events" 2100 "$(j .total)"
get "$SIM/v1/ingest/metrics/processing?windowMinutes=60&batchCode=OTHER" "${A[@]}"
eq "another batch has no events" 0 "$(j .total)"
eq "successRate null on no events" null "$(j .successRate)"
get "$SIM/v1/ingest/metrics/processing?windowMinutes=abc" "${A[@]}"
eq "bad window is 400" 400 "$CODE"

get "$SIM/v1/ingest/runtime" "${A[@]}"
eq "runtime 200" 200 "$CODE"
eq "runtime flags" "true true true" "$(j '[.flags.INGEST_QUEUE_ENABLED,.flags.INGEST_WEBHOOK_ENABLED,.flags.INGEST_REPLAY_ENABLED]|map(tostring)|join(" ")')"
eq "runtime redis up" up "$(j .redis.status)"

# Auth and roles.
get "$SIM/v1/ingest/runtime" -H "x-admin-token: wrong" -H "x-admin-role: VIEWER"
eq "wrong token 401" "401 INVALID_ADMIN_TOKEN" "$CODE $(j .error.code)"
get "$SIM/v1/ingest/runtime" -H "x-admin-role: VIEWER"
eq "no token 401" 401 "$CODE"
get "$SIM/v1/ingest/runtime" -H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H "x-admin-role: GUEST"
eq "unknown role 403" "403 ADMIN_ROLE_FORBIDDEN" "$CODE $(j .error.code)"
for role in VIEWER OPERATOR; do
	get "$SIM/v1/ingest/dlq/replay" -X POST -H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H "x-admin-role: $role" -d '{"status":"FAILED","dryRun":true}'
	eq "$role may not replay" "403 ADMIN_ROLE_FORBIDDEN" "$CODE $(j .error.code)"
done

# Replay: dry run counts, real replay moves up to limit rows.
W=(-X POST -H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H "x-admin-role: MANAGER")
get "$SIM/v1/ingest/dlq/replay" "${W[@]}" -d '{"status":"FAILED","source":"partner-api","channel":"api","limit":100,"dryRun":true}'
eq "dry run counts" "202 24 0" "$CODE $(j .selected) $(j .replaying)"
eq "dry run moves nothing" 30 "$(sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status='FAILED'")"
get "$SIM/v1/ingest/dlq/replay" "${W[@]}" -d '{"status":"FAILED","source":"partner-api","limit":5,"dryRun":false}'
eq "real replay moves limit" "202 5 5" "$CODE $(j .selected) $(j .replaying)"
eq "rows moved to REPLAYING" 7 "$(sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status='REPLAYING'")"
get "$SIM/v1/ingest/dlq/replay" "${W[@]}" -d '{"status":"RESOLVED","dryRun":true}'
eq "replay status must be OPEN or FAILED" 400 "$CODE"

# Signature check.
ts=$(date +%s)
body='{"probe":true}'
sig() { printf '%s' "$1.$2" | openssl dgst -sha256 -hmac "$3" -hex | sed 's/.*= //'; }
S=(-X POST -H "x-ingest-service-token: $INGEST_SERVICE_TOKEN")
get "$SIM/v1/ingest/signature-check" "${S[@]}" -H "x-ingest-timestamp: $ts" -H "x-ingest-signature: $(sig "$ts" "$body" "$INGEST_SERVICE_SECRET")" -d "$body"
eq "valid signature" "200 true" "$CODE $(j .valid)"
get "$SIM/v1/ingest/signature-check" "${S[@]}" -H "x-ingest-timestamp: $ts" -H "x-ingest-signature: $(sig "$ts" "$body" wrong-secret)" -d "$body"
eq "wrong secret" "401 INVALID_INGEST_SIGNATURE" "$CODE $(j .error.code)"
old=$((ts - 301))
get "$SIM/v1/ingest/signature-check" "${S[@]}" -H "x-ingest-timestamp: $old" -H "x-ingest-signature: $(sig "$old" "$body" "$INGEST_SERVICE_SECRET")" -d "$body"
eq "skew over 300 s" "401 INGEST_TIMESTAMP_SKEW" "$CODE $(j .error.code)"
edge=$((ts - 290))
get "$SIM/v1/ingest/signature-check" "${S[@]}" -H "x-ingest-timestamp: $edge" -H "x-ingest-signature: $(sig "$edge" "$body" "$INGEST_SERVICE_SECRET")" -d "$body"
eq "skew within 300 s" 200 "$CODE"
get "$SIM/v1/ingest/signature-check" -X POST -H "x-ingest-service-token: nope" -H "x-ingest-timestamp: $ts" -d "$body"
eq "wrong service token" "401 INVALID_INGEST_SIGNATURE" "$CODE $(j .error.code)"

# Faults.
fault '{"status":503}'
get "$SIM/v1/ingest/runtime" "${A[@]}"
eq "fault status 503" "503 QUEUE_REDIS_UNREACHABLE" "$CODE $(j .error.code)"
get "$SIM/__sim/faults"
eq "GET faults shows it" 503 "$(j .status)"
clear_faults
fault '{"garbage":true}'
get "$SIM/v1/ingest/runtime" "${A[@]}"
eq "fault garbage is not JSON" "200 bad" "$CODE $(printf '%s' "$BODY" | jq -e . >/dev/null 2>&1 && echo json || echo bad)"
clear_faults
fault '{"redisDown":true}'
get "$SIM/v1/ingest/metrics/queue" "${A[@]}"
eq "fault redisDown on queue" "503 QUEUE_REDIS_UNREACHABLE" "$CODE $(j .error.code)"
get "$SIM/v1/ingest/runtime" "${A[@]}"
eq "fault redisDown on runtime" down "$(j .redis.status)"
clear_faults
fault '{"flags":{"INGEST_REPLAY_ENABLED":false},"startedAt":"2030-01-01T00:00:00Z"}'
get "$SIM/v1/ingest/runtime" "${A[@]}"
eq "fault flags" false "$(j .flags.INGEST_REPLAY_ENABLED)"
eq "fault startedAt" 2030-01-01T00:00:00Z "$(j .startedAt)"
clear_faults
fault '{"latencyMs":700}'
start=$(date +%s%N)
get "$SIM/v1/ingest/runtime" "${A[@]}"
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$took" -ge 650 ] && pass "fault latency ($took ms)" || fail "latency fault took only $took ms"
get "$SIM/__sim/faults"
eq "faults endpoint not delayed" 200 "$CODE"
clear_faults
get "$SIM/__sim/faults"
eq "DELETE clears faults" "0 null false" "$(j .latencyMs) $(j .status) $(j .garbage)"

# Real Redis stopped: the simulator says so.
"$STACK" stop redis --dir "$STACK_DIR"
get "$SIM/v1/ingest/metrics/queue" "${A[@]}"
eq "Redis stopped: queue 503" "503 QUEUE_REDIS_UNREACHABLE" "$CODE $(j .error.code)"
"$STACK" start redis --dir "$STACK_DIR"
get "$SIM/v1/ingest/metrics/queue" "${A[@]}"
eq "Redis back: queue 200" 200 "$CODE"
get "$SIM/v1/nope" "${A[@]}"
eq "unknown endpoint 404" 404 "$CODE"
finish
