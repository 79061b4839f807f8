#!/usr/bin/env bash
# Guided troubleshooting sessions (issue 26), on the real stack: the console
# records a session (a failure appears, a playbook step's live check runs, a
# gate runs, the failure clears); with the stack stopped, the recording is
# replayed at another size with LANG=C and its panes are compared at three
# moments with what the live console showed then; g and t work as they did;
# the write-up names what happened; kill -9 during a recording leaves a file
# that replays up to the kill; no secret is ever in a recording.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux python3

stack_up
seed healthy
SESS=$REPORTS/sessions/default
frames() { grep -c '"f":' "$1"; }
recording() { ls "$SESS"/*.jsonl 2>/dev/null | sort | tail -n "${1:-1}" | head -n 1; }

# pane_at COLS LINES N: pane N's text at that size (ui/layout.c: header
# line 0, two columns, the panes end where the 3-line log begins).
pane_at() {	# pane_at COLS LINES N: pane N as framed on screen (lib.sh finds it)
	pane "$3"
}
# The facts a pane shows, whatever its size: verdict words with their
# codes, percentages, DLQ counts.
facts() {
	grep -oE '(PASS|WARN|FAIL|ERROR|INCONCLUSIVE)( [A-Z][A-Z0-9_]{4,})?|[0-9]+\.[0-9]+%|(OPEN|FAILED|REPLAYING) +[0-9]+' |
		sort -u | tr '\n' ' '
}
# snap NAME: the facts of the four panes of the live 120x40 console and the
# frame it showed then (the last frame written). Refreshing is paused (space)
# meanwhile, so no frame comes in between; a refresh already under way ends
# first.
snap() {
	local f=$(recording) a b
	T send-keys ' '
	sleep 0.5
	for _ in 1 2 3 4 5; do
		a=$(frames "$f")
		for n in 1 2 3 4; do eval "LIVE_${1}_$n=\$(pane_at 120 40 $n | facts)"; done
		b=$(frames "$f")
		[ "$a" = "$b" ] && break
	done
	eval "FRAME_$1=$a"
	T send-keys ' '
}

# 1. Record, with the secret-bearing env of the stack (tokens, a secret,
# passwords in the Redis and PostgreSQL URLs).
tmux_new 120 40 "cd '$WORK' && '$IG' console --reports-dir '$REPORTS' --interval 1 --operator dina; echo CONSOLE-EXITED \$?; sleep 120"
shows "live: the panes fill" "success 99.75%" 10
wait_pane 1 "PASS" 5
wait_pane 4 "PASS" 5
sleep 1.2
snap healthy
fault '{"redisDown":true}'
if wait_pane 1 "QUEUE_REDIS_UNREACHABLE" 6; then pass "live: the failure appears"; else fail "live: no failure"; fi
sleep 1.2
snap failing
T send-keys 1; T send-keys t
shows "live: the playbook opens on the code" "QUEUE_REDIS_UNREACHABLE — Redis" 3
T send-keys Enter
shows "live: the step's live check answers" "REDIS_URL PONG" 8
T send-keys Escape
T send-keys e
for _ in $(seq 80); do grep -q '"type":"gate"' "$(recording)" && break; sleep 0.1; done
shows "live: the gate ran (its log line)" "env-baseline" 1
clear_faults
if wait_pane 1 "PASS" 6; then pass "live: the failure clears"; else fail "live: still failing"; fi
sleep 1.2
snap cleared
T send-keys q
shows "live: q quits" "CONSOLE-EXITED 0" 3
REC=$(recording)
[ -f "$REC" ] && pass "a recording at reports/sessions/default/<UTC start>.jsonl" ||
	fail "no recording under $SESS"
case ${REC##*/} in 20[0-9][0-9][01][0-9][0-3][0-9]T[0-2][0-9][0-5][0-9][0-5][0-9]Z.jsonl) pass "named by its UTC start" ;;
*) fail "recording name ${REC##*/}" ;; esac
eq "the header names the operator" dina "$(head -n 1 "$REC" | jq -r .operator)"
has "the live check is recorded" '"type":"live"' "$(cat "$REC")"
has "the gate run is recorded with its report" '"reportMd":"' "$(grep '"type":"gate"' "$REC")"
has "the playbook opening is recorded" '"type":"playbook"' "$(cat "$REC")"
has "the session's end is recorded" '"reason":"quit"' "$(tail -n 1 "$REC")"

# 2. kill -9 while recording: the file replays up to the kill.
tmux_new 120 40 "cd '$WORK' && sh -c 'echo \$\$ > $WORK/pid; exec \"$IG\" console --reports-dir \"$REPORTS\" --interval 1 --operator eko'; sleep 120"
shows "kill: the console runs" "success 99.75%" 10
# Hand-over: the playbook says what the last session on this batch did.
fault '{"redisDown":true}'
if wait_pane 1 "QUEUE_REDIS_UNREACHABLE" 6; then :; else fail "hand-over: no failure"; fi
T send-keys 1; T send-keys t
shows_re "hand-over: steps done in the last session, by whom, when" \
	"steps done in the last session: 1 \(by dina, [0-9]{2}:[0-9]{2}\)" 3
