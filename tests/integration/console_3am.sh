#!/usr/bin/env bash
# The console as an operator meets it at 3 a.m. (issue 12, SPEC section 7):
# q at once while a request hangs, LANG=C losing no text, what truncation
# keeps at 80x24, stale figures beside a backend's error, the history of
# runs and the '/' filter, the refusal of a dumb terminal, F-00 as fresh as
# the others, and text screenshots compared with tests/screens/.
# UPDATE_SCREENS=1 rewrites the screenshots instead of comparing them.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed degraded
# start_console ARGS COLS LINES [LOCALE] [ENV...]: a fresh tmux server each time.
start_console() {
	local args=$1 cols=$2 lines=$3 loc=${4:-C.UTF-8}
	shift 4 2>/dev/null || shift $#
	tmux_new "$cols" "$lines" \
		"cd '$WORK' && env LANG=$loc LC_ALL=$loc $* '$IG' console --reports-dir '$REPORTS' $args; echo CONSOLE-EXITED \$?; sleep 120"
}
exited() { screen | grep -q CONSOLE-EXITED; }
export INGEST_HTTP_TIMEOUT_MS=30000
port=${SIM##*:}

# 1. q quits at once while core-api hangs for 30 s (timeout 30 s too).
start_console "--interval 1" 120 40 C.UTF-8
shows "console up" "success 97.90%" 10
fault '{"latencyMs":30000}'
T send-keys R
sleep 1.5
start=$(date +%s%N)
T send-keys q
while ! exited && [ $(( $(date +%s%N) - start )) -lt 35000000000 ]; do sleep 0.02; done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if exited && [ "$ms" -lt 1000 ]; then pass "q quits in $ms ms while a request hangs"
else fail "q took $ms ms while a request hangs (limit 1000)"; fi
shows "q exits 0" "CONSOLE-EXITED 0" 1
clear_faults

# 4a. Before the first data: no "never ago".
fault '{"latencyMs":4000}'
start_console "--interval 1" 120 40 C.UTF-8
shows "before the first refresh the header waits" "waiting for first data (" 3
lacks "no 'never ago'" "never ago"
T send-keys q
clear_faults

# 2 and 3. LANG=C at 80x24 loses no text; the last things cut are the
# header's facts, '? help' and 'q quit'.
start_console "--interval 1" 80 24 C
shows "LANG=C: pane 3 figures" "success 97.90%" 10
shows "LANG=C: header host" "127.0.0.1:$port" 3
shows "LANG=C: header batch" " F-2026-02-20 - " 1
shows "LANG=C: header age" "refreshed " 1
shows "LANG=C: the age after a verdict" "PASS - " 1
shows "LANG=C: error counts keep their text" "30x partner-api timed out" 1
shows "LANG=C: dominant status marked" "30 <" 1
shows "80x24: ? help in the hint bar" "? help" 1
shows "80x24: q quit in the hint bar" "q quit" 1
shows "80x24: the hint bar still starts with the gates" "e s a p d c gates" 1
lacks "LANG=C: no replacement marks in the header" "?? "
# A narrow notice still leaves help and quit.
T send-keys R
shows "a notice keeps '? help'" "? help" 1
# The quality report path wraps on '/', never cut mid-word.
T send-keys c
shows "c writes the F-05 report" "report:" 15
qmd=$(find "$REPORTS" -path '*quality*' -name '*.md' ! -name 'latest.md' | head -n 1)
if [ -n "$qmd" ] && screen | grep -qF -- "$(basename "$qmd")"; then
	pass "the report's file name is whole on one line"
else fail "the report's file name '$(basename "${qmd:-none}")' is cut:"; screen; fi
# Dialog text wraps instead of being clipped: the playbook's why ends whole.
T send-keys 3 t
shows "playbook at 80x24" "PROCESSING_SUCCESS_RATE_LOW" 3
# Step 2 ("Correlate with ... (the gate lists the top messages).") is wider
# than the dialog at 80 columns: its end shows only when it wraps.
shows "the playbook's steps wrap to their last words" "top messages)." 2
T send-keys Escape '?'
shows "help lists h" "history of gate runs" 2
shows "help lists /" "filter the focused pane" 2
T send-keys End
shows "help scrolls, nothing clipped: last entry" "quit (at once" 2
T send-keys Escape q
shows "LANG=C console quits" "CONSOLE-EXITED 0" 3

# 5. h: the history of gate runs with full report paths; '/' filters.
start_console "--interval 1" 80 24 C.UTF-8
shows "console up for history" "success 97.90%" 10
T send-keys s
shows "F-01 ran" "F-01" 15
T send-keys a
shows "F-02 ran" "F-02" 15
T send-keys p
sleep 3
T send-keys h
shows "h opens the history" "History of gate runs" 3
hist=$(screen)
for g in F-01 F-02 F-03; do has "history keeps $g" "$g" "$hist"; done
pmd=$(ls -t "$REPORTS"/gates/ingest-processing/*.md 2>/dev/null | grep -v latest | head -n 1)
# The dialog's lines without frames and labels, joined: paths wrap on '/'.
joined=$(printf '%s\n' "$hist" | sed 's/[│|]//g; s/^ *//; s/ *$//; s/^md *//; s/^json *//' | tr -d '\n')
if [ -n "$pmd" ]; then has "h shows the full F-03 report path" "$pmd" "$joined"
else fail "no F-03 report written"; fi
T send-keys Escape
T resize-window -x 120 -y 40
T send-keys 3 /
T send-keys b o o k i n g Enter
shows "/ filters pane 3's error messages" "filter 'booking': 1 of 2" 2
shows "the matching message stays" "payload missing field booking" 1
lacks "the other message is filtered out" "partner-api timed out"
T send-keys Escape
shows "Esc clears the filter" "partner-api timed out" 2
T send-keys 2 / o t a Enter
shows "/ filters pane 2's sources" "ota-feed/feed" 2
lacks "other sources are filtered out" "partner-api/api  open"
T send-keys Escape q
shows "history console quits" "CONSOLE-EXITED 0" 3

# 4b. A backend fails: panes keep their last good figures, marked stale.
INGEST_HTTP_TIMEOUT_MS=2000 start_console "--interval 1" 160 50 C.UTF-8
shows "console up for stale" "waiting 120 active 4 delayed 7 failed 30" 10
"$STACK" stop sim --dir "$STACK_DIR"
"$STACK" stop redis --dir "$STACK_DIR"
shows "core-api down: the error is shown" "ERROR CORE_API_UNREACHABLE" 15
shows "pane 3 keeps its figures, marked stale" "last good FAIL PROCESSING_SUCCESS_RATE_LOW" 5
shows "the stale figures stay" "success 97.90%" 1
shows "the stale sources stay" "partner-api/api  open 0 failed 24" 1
shows "Redis down: the error is shown" "QUEUE_REDIS_UNREACHABLE" 5
shows "queue depth kept, marked stale" "waiting 120 active 4 delayed 7 failed 30" 1
shows "the header says the data is stale" "STALE: last good " 5
lacks "the header no longer says refreshed" "refreshed 0s ago"
"$STACK" start sim --dir "$STACK_DIR"
"$STACK" start redis --dir "$STACK_DIR"
seed degraded
if wait_until 30 'screen | grep -q "refreshed " && ! screen | grep -q STALE'; then pass "backends back: nothing stale"
else fail "still stale after the backends came back"; screen | head -n 30; fi
T send-keys q

# 7. F-00 refreshes with the others: its age stays near the interval.
start_console "--interval 1" 120 40 C.UTF-8
shows "console up for F-00" "success 97.90%" 10
worst=0
for _ in 1 2 3 4 5 6 7 8; do
	sleep 1.5
	a=$(screen | sed -n '3p' | sed -E 's/^[^A-Z]*[A-Z]+[^·]*· ([0-9]+)s ago.*/\1/')
	case $a in *[!0-9]*|'') a=999 ;; esac
	[ "$a" -gt "$worst" ] && worst=$a
done
if [ "$worst" -le 3 ]; then pass "F-00's age stays within 3 s over 12 s (worst ${worst}s)"
else fail "F-00's age climbed to ${worst}s with --interval 1"; screen | head -n 5; fi
T send-keys q

# 6. TERM=dumb or an unknown terminal: one line, the terminal untouched.
for term in dumb no-such-terminal-x9; do
	rm -f "$WORK/tty.bytes" "$WORK/err"
	tmux_new 100 20 "sleep 0.5; TERM=$term '$IG' console --reports-dir '$REPORTS' 2>'$WORK/err'; echo CONSOLE-EXITED \$?; sleep 60"
	T pipe-pane -o "cat > '$WORK/tty.bytes'"
	shows "TERM=$term: refused" "CONSOLE-EXITED 2" 5
	err=$(cat "$WORK/err" 2>/dev/null)
	has "TERM=$term: the refusal points to ingestgate gate" "ingestgate gate" "$err"
	eq "TERM=$term: one line on stderr" 1 "$(printf '%s\n' "$err" | wc -l)"
	if [ -s "$WORK/tty.bytes" ] && ! grep -q $'\033' "$WORK/tty.bytes"; then
		pass "TERM=$term: no escape sequence reached the terminal"
	else fail "TERM=$term: the terminal was written to: $(od -c "$WORK/tty.bytes" | head -n 5)"; fi
done

# Screenshots: 80x24 in LANG=C and 160x50 in C.UTF-8, on the degraded seed,
# with ages (and the padding or frame around them, whose width follows the
# age's digits), times and ports masked.
mask() {
	sed -E -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g' \
		-e 's/[-─]* *[0-9]+[smh] ago */ Ns ago /g' \
		-e 's/\(([0-9]+[smh])\)/(Ns)/g' \
		-e 's/[0-9]{2}:[0-9]{2}:[0-9]{2}/HH:MM:SS/g' \
		-e 's/igt\.[A-Za-z0-9]{6}/igt.XXXXXX/g' \
		-e 's/(~|…)[A-Za-z0-9.]*\/reports/\1XXX\/reports/g' \
		-e 's/ +$//'
}
shot() {	# shot NAME COLS LINES LOCALE
	local want=$top_srcdir/tests/screens/$1.txt got=$WORK/$1.txt
	start_console "--interval 3600" "$2" "$3" "$4"
	if ! wait_text "success 97.90%" 10 || ! wait_text "payment_orphan" 10
	then
		fail "screenshot $1: the console did not fill"; return
	fi
	sleep 1.2
	screen | mask > "$got"
	T send-keys q
	if [ "${UPDATE_SCREENS:-}" = 1 ]; then
		cp "$got" "$want"; pass "screenshot $1 written"
	elif [ ! -f "$want" ]; then
		fail "screenshot $1: $want is missing (UPDATE_SCREENS=1 writes it)"
	elif diff -u "$want" "$got" > "$WORK/$1.diff"; then
		pass "screenshot $1 matches tests/screens/$1.txt"
	else
		fail "screenshot $1 differs:"; cat "$WORK/$1.diff"
	fi
}
seed degraded
shot console-80x24-C 80 24 C
shot console-160x50-utf8 160 50 C.UTF-8
finish
