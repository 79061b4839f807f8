#!/usr/bin/env bash
# The console as k9s users expect it (issue 23), in tmux against the real
# stack: the header's go/no-go beside the batch status on disk and the report
# root (items 1, issue 21 item 14, issue 24 item 7); --readonly records
# nothing and a HOLD says so in a banner (2); nothing cut without a mark, the
# screen used, z zoom (3); narrow terminals degrade (4); a hung core-api is
# visible at once (5).
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
# The timeline's selection (N/TOTAL). tl_settled: the selection once End
# has landed on the last entry; tl_moved_to OLD: once it is not OLD.
tl_pos() { screen | grep -oE '^[^0-9]*[0-9]+/[0-9]+  ' | grep -oE '[0-9]+/[0-9]+' | head -n 1; }
tl_settled() {
	local a i
	for i in $(seq $(( 30 * ${IG_WAIT_SCALE:-1} ))); do
		a=$(tl_pos)
		[ -n "$a" ] && [ "${a%%/*}" = "${a##*/}" ] && break
		sleep 0.1
	done
	echo "$a"
}
tl_moved_to() {
	local b i
	for i in $(seq $(( 30 * ${IG_WAIT_SCALE:-1} ))); do
		b=$(tl_pos)
		[ -n "$b" ] && [ "$b" != "$1" ] && break
		sleep 0.1
	done
	echo "$b"
}
header() { screen | head -n 1; }

# --- 1, 21.14, 24.7: the header tells the whole truth ----------------------
# A READY batch (GO evidence on disk): before the first refresh (core-api
# slow) the header and g show that evidence, never PENDING.
seed healthy
R1=$WORK/ready/reports
INGESTGATE_REPORTS_DIR=$R1 "$IG" gate evidence >/dev/null 2>&1
eq "setup: GO evidence makes the batch READY" READY \
	"$(jq -r .status "$R1/release-evidence/$PHASE2_BATCH_CODE/batch-status.json")"
fault '{"latencyMs":6000}'
start_console "$R1" "--interval 3600" 160 50
shows "before the first refresh: waiting" "waiting for first data" 3
shows "before the first refresh the header shows the evidence on disk: GO · READY" "GO · READY" 2
lacks "no PENDING for a READY batch" "PENDING"
shows "the header names the report root" "reports $R1" 1
T send-keys g
shows "g before the first refresh: the evidence's decision" "Decision: GO" 2
shows "g: the stages come from the evidence on disk" "(evidence on disk)" 1
lacks "g: no HOLD on a READY batch" "on HOLD"
quit
clear_faults

# The batch goes on HOLD (a FAIL recorded by another shell); live, every
# stage passes: the header says GO · HOLD and g names the way out.
GATE_DLQ_MAX_OPEN=0 INGESTGATE_REPORTS_DIR=$R1 "$IG" gate dlq-growth >/dev/null 2>&1
eq "setup: a FAIL sets HOLD" HOLD \
	"$(jq -r .status "$R1/release-evidence/$PHASE2_BATCH_CODE/batch-status.json")"
start_console "$R1" "--interval 3600" 160 50
shows "live GO on a HOLD batch: GO · HOLD" "GO · HOLD" 10
lacks "the header never says GO alone on a HOLD batch" "GO · READY"
T send-keys g
shows "g: the batch status" "Batch status HOLD:" 3
shows "g: the batch status file (wrapped on /)" "Batch status HOLD: $R1/release-evidence/" 1
shows "g: the file name whole" "batch-status.json." 1
SCREEN_FLAGS=-J shows "g: the --lift-hold instruction, the lead's next step" "--lift-hold" 1
quit

# No status on disk: a live NO-GO never claims the batch is on HOLD.
seed degraded
R2=$WORK/fresh/reports
start_console "$R2" "--interval 3600" 160 50
shows "degraded: NO-GO" "NO-GO" 10
lacks "no status on disk: none shown" "NO-GO ·"
T send-keys g
shows "g opens" "Decision: NO-GO" 3
lacks "g: no HOLD claimed without a batch status" "The batch is on HOLD"
quit

