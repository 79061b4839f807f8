#!/usr/bin/env bash
# A recorded session (issue 26) past its size cap, on the real stack: the
# console records with a tiny cap (INGESTGATE_SESSION_MAX_BYTES), so every
# refresh starts a new part; session list shows one session with its parts,
# session replay on its last part plays every part in order, session report
# and the timeline cover the whole. The header of the replay shows the
# decision and the batch status on disk the live header showed; a recording
# older than that data says "status not recorded", never a status.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux python3

stack_up
seed degraded
B=F-2026-02-20
SESS=$REPORTS/sessions/default
# The batch on disk: the degraded demo's evidence puts it on HOLD.
ig gate evidence --batch "$B"
status=$(jq -r .status "$REPORTS/release-evidence/$B/batch-status.json" 2>/dev/null)
eq "the evidence put the batch on HOLD" HOLD "$status"
ig gate evidence --batch "$B" --json
decision=$(jqv .decision)

tmux_new 120 40 "cd '$WORK' && INGESTGATE_SESSION_MAX_BYTES=1024 '$IG' console --reports-dir '$REPORTS' --batch '$B' --interval 1 --operator ana; echo CONSOLE-EXITED \$?; sleep 120"
shows "live: the header shows the decision and the batch status" "$decision · HOLD" 15
# A few refreshes, each in its own part.
for _ in $(seq 150); do [ "$(ls "$SESS" 2>/dev/null | wc -l)" -ge 4 ] && break; sleep 0.2; done
live_header=$(screen | head -n 1)
T send-keys q
shows "live: q quits" "CONSOLE-EXITED 0" 10
nparts=$(ls "$SESS" | wc -l)
[ "$nparts" -ge 4 ] && pass "the cap rotated the recording ($nparts parts)" ||
	fail "the cap rotated the recording: $nparts parts"
FIRST=$(ls "$SESS"/*.jsonl | grep -v -- -part | head -n 1)
LAST=$(ls "$SESS"/*-part"$nparts".jsonl)
total=$(cat "$SESS"/*.jsonl | grep -c '"f":')

# session list: one session, its parts under it.
ig session list
eq "list: one session" 1 "$(printf '%s\n' "$OUT" | grep -c '^/')"
has "list: the session is its first part" "$FIRST" "$(printf '%s\n' "$OUT" | head -n 1)"
has "list: its last part named under it" "part $nparts: $LAST" "$OUT"
hasnt "list: not cut short" "cut short" "$OUT"
ig session list --json
eq "list --json: one session" 1 "$(jqv length)"
eq "list --json: its parts" "$nparts" "$(jqv '.[0].parts | length')"
eq "list --json: every frame" "$total" "$(jqv '.[0].frames')"

# session report on the first part covers all of them: the end is in the
# last.
ig session report "$FIRST" --json
eq "report: complete (its end is in the last part)" true "$(jqv .complete)"
eq "report --json: every part" "$nparts" "$(jqv '.parts | length')"
ig session report "$FIRST"
hasnt "report: not stopped hard" "stopped hard" "$OUT"
has "report: says the parts it covers" "file $FIRST and its $((nparts - 1)) later parts" "$OUT"
ig timeline --json
eq "timeline: one session start" 1 "$(printf '%s\n' "$OUT" | jq '[.[] | select(.kind == "session" and (.text | startswith("started")))] | length')"
eq "timeline: no part cut short" 0 "$(printf '%s\n' "$OUT" | jq '[.[] | select(.kind == "session" and (.text | test("cut short")))] | length')"

# session replay on the last part: every part, in order, from the first
# frame; the header as the live one was.
tmux_new 100 30 "cd '$WORK' && env LANG=C LC_ALL=C '$IG' session replay '$LAST' --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 120"
shows "replay of the last part: from the first frame of all" "1/$total by ana" 10
T send-keys ']' ']' ']'
shows "replay: across parts" "4/$total by ana" 5
# LANG=C: the header's separator is ASCII.
shows "replay: the header's decision and batch status as they were" "$decision - HOLD" 5
T send-keys q
shows "replay: q quits" "CONSOLE-EXITED 0" 10
has "the live header had them" "$decision · HOLD" "$live_header"

# An older recording, without the header's data: the replay says so and
# shows no status it never read.
OLD=$REPORTS/sessions/old
mkdir -p "$OLD"
python3 - "$FIRST" "$OLD/20200101T000000Z.jsonl" <<'PY'
import json, sys
out = open(sys.argv[2], "w")
for n, l in enumerate(open(sys.argv[1])):
    o = json.loads(l)
    if n == 0:
        o.pop("first", None); o.pop("prev", None)
    if isinstance(o.get("f"), dict):
        o["f"].pop("disk", None)
    o.pop("key", None)
    if any(e.get("type") == "rotated" for e in o.get("ev", [])):
        o["ev"] = [{"type": "end", "reason": "quit"}]
    out.write(json.dumps(o, separators=(",", ":")) + "\n")
PY
tmux_new 100 30 "cd '$WORK' && env LANG=C LC_ALL=C '$IG' session replay '$OLD/20200101T000000Z.jsonl' --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 120"
shows "an older recording replays" "by ana" 10
shows "its header: status not recorded" "status not recorded" 5
lacks "its header claims no status" "HOLD"
T send-keys q
shows "old replay: q quits" "CONSOLE-EXITED 0" 10

# A middle part gone: the session keeps the parts before it, cut short and
# saying why; the parts after it are listed on their own, not lost.
P2=$(ls "$SESS"/*-part2.jsonl)
P3=$(ls "$SESS"/*-part3.jsonl)
rm -f "$P2"
ig session list
has "part 2 gone: the first says it is cut short there" "(cut short; parts after 1 missing ($(basename "$P2")))" "$(printf '%s\n' "$OUT" | grep "^$FIRST ")"
has "part 2 gone: part 3 on its own" "(cut short; a later part: the parts before it are missing or unreadable (first $(basename "$FIRST")))" "$(printf '%s\n' "$OUT" | grep "^$P3 ")"
has "part 2 gone: part 3 with the parts after it" "part $((nparts - 2)): $LAST" "$OUT"
ig session list --json
eq "list --json: both sides" "$FIRST $P3" "$(jqv '[.[] | select(.file | contains("/default/")) | .file] | join(" ")')"
ig session report "$FIRST"
has "report: the parts after 1 missing" "parts after 1 missing" "$OUT"
finish
