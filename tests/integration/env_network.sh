#!/usr/bin/env bash
# F-00's network checks on the real stack: PASS when healthy, and the right
# code for Redis stopped, core-api stopped, a wrong admin token, a disabled
# receiver flag and an env file newer than the receiver's start.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
seed healthy
export INGEST_HTTP_TIMEOUT_MS=2000
check() { jqv ".checks[] | select(.name==\"$1\") | .$2"; }

igj env-baseline
eq "healthy: PASS" PASS "$(jqv .verdict)"
eq "healthy: exit 0" 0 "$RC"
eq "healthy: runtime check" PASS "$(check core-api-runtime verdict)"
ig gate env-baseline
eq "healthy: result line" INGEST_ENV_BASELINE_RESULT=PASS "$(printf '%s\n' "$OUT" | tail -n 1)"

"$STACK" stop redis --dir "$STACK_DIR"
igj env-baseline
eq "Redis stopped: code" QUEUE_REDIS_UNREACHABLE "$(jqv .code)"
eq "Redis stopped: INGEST_REDIS_URL too" QUEUE_REDIS_UNREACHABLE "$(check 'redis-ping INGEST_REDIS_URL' code)"
eq "Redis stopped: exit 1" 1 "$RC"
"$STACK" start redis --dir "$STACK_DIR"

"$STACK" stop sim --dir "$STACK_DIR"
igj env-baseline
eq "core-api stopped: code" CORE_API_UNREACHABLE "$(jqv .code)"
eq "core-api stopped: exit 1" 1 "$RC"
"$STACK" start sim --dir "$STACK_DIR"

CORE_API_ADMIN_TOKEN=adm_wrong igj env-baseline
eq "wrong admin token" INVALID_ADMIN_TOKEN "$(jqv .code)"

fault '{"flags":{"INGEST_WEBHOOK_ENABLED":false}}'
igj env-baseline
eq "receiver reports a flag off" ENV_FLAG_DISABLED "$(jqv .code)"
has "flag named" "INGEST_WEBHOOK_ENABLED=false" "$(check runtime-flags detail)"
clear_faults
# Each of the three flags alone (issue 21 item 18: queue and replay were
# never tested off at run time).
for f in INGEST_QUEUE_ENABLED INGEST_REPLAY_ENABLED; do
	fault "{\"flags\":{\"$f\":false}}"
	igj env-baseline
	eq "receiver reports $f off: FAIL ENV_FLAG_DISABLED" "FAIL ENV_FLAG_DISABLED" "$(check runtime-flags verdict) $(check runtime-flags code)"
	has "$f named false" "$f=false" "$(check runtime-flags detail)"
	eq "$f off: exit 1" 1 "$RC"
	clear_faults
done

# The env file changed after the receiver started: WARN, exit 0.
env | grep -E '^(CORE_API|INGEST|REDIS|OPS_DB|PHASE2|WEB_EMIT|RUN_EVIDENCE)' > "$WORK/runtime.env"
fault '{"startedAt":"2020-01-01T00:00:00Z"}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "reload pending: WARN" WARN "$(jqv .verdict)"
eq "reload pending: code" ENV_RELOAD_PENDING "$(jqv .code)"
eq "reload pending: exit 0" 0 "$RC"
fault '{"startedAt":"2099-01-01T00:00:00Z"}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "receiver restarted since: PASS" PASS "$(jqv .verdict)"
# The boundary: started in the very second the file changed is not "changed
# after" (PASS); one second later changed is (WARN).
touch -d @1767225600 "$WORK/runtime.env"	# 2026-01-01T00:00:00Z
fault '{"startedAt":"2026-01-01T00:00:00Z"}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "startedAt equal to the env file's mtime: reload PASS" PASS "$(check reload verdict)"
touch -d @1767225601 "$WORK/runtime.env"
igj env-baseline --env-file "$WORK/runtime.env"
eq "env file 1 s after startedAt: reload WARN" "WARN ENV_RELOAD_PENDING" "$(check reload verdict) $(check reload code)"
has "the second is counted" "changed 1 s after the receiver started" "$(check reload detail)"
clear_faults

fault '{"garbage":true}'
igj env-baseline
eq "garbage from core-api" CORE_API_BAD_RESPONSE "$(jqv .code)"
clear_faults
hasnt "no admin token in output" "$CORE_API_ADMIN_TOKEN" "$OUT$ERR"
nrep=$(find "$REPORTS" -type f -name '*.json' | wc -l)
[ "$nrep" -ge 4 ] && pass "$nrep JSON reports to search" || fail "only $nrep JSON reports: the search below proves nothing"
if grep -rqF -e "$CORE_API_ADMIN_TOKEN" -e "$INGEST_SERVICE_SECRET" "$REPORTS"; then fail "secret in a report"; else pass "no secret in reports"; fi
finish