# --- 2: --readonly writes nothing ------------------------------------------
R3=$WORK/ro/reports
start_console "$R3" "--interval 3600 --readonly" 160 50
shows "read-only console up" "success 97.90%" 10
T send-keys '?'
shows "help: gate keys are not recorded under --readonly" "; read-only: judged" 2
T send-keys Escape
shows "hint: gates not recorded" "gates (not recorded)" 1
T send-keys p
shows "p judges F-03 live, marked not recorded" "not recorded (read-only)" 15
T send-keys E
shows "E judges the evidence live" "evidence FAIL" 30
sleep 0.5
eq "--readonly wrote no file under the report root" 0 "$(find "$R3" -type f 2>/dev/null | wc -l)"
lacks "no HOLD under --readonly" "HOLD:"
quit

# Writable: the help says the keys record; a run that sets HOLD shows a banner.
R4=$WORK/rw/reports
start_console "$R4" "--interval 3600" 160 50
shows "writable console up" "success 97.90%" 10
T send-keys '?'
shows "help: gate keys record" "; records its reports" 2
T send-keys Escape
T send-keys p
shows "p sets HOLD: a banner says so" "HOLD: F-03 processing FAIL PROCESSING_SUCCESS_RATE_LOW put batch" 15
shows "the header follows" "NO-GO · HOLD" 3
T send-keys Escape
lacks "Esc dismisses the banner" "put batch $PHASE2_BATCH_CODE on HOLD" 0.5
quit

# --- 3: nothing cut without a mark, the screen used, z zoom -----------------
start_console "$R2" "--interval 3600" 80 24 C
shows "80x24 LANG=C up" "success 97.90%" 10
sleep 1
empty=$(screen | sed -n '2,23p' | grep -c '^ *$')
eq "80x24: no empty row between the header and the hints" 0 "$empty"
shows_re "80x24: a cut pane line ends in ~ (LANG=C)" '~ \|$' 1
shows "80x24: pane 1's hidden checks say how to see them" "more checks (v Enter, z: all)" 1
T send-keys 3 z
shows "z zooms pane 3: its lines whole" "flips after 2200 consecutive successes" 2
shows_re "z zoom: the pane takes the width" '^\+-\[3 Processing \(F-03\)\]-+\+$' 1
lacks "z zoom: the other panes are gone" "Quality (F-05)"
T send-keys z
shows "z again: all panes" "4 Quality (F-05)" 2
quit
# The checklist at 80 columns: the status path and the lift-hold step whole.
start_console "$R4" "--interval 3600" 80 24 C
shows "80x24 on the HOLD batch" "NO-GO - HOLD" 10
T send-keys g
shows "80 cols: g shows the batch-status path" "batch-status.json" 3
shows "80 cols: g shows the --lift-hold instruction" "--lift-hold, then the same" 1
quit

# --- 4: narrow terminals degrade, never refuse ------------------------------
start_console "$R2" "--interval 3600" 60 20
shows "60x20: all four panes" "4 Quality (F-05)" 10
shows "60x20: pane 1 too" "1 Env baseline (F-00)" 1
lacks "60x20: no refusal" "terminal too small"
T resize-window -x 40 -y 12
shows "40x12: still the panes" "Quality (F-05)" 3
shows "40x12: verdicts shown" "FAIL" 1
lacks "40x12: no refusal" "terminal too small"
T resize-window -x 38 -y 11
shows "below 40x12 it says so" "terminal too small" 3
quit

# --- 5: a hung backend is visible at once -----------------------------------
simpid=$(sed -n 's/^sim=//p' "$STACK_DIR/pids")
start_console "$R2" "--interval 1" 160 50 C.UTF-8 INGEST_HTTP_TIMEOUT_MS=30000
shows "console up before the hang" "success 97.90%" 10
kill -STOP "$simpid"
t0=$(date +%s%N)
if wait_text "waiting on core-api" 5; then
	pass "a SIGSTOPped core-api shows within $(( ($(date +%s%N) - t0) / 1000000 )) ms"
else fail "no pane says what it waits on:"; screen | head -n 30; fi
shows "pane 3 names its request" "(GET /v1/ingest/metrics/processing)" 2
shows "pane 2 waits at the same time: the requests run in parallel" "(GET /v1/ingest/metrics/queue)" 1
shows "pane 1 too" "(GET /v1/ingest/runtime)" 1
kill -CONT "$simpid"
if wait_text "refreshed 0s ago" 5 || wait_text "refreshed 1s ago" 2; then pass "back: refreshed again"
else fail "no refresh after SIGCONT"; fi
lacks "back: nothing waits" "waiting on core-api" 1
quit

