#!/usr/bin/env bash
# The console, driven in tmux against the real stack: the degraded figures
# in every pane, gate keys, the playbook with a live check, go/no-go,
# resizing, a hung core-api while keys still answer, Redis stopped and back,
# hostile text from the database, and the terminal restored on q and SIGTERM.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed degraded
# A message with OSC (window title), CSI (clear screen) and BEL in it.
sql -c "UPDATE ingest_event_log SET error_message = E'evil \\033]0;PWNED\\007title \\033[2J\\033[31mred\\033[0m end' WHERE event_id = 'd-31'" >/dev/null
export INGEST_HTTP_TIMEOUT_MS=8000
start_console() {	# a fresh tmux server each time: no race with the last one
	tmux_new "${2:-120}" "${3:-40}" \
		"cd '$WORK' && '$IG' console --interval 1 --reports-dir '$REPORTS' $1; echo CONSOLE-EXITED \$?; sleep 60"
}

start_console ""
title_before=$(T display -p '#{pane_title}')
shows "F-03 rate in pane 3" "success 97.90%"
shows "F-03 thresholds beside it" "(min 99.00%, warn 99.50%)"
shows "F-03 top failing source" "top failing: partner-api/api"
shows "F-04 verdict and code" "FAIL DLQ_GROWTH_HIGH"
shows "F-04 growth" "growth +22 in 60m (max 10)"
shows "F-04 queue depth from Redis" "waiting 120 active 4 delayed 7 failed 30"
shows "F-05 duplicate groups" "duplicate_identity          3 findings"
shows "F-05 orphans" "payment_orphan              2 findings"
# Pane 1's first line is its verdict: PASS only once F-00 has run and
# judged (the title is drawn whatever happens).
shows_re "F-00 verdict" '^│ PASS +· [0-9]+s ago +│' 8
shows "F-00 checks listed" "ok   required-keys"
shows "header go/no-go" "NO-GO"
shows "hostile text sanitised" "evil title red end" 8
eq "pane title untouched by OSC" "$title_before" "$(T display -p '#{pane_title}')"
hasnt "no PWNED title" PWNED "$(T display -p '#{pane_title}')"

T send-keys p
shows "p runs F-03 and its verdict lands" "F-03 processing FAIL PROCESSING_SUCCESS_RATE_LOW"
[ -s "$REPORTS/gates/ingest-processing/latest.json" ] && pass "p wrote the F-03 report" || fail "no F-03 report"
T send-keys 3 t
shows "t opens the focused pane's playbook entry" "PROCESSING_SUCCESS_RATE_LOW — Processing success rate is below the threshold"
T send-keys Enter
shows "Enter runs the step's live check" "✗ " 8
shows "the live check's answer" "97.90% is below the minimum" 8
T send-keys L
shows "L switches the playbook to Indonesian" "Tingkat keberhasilan processing di bawah ambang"
T send-keys Escape g
shows "g shows the checklist" "Go / no-go (runbook 6)"
shows "g decides NO-GO" "Decision: NO-GO"
# F-01 and F-02 are judged only by the evidence: before E they were not run.
shows_re "before E the checklist has no evidence" 'F-01 contract-smoke +PASS +not run'
T send-keys Escape E
shows "E runs the evidence" "evidence FAIL" 15
shows "E shows the decision" "NO-GO, batch HOLD"
T send-keys g
shows_re "checklist takes the evidence" 'F-01 contract-smoke +PASS +PASS' 2
shows "checklist shows the evidence's batch status" "Batch status HOLD:" 2
T send-keys Escape

T resize-window -x 80 -y 24
shows "80x24 redraws the panes" "4 Quality (F-05)"
hasnt "80x24 is big enough" "terminal too small" "$(screen)"
T resize-window -x 200 -y 60
shows "200x60 redraws the panes" "2 Queue & DLQ (F-04)"
eq "200x60 window" 200 "$(T display -p '#{window_width}')"
shows "200x60 keeps the header's decision at the right" "NO-GO"
T resize-window -x 70 -y 20
shows "70x20 degrades to one column" "4 Quality (F-05)"
T resize-window -x 38 -y 11
shows "below 40x12 says so" "terminal too small: 38x11, need 40x12"
T resize-window -x 120 -y 40
shows "back to normal" "3 Processing (F-03)"

# A hung core-api never delays a key.
fault '{"latencyMs":6000}'
T send-keys R
sleep 0.5
start=$(date +%s%N)
T send-keys '?'
if wait_text "Keys" 1; then pass "? answers within a second while core-api hangs ($(( ($(date +%s%N) - start) / 1000000 )) ms)"; else fail "? did not answer while core-api hangs"; fi
T send-keys Escape
clear_faults

# Redis stopped: the panes say so; back again: they recover.
"$STACK" stop redis --dir "$STACK_DIR"
T send-keys R
shows "Redis stopped: code in the panes" "QUEUE_REDIS_UNREACHABLE" 20
"$STACK" start redis --dir "$STACK_DIR"
seed degraded
T send-keys R
if wait_until 20 'screen | grep -q "waiting 120 active 4 delayed 7 failed 30" && ! screen | grep -q QUEUE_REDIS_UNREACHABLE'; then
	pass "Redis back: panes recover"
else
	fail "panes did not recover"; screen | head -n 20
fi

T send-keys q
shows "q quits" "CONSOLE-EXITED 0"

# --ascii and --readonly.
start_console "--ascii --readonly --no-color"
shows "--readonly flagged" "READ-ONLY"
shows "--ascii frames" "+-"
T send-keys x
shows "--readonly has no replay" "read-only console: replay is not available"
pid=$(pgrep -P "$(T display -p '#{pane_pid}')" -x ingestgate)
kill -TERM "$pid"
shows "SIGTERM restores and exits" "CONSOLE-EXITED 0"

finish