T send-keys Down; T send-keys ' '
shows "hand-over: a step checked off by a key" "step 2 checked off" 2
T send-keys Escape
clear_faults
sleep 2
kill -9 "$(cat "$WORK/pid")"
killed_at=$(date +%s)
sleep 0.5
KILLED=$(recording)
[ "$KILLED" != "$REC" ] && pass "kill: a second recording" || fail "kill: no second recording"
ig session report "$KILLED" --json
eq "kill: it is marked incomplete" false "$(jqv .complete)"
eq "kill: the report command succeeds" 0 "$RC"
ig session list
has "session list shows both" "${REC##*/}" "$OUT"
has "session list marks the killed one" "by eko" "$(printf '%s\n' "$OUT" | grep "${KILLED##*/}")"
has "session list says it was cut short" "(cut short)" "$(printf '%s\n' "$OUT" | grep "${KILLED##*/}")"
has "hand-over: the key's check-off is recorded" '"type":"step","code":"QUEUE_REDIS_UNREACHABLE","step":2,"by":"eko"' "$(cat "$KILLED")"
has "hand-over: the reading of the last session is recorded" '"type":"handover","from":"'"${REC##*/}"'"' "$(cat "$KILLED")"
# The timeline (ingestgate timeline, the console's T) has the sessions.
ig timeline
has "timeline: a session's start" "  session   started · session of dina" "$OUT"
has "timeline: its end" "  session   ended (quit) · session of dina" "$OUT"
has "timeline: the hand-over" "  session   hand-over · eko takes over from dina (steps done in ${REC##*/})" "$OUT"
has "timeline: a killed session" "  session   cut short (no end line) · session of eko" "$OUT"
ig timeline --json
eq "timeline --json: session entries (2 starts, an end, a hand-over, a cut)" 5 "$(printf '%s\n' "$OUT" | jq '[.[] | select(.kind == "session")] | length')"
nkilled=$(frames "$KILLED")
last_at=$(grep '"f":' "$KILLED" | tail -n 1 | jq -r .at)
gap=$(( killed_at - $(date -u -d "$last_at" +%s) ))
[ "$gap" -le 2 ] && pass "kill: the last frame is from the last second ($gap s)" ||
	fail "kill: the last frame is $gap s before the kill"

# 3. No secret in any recording; --no-record writes none.
leaks=0
for v in "$CORE_API_ADMIN_TOKEN" "$INGEST_SERVICE_TOKEN" "$INGEST_SERVICE_SECRET" \
	"$(printf '%s' "$REDIS_URL" | sed -E 's|.*://[^:]*:([^@]*)@.*|\1|')" \
	"$(printf '%s' "$OPS_DB_URL" | sed -E 's|.*://[^:]*:([^@]*)@.*|\1|')"; do
	[ -n "$v" ] && grep -rqF -- "$v" "$REPORTS/sessions" && leaks=$((leaks + 1))
done
eq "no token, secret or URL password in a recording" 0 "$leaks"
before=$(ls "$SESS" | wc -l)
tmux_new 120 40 "cd '$WORK' && '$IG' console --reports-dir '$REPORTS' --interval 1 --no-record; echo CONSOLE-EXITED \$?; sleep 120"
shows "--no-record: the console runs" "success 99.75%" 10
T send-keys q
shows "--no-record: q quits" "CONSOLE-EXITED 0" 3
eq "--no-record writes no recording" "$before" "$(ls "$SESS" | wc -l)"

# 4. Replay with no backend: the stack is stopped first.
reports_before=$(find "$REPORTS/gates" -type f | sort | md5sum)
"$STACK" down --dir "$STACK_DIR" >/dev/null 2>&1
tmux_new 100 40 "cd '$WORK' && env LANG=C LC_ALL=C '$IG' session replay '$REC' --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 120"
shows "replay: the time bar" "REPLAY " 5
shows "replay: read-only" "READ-ONLY" 1
shows "replay: the player's keys in the hint bar" "[ ] step" 1
lacks "replay: no gate keys" "e s a p d c gates"
total=$(frames "$REC")
shows "replay: every frame" "1/$total by dina" 2
# goto FRAME: steps forward from the frame shown (cur), ten keys at a time.
cur=1
goto() {
	while [ "$cur" -lt "$1" ]; do
		T send-keys ']'
		cur=$((cur + 1))
		[ $((cur % 10)) -eq 0 ] && sleep 0.2
	done
	wait_text " $1/$total " 5
}
compare() {	# compare MOMENT
	local n ok=1 live rep
	for n in 1 2 3 4; do
		eval "live=\$LIVE_${1}_$n"
		rep=$(pane_at 100 40 "$n" | facts)
		if [ "$live" != "$rep" ]; then
			ok=0
			fail "replay $1 pane $n: live '$live', replayed '$rep'"
		fi
	done
	[ "$ok" = 1 ] && pass "replay $1: the four panes as the live console showed them"
}
for moment in healthy failing cleared; do
	eval "fr=\$FRAME_$moment"
	if goto "$fr"; then compare "$moment"; else fail "replay: cannot reach frame $fr"; screen | tail -n 5; fi
done
has "the failing moment had a failure" "QUEUE_REDIS_UNREACHABLE" "$LIVE_failing_1"

# { } by event, / to find, g and t as they were.
T send-keys q; sleep 0.3
tmux_new 100 30 "cd '$WORK' && env LANG=C LC_ALL=C '$IG' session replay '$REC' --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 120"
wait_text "REPLAY " 5
T send-keys '}'
# The refresh's requests run side by side: whichever gate answered first.
shows_re "} jumps to the first event" '[a-z0-9-]+ \(start\) -> (PASS|WARN|FAIL)' 3
T send-keys / ; T send-keys -l 'pass -> fail'; T send-keys Enter
shows "/ finds the verdict change" "env-baseline PASS -> FAIL QUEUE_REDIS_UNREACHABLE" 3
T send-keys g
shows "g: the checklist as it was (NO-GO)" "NO-GO" 3
T send-keys Escape
T send-keys / ; T send-keys -l 'live check'; T send-keys Enter
shows "/ finds the live check" "live check QUEUE_REDIS_UNREACHABLE step 1: ok" 3
T send-keys 1; T send-keys t
shows "t: the playbook with the step's recorded answer" "REDIS_URL PONG" 3
T send-keys Escape
T send-keys '{'
shows "{ goes back an event" "playbook opened for QUEUE_REDIS_UNREACHABLE" 3
T send-keys e
lacks "a replay runs no gate" "running env-baseline" 1
eq "a replay writes no report" "$reports_before" "$(find "$REPORTS/gates" -type f | sort | md5sum)"
T send-keys ' '
shows "space plays" "PLAY x1" 2
T send-keys '+'; T send-keys '+'
shows "+ speeds up" "PLAY x4" 2
T send-keys q
shows "replay: q quits" "CONSOLE-EXITED 0" 3
# The killed recording replays up to the kill.
tmux_new 100 30 "cd '$WORK' && env LANG=C LC_ALL=C '$IG' session replay '$KILLED' --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 120"
shows "kill: the killed recording replays, marked" "(cut short)" 5
shows "kill: all its frames" "1/$nkilled by eko" 2
# The hand-over as that console's playbook showed it: recorded, not read
# again from the recordings on disk now.
T send-keys / ; T send-keys -l 'playbook opened'; T send-keys Enter
shows "hand-over replayed: at the playbook's opening" "found \"playbook opened\"" 5
T send-keys 1; T send-keys t
shows_re "hand-over replayed: the playbook shows the last session's steps as then" \
	"steps done in the last session: 1 \(by dina, [0-9]{2}:[0-9]{2}\)" 5
T send-keys Escape
T send-keys q

# 5. The write-up.
ig session report "$REC" --md
md=$OUT
eq "report: exit 0" 0 "$RC"
has "report: its title" "# Incident notes: default " "$md"
has "report: who, where" "Recorded by dina on core-api 127.0.0.1:" "$md"
has "report: when it started" "$(printf '## When it started\n\n- ')" "$md"
printf '%s\n' "$md" | grep -qE '^- [0-9:]{8}Z (env-baseline FAIL|dlq-growth ERROR) QUEUE_REDIS_UNREACHABLE$' &&
	pass "report: the first failure, with its time" || fail "report: first failure: $md"
printf '%s\n' "$md" | grep -qE '^- env-baseline: FAIL QUEUE_REDIS_UNREACHABLE at [0-9:]{8}Z, cleared at [0-9:]{8}Z$' &&
	pass "report: what failed and when it flipped back" || fail "report: flip: $md"
printf '%s\n' "$md" | grep -qE '^- [0-9:]{8}Z live check QUEUE_REDIS_UNREACHABLE step 1: ok - REDIS_URL PONG; INGEST_REDIS_URL PONG \(dina\)$' &&
	pass "report: the step run and its result" || fail "report: step: $md"
printf '%s\n' "$md" | grep -qE "^- [0-9:]{8}Z ran env-baseline: FAIL QUEUE_REDIS_UNREACHABLE \(report $REPORTS/gates/ingest-env-baseline/ingest-env-baseline-[0-9TZ]+\.md\) \(dina\)$" &&
	pass "report: the gate run with its report" || fail "report: gate: $md"
has "report: who did what" "- dina: 1 gate run(s), 1 step check(s), 0 replay action(s), 1 playbook(s) opened" "$md"
ig session report "$REC" --lang id
has "report in Indonesian" "Catatan insiden: default" "$OUT"
has "report in Indonesian: steps" "cek langsung QUEUE_REDIS_UNREACHABLE langkah 1: berhasil" "$OUT"
ig session report "$KILLED"
has "report of the killed one says so" "the console was stopped hard" "$OUT"
ig session report "$WORK/nothing.jsonl"
eq "report of a missing file: exit 2" 2 "$RC"
finish
