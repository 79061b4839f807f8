#!/usr/bin/env bash
# F-00's Redis checks against a real redis-server on a free loopback port:
# PASS while it runs, QUEUE_REDIS_UNREACHABLE once it is stopped; rediss://
# refused with a clear message.
. "$(dirname "$0")/lib.sh"
need redis-server redis-cli jq

port=""
for _ in $(seq 1 20); do
	p=$(( 20000 + RANDOM % 40000 ))
	redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no \
		--requirepass redis-PLANTED-pw </dev/null >"$WORK/redis.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 50); do
		REDISCLI_AUTH=redis-PLANTED-pw redis-cli -p "$p" ping >/dev/null 2>&1 && { port=$p; break; }
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$port" ] && break
done
[ -n "$port" ] || { fail "could not start redis-server"; finish; exit 1; }

export CORE_API_BASE_URL=http://127.0.0.1:9 CORE_API_ADMIN_TOKEN=adm_x
export INGEST_SERVICE_TOKEN=svc_x INGEST_SERVICE_SECRET=sec_x
export REDIS_URL="redis://:redis-PLANTED-pw@127.0.0.1:$port/0" INGEST_REDIS_URL="redis://:redis-PLANTED-pw@127.0.0.1:$port/1"
export OPS_DB_URL=postgresql://u:p@127.0.0.1:9/ops_db PHASE2_BATCH_CODE=B1
export WEB_EMIT_BOOKING_EVENT_ENABLED=false INGEST_QUEUE_ENABLED=true
export INGEST_WEBHOOK_ENABLED=true INGEST_REPLAY_ENABLED=true INGEST_HTTP_TIMEOUT_MS=1000

check() { jqv ".checks[] | select(.name==\"$1\") | .$2"; }

igj env-baseline
eq "REDIS_URL answers PING" PASS "$(check 'redis-ping REDIS_URL' verdict)"
eq "INGEST_REDIS_URL answers PING" PASS "$(check 'redis-ping INGEST_REDIS_URL' verdict)"
eq "core-api is down here" CORE_API_UNREACHABLE "$(check core-api-runtime code)"
hasnt "redis password not shown" redis-PLANTED-pw "$OUT$ERR"

export REDIS_URL="redis://:wrong-pw@127.0.0.1:$port/0"
igj env-baseline
eq "wrong password refused" QUEUE_REDIS_UNREACHABLE "$(check 'redis-ping REDIS_URL' code)"
has "auth named" "authentication" "$(check 'redis-ping REDIS_URL' detail)"
export REDIS_URL="rediss://:redis-PLANTED-pw@127.0.0.1:$port/0"
igj env-baseline
eq "rediss refused" QUEUE_REDIS_UNREACHABLE "$(check 'redis-ping REDIS_URL' code)"
has "rediss says why" "TLS" "$(check 'redis-ping REDIS_URL' detail)"
export REDIS_URL="redis://:redis-PLANTED-pw@127.0.0.1:$port/0"

kill "$pid"; wait "$pid" 2>/dev/null
start=$(date +%s%N)
igj env-baseline
took=$(( ($(date +%s%N) - start) / 1000000 ))
eq "stopped Redis: REDIS_URL" QUEUE_REDIS_UNREACHABLE "$(check 'redis-ping REDIS_URL' code)"
eq "stopped Redis: INGEST_REDIS_URL" QUEUE_REDIS_UNREACHABLE "$(check 'redis-ping INGEST_REDIS_URL' code)"
eq "stopped Redis: verdict" FAIL "$(jqv .verdict)"
eq "stopped Redis: exit" 1 "$RC"
[ "$took" -lt 5000 ] && pass "answers within the timeout ($took ms)" || fail "took $took ms"
hasnt "no password in reports" redis-PLANTED-pw "$(cat "$REPORTS"/gates/*/*.json)"
finish
