#!/usr/bin/env bash
# The demo (issue 24, item 7), without a terminal: tests/stack/demo (what
# `./bootstrap demo` runs after building) prints the one line that gives a
# second shell its environment -- the CLI reaches the demo's stack and
# reports, `tests/stack/stack` its services -- and on exit keeps the reports
# in a folder it names, while the stack's data goes.
. "$(dirname "$0")/lib.sh"
need jq

demo_dir=$WORK/demo
hold=$WORK/hold
touch "$hold"
INGESTGATE=$IG INGESTGATE_DEMO_DIR=$demo_dir INGESTGATE_DEMO_HOLD=$hold TMPDIR=$WORK \
	"$top_srcdir/tests/stack/demo" </dev/null >"$WORK/demo.out" 2>&1 &
demo=$!
for _ in $(seq 1 600); do
	grep -q "ingestgate playbook PROCESSING_SUCCESS_RATE_LOW" "$WORK/demo.out" && break
	kill -0 "$demo" 2>/dev/null || break
	sleep 0.1
done
sleep 0.5
line=$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/demo.out" | sed -n 's/.*another shell joins the demo with: //p')
has "the demo prints the line for a second shell" ". $demo_dir/env" "$line"

# A second shell: a clean environment, the line, and nothing else.
second=$(cd / && env -i HOME="$HOME" PATH=/usr/bin:/bin USER=second bash -c "
	$line || exit 9
	ingestgate gate processing --json | jq -r .verdict
	ingestgate status | head -n 1
	'$top_srcdir/tests/stack/stack' redis PING
	'$top_srcdir/tests/stack/stack' stop sim && echo sim-stopped" 2>&1)
eq "second shell: ingestgate on PATH reaches the demo's core-api" FAIL "$(printf '%s\n' "$second" | sed -n 1p)"
has "second shell: status reads the demo's reports" "batch F-2026-02-20" "$second"
has "second shell: stack reaches the demo's Redis" PONG "$second"
has "second shell: stack stops the demo's services" sim-stopped "$second"

rm -f "$hold"
wait "$demo"; RC=$?
eq "the demo ends cleanly" 0 "$RC"
out=$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/demo.out")
kept=$(printf '%s\n' "$out" | sed -n "s/.*the demo's reports are kept in //p" | tail -n 1)
[ -n "$kept" ] && pass "the demo names its reports folder on exit ($kept)" || fail "no reports folder named: $(tail -n 5 "$WORK/demo.out")"
[ -s "$kept/release-evidence/F-2026-02-20/latest.json" ] && pass "the evidence report is kept" ||
	fail "no evidence in '$kept'"
eq "the kept evidence is the demo's NO-GO" NO-GO "$(jq -r .decision "$kept/release-evidence/F-2026-02-20/latest.json" 2>/dev/null)"
[ -s "$kept/gates/ingest-processing/latest.json" ] && pass "the second shell's run is kept too" ||
	fail "the second shell's report is missing"
[ -e "$demo_dir" ] && fail "the stack's folder is still there" || pass "the stack's data is gone"
has "the evidence run names the report root" "report root: $kept" "$out"

finish
