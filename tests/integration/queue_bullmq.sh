#!/usr/bin/env bash
# Queue depth equals BullMQ's own count (SPEC section 9). Jobs are produced
# by the real bullmq package from npm against the stack's Redis: waiting,
# prioritized, delayed, active (a Worker holds one), failed (a job throws),
# waiting-children (a flow), and a paused queue under a non-default prefix
# and name. bullmq's Queue.getJobCounts() is the authority; the console's
# queue line, the simulator's /metrics/queue and `gate dlq-growth --json`
# must all say the same.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux node

# The oracle: tests/node/node_modules (./bootstrap check runs npm ci), or
# INGESTGATE_NODE_MODULES when building from a tarball (make distcheck).
modules=$top_srcdir/tests/node/node_modules
[ -d "$modules/bullmq" ] || modules=${INGESTGATE_NODE_MODULES:-}
if [ -z "$modules" ] || [ ! -d "$modules/bullmq" ] || [ ! -d "$modules/ioredis" ]; then
	if no_skip; then
		echo "FAIL: bullmq/ioredis not installed (cd tests/node && npm ci, or set INGESTGATE_NODE_MODULES)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: bullmq not installed (cd tests/node && npm ci)"
	exit 77
fi
oracle() { NODE_PATH=$modules IG_REDIS_URL=$REDIS_URL node "$top_srcdir/tests/node/bullmq_counts.cjs" "$@"; }

stack_up
SHOWS_WAIT=8
sim2=
start_console() {
	tmux_new 160 45 \
		"cd '$WORK' && '$IG' console --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"
}
stop_all() {
	T kill-server
	exec 7>&- 2>/dev/null
	[ -n "$sim2" ] && { kill "$sim2" 2>/dev/null; wait "$sim2" 2>/dev/null; }
}
trap 'stop_all; cleanup' EXIT

# compare NAME COUNTS_JSON: every face against bullmq's counts.
compare() {
	local name=$1 c=$2 w a d f ch q
	# Waiting as SPEC section 9 counts it: waiting + paused + prioritized.
	w=$(jq -r '.waiting + .paused + .prioritized' <<<"$c")
	a=$(jq -r .active <<<"$c")
	d=$(jq -r .delayed <<<"$c")
	f=$(jq -r .failed <<<"$c")
	ch=$(jq -r '."waiting-children"' <<<"$c")

	q=$(curl -sf -H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H 'x-admin-role: VIEWER' \
		"$CORE_API_BASE_URL/v1/ingest/metrics/queue?windowMinutes=60" | jq -c .queue)
	eq "$name: simulator /metrics/queue" "$w $a $d $f $ch" \
		"$(jq -r '"\(.waiting) \(.active) \(.delayed) \(.failed) \(.waitingChildren)"' <<<"$q")"
	eq "$name: simulator's prioritized" "$(jq -r .prioritized <<<"$c")" "$(jq -r .prioritized <<<"$q")"

	igj dlq-growth
	eq "$name: gate dlq-growth --json" "$w $a $d $f" \
		"$(jqv '.metrics | "\(.queueWaiting) \(.queueActive) \(.queueDelayed) \(.queueFailed)"')"

	start_console
	shows "$name: console queue line" "queue (Redis) waiting $w active $a delayed $d failed $f"
	shows "$name: console breakdown" "prioritized $(jq -r .prioritized <<<"$c") (in waiting) · waiting-children $ch"
	T kill-server
}

# 1. The stack's own queue (bull:ingest-events): every state at once. The
# oracle keeps a Worker holding the active job until its stdin closes.
mkfifo "$WORK/hold"
oracle full <"$WORK/hold" >"$WORK/full.json" 2>"$WORK/full.err" &
npid=$!
exec 7>"$WORK/hold"
for _ in $(seq 1 300); do [ -s "$WORK/full.json" ] && break; kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
counts=$(head -n 1 "$WORK/full.json")
if [ -z "$counts" ]; then
	fail "bullmq produced no counts: $(cat "$WORK/full.err")"
	finish; exit
fi
echo "bullmq getJobCounts(): $counts"
eq "bullmq itself: 6 prioritized, 4 waiting, 1 active, 2 delayed, 1 failed, 1 waiting-children" \
	"6 4 1 2 1 1" "$(jq -r '"\(.prioritized) \(.waiting) \(.active) \(.delayed) \(.failed) \(."waiting-children")"' <<<"$counts")"
compare "all states" "$counts"
eq "nothing moved while we looked" "$counts" "$(oracle counts)"
exec 7>&-
wait "$npid" 2>/dev/null

# 2. A paused queue under a non-default prefix and name: its jobs still wait.
export INGEST_QUEUE_PREFIX=igq INGEST_QUEUE_NAME=orders.v2
counts=$(IG_PREFIX=$INGEST_QUEUE_PREFIX IG_QUEUE=$INGEST_QUEUE_NAME oracle paused)
echo "bullmq getJobCounts(): $counts"
eq "bullmq itself: paused, 4 waiting, 2 prioritized" "true 4 2" \
	"$(jq -r '"\(.isPaused) \(.waiting) \(.prioritized)"' <<<"$counts")"
# A simulator serving that queue (the stack's serves bull:ingest-events).
"$INGESTGATE_SIM" --port 0 --port-file "$WORK/sim2.port" 2>"$WORK/sim2.log" &
sim2=$!
for _ in $(seq 1 100); do [ -s "$WORK/sim2.port" ] && break; sleep 0.1; done
export CORE_API_BASE_URL=http://127.0.0.1:$(cat "$WORK/sim2.port")
compare "paused, prefix igq, queue orders.v2" "$counts"
start_console
shows "paused queue flagged" "PAUSED"
T kill-server

# 3. What a BullMQ before v5 left behind: a "0:" marker at the wait list's
# tail (no job) and jobs in a :paused list (waiting). bullmq's getCounts
# pops the marker as it reads, so our faces are asked first.
key=$INGEST_QUEUE_PREFIX:$INGEST_QUEUE_NAME
rcli RPUSH "$key:paused" legacy-1 legacy-2 >/dev/null
rcli RPUSH "$key:wait" 0:1700000000000 >/dev/null
igj dlq-growth
gate_w=$(jqv .metrics.queueWaiting)
counts=$(IG_PREFIX=$INGEST_QUEUE_PREFIX IG_QUEUE=$INGEST_QUEUE_NAME oracle counts)
echo "bullmq getJobCounts(): $counts"
eq "legacy: bullmq sees the paused list" 2 "$(jq -r .paused <<<"$counts")"
eq "legacy: marker skipped, paused list counted" 	"$(jq -r '.waiting + .paused + .prioritized' <<<"$counts")" "$gate_w"
finish
