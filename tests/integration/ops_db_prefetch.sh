#!/usr/bin/env bash
# The composite gates begin the ops_db connect on a thread before their
# first stage (gate_ctx_db_prefetch, ops_db_open_start): the connection the
# stages get from it must answer exactly as one opened on use would (rows,
# a refused login, a server that never answers: connect_timeout), and one
# the run never needed must not hold the run up when it is abandoned.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq python3
stack_up

msgs='[.stages[] | select(.id == "F-03") | .checks[] | select(.name == "error-messages")]'
toperrs='[.stages[] | select(.id == "F-03") | .findings[] | select(.kind == "topError") | "\(.source)/\(.channel) \(.errorCode) \(.count)"] | join(",")'

# A port that accepts the TCP connection (the kernel's backlog) and never
# says a word: libpq waits for the answer to its first packet.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True)
time.sleep(600)' > "$WORK/mute.port" &
mute=$!
for _ in $(seq 50); do [ -s "$WORK/mute.port" ] && break; sleep 0.1; done
mute_url="postgresql://ingest:pw_S3CRET_9@127.0.0.1:$(cat "$WORK/mute.port")/ops_db"

seed degraded
igj release
eq "release: the correlation came through the early connection" PASS "$(jqv "$msgs | .[0].verdict")"
eq "release: ops_db's rows (source/channel), not core-api's (null/null)" "partner-api/api UPSTREAM_TIMEOUT 30,ota-feed/feed SCHEMA_INVALID 12" "$(jqv "$toperrs")"

OPS_DB_URL=$(printf '%s' "$OPS_DB_URL" | sed 's|://ingest:|://ingest:x|') igj release
eq "release, login refused: the correlation says why" OPS_DB_UNREACHABLE "$(jqv "$msgs | .[0].code")"
has "release, login refused: libpq's answer" "cannot connect: " "$(jqv "$msgs | .[0].detail")"
hasnt "release, login refused: no password" "$(printf '%s' "$OPS_DB_URL" | sed 's/.*ingest:\([^@]*\)@.*/\1/')" "$OUT$ERR"
eq "release, login refused: verdict from rate alone" "FAIL PROCESSING_SUCCESS_RATE_LOW" "$(jqv '.verdict + " " + .code')"

# connect_timeout is max(2 s, INGEST_HTTP_TIMEOUT_MS): the early connect
# keeps it itself (libpq does only in its blocking connect).
t0=$(date +%s%N)
INGEST_HTTP_TIMEOUT_MS=2000 OPS_DB_URL=$mute_url igj release
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
eq "release, mute server: the connect timed out" OPS_DB_UNREACHABLE "$(jqv "$msgs | .[0].code")"
has "release, mute server: says so" "127.0.0.1:$(cat "$WORK/mute.port"): cannot connect: timeout expired" "$(jqv "$msgs | .[0].detail")"
if [ "$ms" -ge 1900 ] && [ "$ms" -lt 8000 ]; then
	pass "release, mute server: waited connect_timeout (${ms} ms)"
else
	fail "release, mute server: ${ms} ms, not about 2000"
fi

# No failures: F-03 never asks for ops_db; the connect begun for it is
# abandoned at the end and must not keep the run waiting for its timeout.
seed healthy
sql -c "UPDATE ingest_event_log SET status = 'SUCCEEDED', error_code = NULL, error_message = NULL WHERE status = 'FAILED'" >/dev/null
t0=$(date +%s%N)
INGEST_HTTP_TIMEOUT_MS=5000 OPS_DB_URL=$mute_url igj release
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
eq "release, no failures: ops_db not needed" "0 0" "$(jqv '.stages[] | select(.id == "F-03") | .metrics.failed') $(jqv "$msgs | length")"
eq "release, no failures: verdict" "PASS 0" "$(jqv .verdict) $RC"
if [ "$ms" -lt 4000 ]; then
	pass "release, no failures: the unused connect did not hold the run (${ms} ms)"
else
	fail "release, no failures: ${ms} ms: the abandoned connect was waited for"
fi

kill "$mute" 2>/dev/null
wait "$mute" 2>/dev/null
finish
