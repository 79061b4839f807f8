#!/usr/bin/env bash
# The fault matrix: each backend fault against every gate that touches that
# backend. Each run must end with the right verdict and code, within the
# configured timeout plus two seconds (the slow fault waits 8 s, so a gate that
# ignores its timeout cannot pass; the margin is for a loaded 2-core machine
# starting a process and logging in), without a crash, and without a secret
# in its output. Real servers are stopped and the simulator's faults used;
# nothing is mocked.
. "$(dirname "$0")/../integration/lib.sh"
need redis-server psql curl jq openssl

stack_up
seed degraded
export INGEST_HTTP_TIMEOUT_MS=1500
limit_ms=3500

# expect FAULT GATE VERDICT CODE [extra args]
expect() {
	local fault=$1 gate=$2 verdict=$3 code=$4 start took; shift 4
	start=$(date +%s%N)
	igj "$gate" "$@"
	took=$(( ($(date +%s%N) - start) / 1000000 ))
	if [ "$RC" -gt 2 ]; then fail "$fault/$gate: crashed or usage error (exit $RC): $ERR"; return; fi
	eq "$fault/$gate" "$verdict $code" "$(jqv '.verdict + " " + (.code // "-")')"
	[ "$took" -le "$limit_ms" ] && pass "$fault/$gate in $took ms" ||
		fail "$fault/$gate took $took ms (limit $limit_ms)"
	hasnt "$fault/$gate: no secret" "$CORE_API_ADMIN_TOKEN" "$OUT$ERR"
	hasnt "$fault/$gate: no escape sequence" $'\e' "$OUT$ERR"
	printf '%-16s %-15s %s %s\n' "$fault" "$gate" "$(jqv .verdict)" "$(jqv '.code // "-"')" >> "$WORK/matrix.txt"
}

# Redis down.
"$STACK" stop redis --dir "$STACK_DIR"
expect redis-down env-baseline FAIL QUEUE_REDIS_UNREACHABLE
expect redis-down dlq-growth ERROR QUEUE_REDIS_UNREACHABLE
expect redis-down release ERROR QUEUE_REDIS_UNREACHABLE
"$STACK" start redis --dir "$STACK_DIR"
seed degraded

# PostgreSQL down.
"$STACK" stop postgres --dir "$STACK_DIR"
expect postgres-down quality ERROR OPS_DB_UNREACHABLE
expect postgres-down processing ERROR OPS_DB_UNREACHABLE
expect postgres-down dlq-growth ERROR OPS_DB_UNREACHABLE
"$STACK" start postgres --dir "$STACK_DIR"

# core-api down (connection refused).
"$STACK" stop sim --dir "$STACK_DIR"
expect core-api-down env-baseline FAIL CORE_API_UNREACHABLE
for g in contract-smoke admin-rbac processing dlq-growth; do
	expect core-api-down "$g" ERROR CORE_API_UNREACHABLE
done
"$STACK" start sim --dir "$STACK_DIR"
SIM=http://127.0.0.1:$(cat "$STACK_DIR/sim.port")
export CORE_API_BASE_URL=$SIM

# core-api slower than the timeout.
fault '{"latencyMs":8000}'
expect slow env-baseline FAIL CORE_API_UNREACHABLE
for g in contract-smoke admin-rbac processing dlq-growth; do
	expect slow "$g" ERROR CORE_API_UNREACHABLE
done
clear_faults

fault '{"status":500}'
for g in contract-smoke admin-rbac processing dlq-growth; do
	expect http-500 "$g" ERROR CORE_API_BAD_RESPONSE
done
clear_faults

fault '{"status":503}'
expect http-503 env-baseline FAIL QUEUE_REDIS_UNREACHABLE
expect http-503 processing ERROR QUEUE_REDIS_UNREACHABLE
expect http-503 dlq-growth ERROR QUEUE_REDIS_UNREACHABLE
clear_faults

fault '{"status":401}'
expect http-401 env-baseline FAIL INVALID_ADMIN_TOKEN
expect http-401 admin-rbac ERROR INVALID_ADMIN_TOKEN
expect http-401 processing ERROR INVALID_ADMIN_TOKEN
expect http-401 dlq-growth ERROR INVALID_ADMIN_TOKEN
expect http-401 contract-smoke FAIL INVALID_INGEST_SIGNATURE
clear_faults

fault '{"status":403}'
expect http-403 admin-rbac FAIL ADMIN_RBAC_BROKEN
expect http-403 processing ERROR ADMIN_ROLE_FORBIDDEN
expect http-403 dlq-growth ERROR ADMIN_ROLE_FORBIDDEN
clear_faults

fault '{"garbage":true}'
expect garbage env-baseline FAIL CORE_API_BAD_RESPONSE
for g in contract-smoke processing dlq-growth; do
	expect garbage "$g" ERROR CORE_API_BAD_RESPONSE
done
clear_faults

fault '{"truncated":true}'
expect truncated env-baseline FAIL CORE_API_BAD_RESPONSE
expect truncated processing ERROR CORE_API_BAD_RESPONSE
expect truncated dlq-growth ERROR CORE_API_BAD_RESPONSE
clear_faults

fault '{"bodyBytes":12582912}'
expect body-12MiB processing ERROR CORE_API_BAD_RESPONSE
expect body-12MiB dlq-growth ERROR CORE_API_BAD_RESPONSE
has "body cap named" "larger than 8388608 bytes" "$(jqv '.checks[0].detail')"
clear_faults

CORE_API_BASE_URL=https://no-such-host.invalid expect unknown-host processing ERROR CORE_API_UNREACHABLE
CORE_API_BASE_URL=https://127.0.0.1:${SIM##*:} expect tls-to-plain processing ERROR CORE_API_UNREACHABLE

# A self-signed certificate with verification on.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	-keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
tls_port=""
for _ in 1 2 3 4 5; do
	p=$(( 10000 + RANDOM % 22000 ))
	openssl s_server -accept "127.0.0.1:$p" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
		-www -quiet </dev/null >"$WORK/s_server.log" 2>&1 &
	spid=$!
	sleep 0.5
	if kill -0 "$spid" 2>/dev/null; then tls_port=$p; break; fi
done
if [ -n "$tls_port" ]; then
	CORE_API_BASE_URL=https://127.0.0.1:$tls_port expect self-signed processing ERROR CORE_API_UNREACHABLE
	has "self-signed: says why" "certificate" "$(jqv '.checks[0].detail')"
	CORE_API_BASE_URL=https://127.0.0.1:$tls_port ig gate processing --insecure
	has "--insecure is flagged loudly" "TLS VERIFICATION WAS OFF" "$OUT"
	has "--insecure warns on stderr" "TLS verification is OFF" "$ERR"
	kill "$spid"; wait "$spid" 2>/dev/null
else
	fail "could not start openssl s_server"
fi

echo "fault matrix:"; cat "$WORK/matrix.txt"
finish
