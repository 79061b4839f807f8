#!/usr/bin/env bash
# The fault matrix as the console shows it: each fault's code appears in the
# pane that owns the backend, and the pane recovers on the next refresh after
# the fault clears. Driven in tmux against the real stack.
. "$(dirname "$0")/../integration/lib.sh"
need redis-server psql curl jq tmux
export LC_ALL=C.UTF-8	# substrings below count characters, not bytes

stack_up
seed degraded
export INGEST_HTTP_TIMEOUT_MS=1500
tmux_new 120 40 "cd '$WORK' && '$IG' console --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"

in_pane() {	# in_pane NAME N TEXT [SECONDS]
	if wait_pane "$2" "$3" "${4:-8}"; then pass "$1"; else
		fail "$1: '$3' not in pane $2:"; pane "$2"; fi
}
healthy_again() {	# the degraded batch's normal state in panes 2 and 3
	in_pane "$1: pane 3 recovers" 3 "FAIL PROCESSING_SUCCESS_RATE_LOW" 10
	in_pane "$1: pane 2 recovers" 2 "FAIL DLQ_GROWTH_HIGH" 10
}

healthy_again "start"

fault '{"status":401}'
in_pane "401: processing pane" 3 "INVALID_ADMIN_TOKEN"
in_pane "401: queue pane" 2 "INVALID_ADMIN_TOKEN"
in_pane "401: env pane" 1 "INVALID_ADMIN_TOKEN"
clear_faults
healthy_again "401 cleared"

fault '{"garbage":true}'
in_pane "garbage: processing pane" 3 "CORE_API_BAD_RESPONSE"
clear_faults
healthy_again "garbage cleared"

fault '{"latencyMs":4000}'
in_pane "slow core-api: processing pane" 3 "CORE_API_UNREACHABLE" 12
T send-keys '?'
in_pane "keys answer while core-api is slow" 1 "Keys" 2
T send-keys Escape
clear_faults
healthy_again "slow cleared"

"$STACK" stop redis --dir "$STACK_DIR"
in_pane "Redis down: env pane" 1 "QUEUE_REDIS_UNREACHABLE"
in_pane "Redis down: queue pane" 2 "QUEUE_REDIS_UNREACHABLE"
"$STACK" start redis --dir "$STACK_DIR"
seed degraded
healthy_again "Redis back"
in_pane "Redis back: env pane" 1 "PASS" 10

"$STACK" stop postgres --dir "$STACK_DIR"
in_pane "PostgreSQL down: processing pane" 3 "OPS_DB_UNREACHABLE"
"$STACK" start postgres --dir "$STACK_DIR"
healthy_again "PostgreSQL back"

"$STACK" stop sim --dir "$STACK_DIR"
in_pane "core-api down: processing pane" 3 "CORE_API_UNREACHABLE"
in_pane "core-api down: env pane" 1 "CORE_API_UNREACHABLE"
"$STACK" start sim --dir "$STACK_DIR"
healthy_again "core-api back"

T send-keys q
sleep 1
T capture-pane -p | grep -q "CONSOLE-EXITED 0" && pass "clean exit after the faults" || fail "no clean exit"
finish
