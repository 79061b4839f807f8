#!/usr/bin/env bash
# What the console says agrees with the core (issue 23), in tmux against the
# real stack: timeline lines put the outcome first, so the 80-column view
# never reads "replay FAILED by …" as a failure (item 7); the playbook's
# deploy commands name the context in use, not production (item 7); and the
# header and the go/no-go checklist apply the offline rule of the decision —
# F-00 run with --offline is never GO (from disk: tests/unit/check_gonogo),
# and F-00's own pane shows the checks skipped.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
# start_console ROOT ARGS COLS LINES: a fresh tmux server, UTF-8.
start_console() {
	tmux_new "$3" "$4" "cd '$WORK' && env LANG=C.UTF-8 LC_ALL=C.UTF-8 '$IG' console --reports-dir '$1' $2; echo CONSOLE-EXITED \$?; sleep 120"
}
header() { screen | head -n 1; }
# wait_header TEXT SECONDS: 0 once the header line shows TEXT.
wait_header() {
	local end=$(( $(date +%s%N) + $(wait_ns "$2") ))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		header | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# --- timeline: the outcome first, at 80 columns -----------------------------
seed degraded
R1=$WORK/tl/reports
INGESTGATE_REPORTS_DIR=$R1 "$IG" replay --status FAILED --source partner-api --role MANAGER \
	--operator dina --yes </dev/null >/dev/null 2>&1
moved=$(tail -n 1 "$R1/audit/replay.log" | jq -r .replaying)
[ "${moved:-0}" -gt 0 ] 2>/dev/null && pass "setup: a replay moved $moved" || fail "setup: no replay ($moved)"
start_console "$R1" "--interval 3600" 80 24
shows "console up" "success" 10
T send-keys T
shows "T opens the timeline" "Timeline (newest last)" 3
# The newest entry is the replay's outcome: cut at 80 columns, what is left
# says what happened.
shows_re "80 columns: the replay line opens with what moved" "replay +moved $moved · replay status FAILED" 2
quit

# --- playbook: deploy commands name the context in use ----------------------
printf 'CORE_API_BASE_URL=%s\n' "$CORE_API_BASE_URL" > "$WORK/ctx.env"
touch -d '2 hours ago' "$WORK/ctx.env"	# older than core-api's start
printf '[context staging]\nenv-file = %s\n[context production]\nenv-file = %s\n' \
	"$WORK/ctx.env" "$WORK/ctx.env" > "$WORK/ctx.conf"
fault '{"redisDown":true}'
R2=$WORK/pb/reports
start_console "$R2" "--interval 3600 --config '$WORK/ctx.conf' --context staging" 160 50
if wait_pane 1 "FAIL QUEUE_REDIS_UNREACHABLE" $(( 15 * ${IG_WAIT_SCALE:-1} )); then pass "console on staging: F-00 says Redis is down"
else fail "console on staging: pane 1 has no QUEUE_REDIS_UNREACHABLE"; screen | head -n 20; fi
T send-keys 1 t
shows "t on pane 1: the playbook of its code" "QUEUE_REDIS_UNREACHABLE — " 3
shows "the deploy commands name staging" "pnpm deploy:core-api-staging:redis:status" 2
shows "both of them" "pnpm deploy:core-api-staging:redis:start" 1
lacks "no production deploy command on staging" "core-api-prod"
T send-keys L
shows "L: the Indonesian entry" "Playbook (id)" 2
shows "id: the deploy commands name staging" "pnpm deploy:core-api-staging:redis:status" 2
lacks "id: no production deploy command on staging" "core-api-prod"
quit
start_console "$R2" "--interval 3600 --config '$WORK/ctx.conf' --context production" 160 50
if wait_pane 1 "FAIL QUEUE_REDIS_UNREACHABLE" $(( 15 * ${IG_WAIT_SCALE:-1} )); then pass "console on production: F-00 says Redis is down"
else fail "console on production: pane 1 has no QUEUE_REDIS_UNREACHABLE"; screen | head -n 20; fi
T send-keys 1 t
shows "production: the runbook's prod commands" "pnpm deploy:core-api-prod:redis:status" 3
quit
clear_faults

# --- go/no-go: the offline rule of the decision ------------------------------
# GO evidence on disk (every stage PASS, online): the console agrees.
seed healthy
R3=$WORK/off/reports
INGESTGATE_REPORTS_DIR=$R3 "$IG" gate evidence </dev/null >/dev/null 2>&1
eq "setup: online evidence is GO" GO "$(jq -r .decision "$R3/release-evidence/$PHASE2_BATCH_CODE/latest.json")"
start_console "$R3" "--interval 3600" 160 50
if wait_header "GO · READY" 15; then pass "online: the header says GO · READY"
else fail "online: no GO · READY in the header: $(header)"; fi
if wait_pane 1 "ok   redis-ping REDIS_URL" 5; then pass "online: F-00's pane pinged Redis"
else fail "online: F-00's pane has no Redis ping"; pane 1; fi
quit

# The console run with --offline: F-00 live skips its network checks, every
# stage still PASS. The decision says PENDING ("offline: N checks not run"),
# so the header and g must too.
start_console "$R3" "--interval 3600 --offline" 160 50
# F-00's own pane: PASS, its network checks skipped (pinged online above).
if wait_pane 1 "skip redis-ping REDIS_URL" 10; then pass "offline console: F-00's pane skips the Redis pings"
else fail "offline console: F-00's pane pinged Redis"; pane 1; fi
has "offline console: F-00's pane skips core-api's runtime check" "skip core-api-runtime" "$(pane 1)"
has "offline console: F-00 still PASS" "PASS · " "$(pane 1 | sed -n 2p)"
if wait_header "PENDING · READY" 15; then pass "--offline console: the header says PENDING, not GO"
else fail "--offline console: the header says: $(header)"; fi
T send-keys g
shows "--offline console: g says PENDING" "Decision: PENDING" 3
SCREEN_FLAGS=-J shows "--offline console: g says why, as the decision does" "PENDING: offline: " 1
lacks "--offline console: g never says GO" "Decision: GO"
quit

# Evidence written with --offline and read from disk keeps the rule too:
# tests/unit/check_gonogo, not here. A console started online runs F-00
# live, and the newer live stage rightly replaces the disk's.
finish