# --- 6: q and Esc mean one thing everywhere; a dialog owns its keys ---------
R6=$WORK/keys/reports
INGESTGATE_REPORTS_DIR=$R6 "$IG" gate processing >/dev/null 2>&1
INGESTGATE_REPORTS_DIR=$R6 "$IG" gate dlq-growth >/dev/null 2>&1
start_console "$R6" "--interval 3600" 160 50
shows "console up for the keys" "success 97.90%" 10
T send-keys T
shows "T opens the timeline" "Timeline (newest last)" 3
shows "the timeline says how to move and close" "j/k ↑/↓ PgUp/PgDn Home/End move · / find · n next · Esc close" 1
T send-keys g
lacks "g in the timeline does not open go/no-go" "Go / no-go (runbook 6)" 0.5
shows "the timeline stays open" "Timeline (newest last)" 1
T send-keys End
tl_at=$(tl_settled)
T send-keys k
tl_now=$(tl_moved_to "$tl_at")
if [ -n "$tl_at" ] && [ "${tl_now%%/*}" = $(( ${tl_at%%/*} - 1 )) ]; then pass "k moves up in the timeline ($tl_at -> $tl_now)"
else fail "k did not move in the timeline ($tl_at -> $tl_now)"; fi
T send-keys Escape p
shows "p runs F-03" "F-03 processing FAIL" 15
T send-keys h
shows "h: the history says how to move and close" "Home/End move · / find · n next · Esc close" 2
T send-keys Escape
# The replay dialog opens on its first field, whatever was chosen before.
T send-keys x
shows "x opens the replay dialog" "DLQ replay" 2
T send-keys Down Escape x Right
shows "reopened on its first field: Right changes the role" "role      ADMIN" 2
lacks "the status is left as it was" "status    OPEN"
# q quits while a count is in flight (it was swallowed).
fault '{"latencyMs":8000}'
T send-keys Enter
shows "the count is in flight" "counting (dry run)" 3
t0=$(date +%s%N)
T send-keys q
if wait_text CONSOLE-EXITED 2; then pass "q quits during a count in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
else fail "q swallowed while the replay dialog counts"; fi
clear_faults

# The header's STALE clears once the panes are fresh again (F-05 too).
start_console "$R6" "--interval 1" 160 50 C.UTF-8 INGEST_HTTP_TIMEOUT_MS=2000
shows "console up for STALE" "success 97.90%" 10
"$STACK" stop postgres --dir "$STACK_DIR" >/dev/null 2>&1
T send-keys c
shows "PostgreSQL down: STALE" "STALE" 20
"$STACK" start postgres --dir "$STACK_DIR" >/dev/null 2>&1
fresh=no
for i in $(seq $(( 300 * ${IG_WAIT_SCALE:-1} ))); do
	h=$(header)
	case $h in *"refreshed "*) case $h in *STALE*) ;; *) fresh=yes; break ;; esac ;; esac
	sleep 0.1
done
if [ "$fresh" = yes ]; then
	pass "PostgreSQL back: the header's STALE clears without a gate key"
else fail "still STALE after PostgreSQL is back:"; screen | head -n 3; fi
quit

# --- 7: the playbook and the replay use what the panes show -----------------
REPORTS=$R6 ig playbook DLQ_GROWTH_HIGH
has "playbook: the source is filled from the reports" "--source partner-api" "$OUT"
hasnt "playbook: no {source} left" "{source}" "$OUT"
REPORTS=$R6 ig playbook PHASE2_QUALITY_FAILED
has "playbook: the batch is filled" "--batch $PHASE2_BATCH_CODE" "$OUT"
hasnt "playbook: no {batch} left" "{batch}" "$OUT"
step=$("$IG" playbook DLQ_GROWTH_HIGH --reports-dir "$R6" | grep -o '`ingestgate replay [^`]*--dry-run`' | head -n 1 | tr -d '`')
out=$(cd "$WORK" && eval "${step/ingestgate/\"$IG\"} --reports-dir '$R6'" 2>&1)
has "the replay step as written counts what the pane shows" "24 selected" "$out"
start_console "$R6" "--interval 3600" 160 50
shows "console up for the playbook" "success 97.90%" 10
T send-keys 2 t
shows "t on pane 2: the step names the source" "--source partner-api --role MANAGER" 3
T send-keys Escape x
shows "x: the dominant status by default" "status    FAILED" 3
shows "x: the top source by default" "source    partner-api" 1
quit

# --- 8: drill down, copy, scroll back ---------------------------------------
R8=$WORK/drill/reports
start_console "$R8" "--interval 3600" 160 50
shows "console up for drill-down" "success 97.90%" 10
T set-option -g set-clipboard on
shows "pane 3 names each message's source" "partner-api timed out after 30s (partner-api)" 1
T send-keys p
shows "p ran" "F-03 processing FAIL" 15
T send-keys h Enter
shows "Enter in the history opens the report in a pager" "y copy path · j/k" 3
shows "the pager shows the report's text" "PROCESSING_SUCCESS_RATE_LOW" 1
T send-keys / b o o k i n g Enter
shows "/ finds in the report" "booking_ref" 2
T send-keys y
sleep 0.5
pmd=$(ls -t "$R8"/gates/ingest-processing/*.md 2>/dev/null | grep -v latest | head -n 1)
eq "y copies the report's path (OSC 52, tmux buffer)" "$pmd" "$(T show-buffer 2>/dev/null)"
T send-keys Escape Escape T
shows "the timeline opens" "Timeline (newest last)" 3
T send-keys End Enter
shows "Enter in the timeline opens its report" "y copy path · j/k" 3
T send-keys Escape Escape l
shows "l opens the whole log" "Log of this session" 3
shows "the log holds the run" "F-03 processing FAIL PROCESSING_SUCCESS_RATE_LOW" 1
quit

# --- 9: a command line inside the console -----------------------------------
start_console "$R8" "--interval 3600" 160 50
shows "console up for the prompt" "success 97.90%" 10
T send-keys : g a Tab
shows ": completes a command from the CLI's table" ":gate _" 2
T send-keys p r o c Tab
shows ": completes a gate name from the registry" ":gate processing _" 2
T send-keys Enter
shows ":gate processing runs F-03" "F-03 processing FAIL" 15
T send-keys : v e r Tab
shows ": knows every CLI command (verify)" ":verify _" 2
T send-keys Enter
shows "a command the console cannot run says how" "run 'ingestgate verify' in a shell" 2
T send-keys : p l a Tab d l q Tab Enter
shows ":playbook DLQ opens the playbook" "DLQ_GROWTH_HIGH" 3
shows "the playbook dialog is open" "Playbook (en)" 1
T send-keys Escape : i n t Tab 2 Enter
shows ":interval 2 changes the refresh" "refreshing every 2 s" 2
quit

# --- 10: the mouse (X10 mouse reports typed into the terminal) --------------
click() { T send-keys -l "$(printf '\033[M %s%s\033[M#%s%s' "$1" "$2" "$1" "$2")"; }
start_console "$R6" "--interval 3600" 80 24
shows "console up for the mouse" "success 97.90%" 10
click ']' '0'	# column 60, row 15: pane 4
shows "a click focuses pane 4" "[4 Quality (F-05)]" 2
click ']' '0'
shows "a second click opens its row: the playbook of its code" "PHASE2_QUALITY_FAILED —" 2
T send-keys Escape T End
tl_at=$(tl_settled)
T send-keys -l "$(printf '\033[M`]0')"
tl_now=$(tl_moved_to "$tl_at")
if [ -n "$tl_at" ] && [ "${tl_now%%/*}" = $(( ${tl_at%%/*} - 1 )) ]; then pass "the wheel scrolls a dialog ($tl_at -> $tl_now)"
else fail "the wheel did not scroll the timeline ($tl_at -> $tl_now)"; fi
quit
start_console "$R6" "--interval 3600 --no-mouse" 80 24
shows "console up with --no-mouse" "success 97.90%" 10
click ']' '0'
lacks "--no-mouse: a click focuses nothing" "[4 Quality (F-05)]" 1
quit

finish
