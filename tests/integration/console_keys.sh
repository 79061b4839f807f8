#!/usr/bin/env bash
# The console's keys and options of SPEC section 7 that console.sh does not
# drive, in tmux against the real stack: the gate keys e s a d c r (verdict in
# the log line and a report written only after the key), Tab and 1-4 focus,
# space pause/resume, F1 help, F5 refresh, --interval, NO_COLOR and
# --no-color, and the terminal restored after SIGINT. Refreshes are counted on
# the backend's side: the simulator's request log.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed degraded
start_console() {	# start_console ARGS [ENV...]: a fresh tmux server each time
	tmux_new 120 40 \
		"cd '$WORK' && env ${2:-} '$IG' console --reports-dir '$REPORTS' $1; echo CONSOLE-EXITED \$?; stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo; sleep 60"
	wait_text "3 Processing (F-03)" 8
}
# Processing requests the simulator has served since the last reset.
served() { curl -sf "$SIM/__sim/requests" | jq '.byPath["/v1/ingest/metrics/processing"] // 0'; }
reset_log() { curl -sf -X DELETE "$SIM/__sim/requests" >/dev/null; }
# Colour in the screen: any SGR foreground/background other than the default.
coloured() {
	T capture-pane -p -e | grep -aoP '\e\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n' |
		grep -cxE '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}

start_console "--interval 1"
# --- the gate keys: a verdict in the log line, a report only after the key ---
for spec in "e|env-baseline|F-00 env-baseline PASS|gates/ingest-env-baseline" \
	"s|contract-smoke|F-01 contract-smoke PASS|gates/ingest-contract-smoke" \
	"a|admin-rbac|F-02 admin-rbac PASS|gates/admin-rbac-smoke" \
	"d|dlq-growth|F-04 dlq-growth FAIL DLQ_GROWTH_HIGH|gates/ingest-dlq-growth" \
	"c|quality|F-05 quality FAIL PHASE2_QUALITY_FAILED|recon/quality/$PHASE2_BATCH_CODE" \
	"r|release|release FAIL PROCESSING_SUCCESS_RATE_LOW|gates/ingest-release"; do
	IFS='|' read -r key name text folder <<<"$spec"
	[ -e "$REPORTS/$folder/latest.json" ] && fail "$key: a $name report before the key"
	T send-keys "$key"
	shows "$key runs $name and its verdict lands" "$text" 10
	[ -s "$REPORTS/$folder/latest.json" ] && pass "$key wrote the $name report" || fail "$key wrote no $name report"
done
eq "r: the release report judged both stages" "processing dlq-growth" \
	"$(jq -r '[.stages[].gate] | join(" ")' "$REPORTS/gates/ingest-release/latest.json")"

# --- focus: 1-4 and Tab (the focused pane's title is bracketed) -------------
shows "pane 1 has the focus at start" "[1 Env baseline (F-00)]"
T send-keys 3
shows "3 focuses pane 3" "[3 Processing (F-03)]"
lacks "3 takes the focus from pane 1" "[1 Env baseline (F-00)]"
T send-keys Tab
shows "Tab moves the focus to pane 4" "[4 Quality (F-05)]"
T send-keys Tab
shows "Tab wraps to pane 1" "[1 Env baseline (F-00)]"
T send-keys 2
shows "2 focuses pane 2" "[2 Queue & DLQ (F-04)]"
T send-keys 4
shows "4 focuses pane 4" "[4 Quality (F-05)]"
lacks "only one pane has the focus" "[2 Queue & DLQ (F-04)]"

# --- F1 help ----------------------------------------------------------------
T send-keys F1
shows "F1 opens the help" "Keys"
T send-keys Escape
lacks "Esc closes the help" "Keys" 0.5

# --- --interval 1 and space: pause stops the backend requests, space resumes -
reset_log; sleep 4; n=$(served)
[ "$n" -ge 2 ] && [ "$n" -le 6 ] && pass "--interval 1: $n refreshes in 4 s" || fail "--interval 1: $n refreshes in 4 s"
T send-keys Space
shows "space pauses" "PAUSED"
sleep 1.5; reset_log; sleep 3
eq "paused: no request to core-api" 0 "$(served)"
T send-keys Space
lacks "space resumes" "PAUSED" 0.5
sleep 3
n=$(served)
[ "$n" -ge 1 ] && pass "resumed: refreshing again ($n)" || fail "resumed: no refresh in 3 s"
[ "$(coloured)" -gt 0 ] && pass "colours by default" || fail "no colour by default"
T send-keys q
shows "q quits" "CONSOLE-EXITED 0"

# --- --interval 30 and F5: a refresh only on the key ------------------------
start_console "--interval 30"
sleep 2; reset_log; sleep 3
eq "--interval 30: no refresh within 3 s" 0 "$(served)"
T send-keys F5
sleep 2
eq "F5 refreshes at once" 1 "$(served)"
T send-keys R
sleep 2
eq "R refreshes at once" 2 "$(served)"

# --- NO_COLOR and --no-color --------------------------------------------------
start_console "--interval 1" "NO_COLOR=1"
shows "NO_COLOR: panes drawn" "FAIL DLQ_GROWTH_HIGH"
eq "NO_COLOR: no colour on screen" 0 "$(coloured)"
start_console "--interval 1 --no-color"
shows "--no-color: panes drawn" "FAIL DLQ_GROWTH_HIGH"
eq "--no-color: no colour on screen" 0 "$(coloured)"
start_console "--interval 1" "NO_COLOR="
shows "NO_COLOR empty: panes drawn" "FAIL DLQ_GROWTH_HIGH"
[ "$(coloured)" -gt 0 ] && pass "NO_COLOR empty: colours stay" || fail "NO_COLOR empty turned colour off"

# --- the correlation scan runs when the failed count changes, not every refresh
stats=$WORK/stats.json
sqlrt() { jq .sqlRoundTrips "$stats"; }
start_console "--interval 1" "INGESTGATE_STATS_FILE=$stats"
shows "stats: the correlation is shown" "30× partner-api timed out after 30s" 8
sleep 2; s0=$(sqlrt); reset_log; sleep 4; s1=$(sqlrt); n=$(served)
[ "$n" -ge 2 ] && pass "idle: $n refreshes in 4 s" || fail "idle: only $n refreshes in 4 s"
eq "idle: no SQL while the failed count stays" 0 "$((s1 - s0))"
sql -c "INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at) VALUES ('k-1', '$PHASE2_BATCH_CODE', 'web', 'form', 'booking.created', 'FAILED', 'NEW_FAILURE', 'a brand new failure', now(), now())" >/dev/null
shows "a new failure is correlated at the next refresh" "1× a brand new failure" 5
s2=$(sqlrt)
[ "$s2" -gt "$s1" ] && pass "the changed failed count ran the scan ($((s2 - s1)) round trips)" ||
	fail "no scan after the failed count changed"

# --- SIGINT: the terminal restored ------------------------------------------
eq "the console runs on the alternate screen" 1 "$(T display -p '#{alternate_on}')"
pid=$(pgrep -P "$(T display -p '#{pane_pid}')" -x ingestgate)
kill -INT "$pid"
shows "SIGINT ends the console" "CONSOLE-EXITED" 5
eq "SIGINT: alternate screen left" 0 "$(T display -p '#{alternate_on}')"
eq "SIGINT: cursor visible" 1 "$(T display -p '#{cursor_flag}')"
shows "SIGINT: line mode and echo back" "icanon echo" 3
finish
