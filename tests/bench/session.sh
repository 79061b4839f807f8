#!/usr/bin/env bash
# make bench: what recording a console session costs and how fast a replay
# is (issue 26). On a real stack seeded with the degraded demo, the console
# runs in tmux at --interval 1 for BENCH_SESSION_SECONDS (default 60) twice,
# recording and with --no-record; its CPU time (utime + stime from /proc)
# gives the recording's share of a core, the file's size its bytes per hour.
# Then a one-hour recording (3600 frames: the real one's states repeated, one
# a second, written by the recorder) is opened and stepped through by
# tests/bench/bench-session: forward and back frame by frame, and jumps into
# stretches never visited. Targets: at most 1% of a core and 1 MB an hour;
# open under 200 ms, a step under 16 ms (the wall time's worst on a shared
# machine is mostly waiting for a core: the CPU time's is given beside it). Replaces its own section of tests/bench/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
IG=$top_builddir/ingestgate
BENCH=$top_builddir/tests/bench/bench-session
export INGESTGATE_SIM=${INGESTGATE_SIM:-$top_builddir/tests/sim/core-api-sim}
secs=${BENCH_SESSION_SECONDS:-60}
results=${BENCH_RESULTS:-$here/RESULTS.md}
[ -x "$IG" ] && [ -x "$BENCH" ] || { echo "bench: build first (make bench)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/igsbench.XXXXXX")
chmod 755 "$work"
stack=$top_srcdir/tests/stack/stack
sock=igsb$$
trap 'tmux -L $sock kill-server 2>/dev/null || true; "$stack" down --dir "$work/stack" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$("$stack" up --dir "$work/stack")"
"$stack" seed degraded --dir "$work/stack" >/dev/null
hz=$(getconf CLK_TCK)

# run NAME ARGS: the console for $secs s; prints its CPU seconds.
run() {
	local name=$1 pid t0 t1 ticks
	shift
	tmux -L $sock kill-server 2>/dev/null || true
	tmux -L $sock new-session -d -x 120 -y 40 "cd '$work' && sh -c 'echo \$\$ > $work/$name.pid; exec \"$IG\" console --reports-dir \"$work/reports\" --interval 1 $*'"
	sleep 3	# the first refresh, F-05 included, is not the steady cost
	pid=$(cat "$work/$name.pid")
	t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	sleep "$secs"
	t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	tmux -L $sock send-keys q
	sleep 1
	echo "$(( t1 - t0 ))"
}
plain=$(run plain --no-record --operator bench)
rec=$(run rec --operator bench)
file=$(ls "$work"/reports/sessions/default/*.jsonl | head -n 1)
bytes=$(stat -c %s "$file")
lines=$(wc -l < "$file")
# The steady state: the frames after the first five (the first refresh,
# F-05 and the whole first frame are paid once), per hour.
read -r span per_hour < <(python3 - "$file" <<'PY'
import json, sys, datetime
frames = [l for l in open(sys.argv[1]) if '"f":' in l][5:]
at = lambda l: datetime.datetime.strptime(json.loads(l)["at"], "%Y-%m-%dT%H:%M:%SZ")
span = max(1, int((at(frames[-1]) - at(frames[0])).total_seconds()))
print(span, sum(len(l) for l in frames) * 3600 // span)
PY
)
cpu_pct=$(python3 -c "print(f'{max(0, ($rec - $plain)) / $hz / ($secs) * 100:.2f}')")

# A one-hour recording written by the recorder itself (whole frames and
# all): the real recording's states, one a second, the first three once and
# the rest again and again.
hour=$("$BENCH" --hour "$file" "$work/hour")
replay=$("$BENCH" "$hour")
st() {	# st NAME: mean, p99, worst (wall) and worst (CPU) of one kind of step
	printf '%s' "$replay" | jq -r --arg k "$1" '.[$k] | "\(.meanMs) ms mean, \(.p99Ms) ms p99, \(.maxMs) ms worst (\(.cpuMaxMs) ms worst in CPU time), \(.n) steps"'
}
section=$(cat <<MD
## Session recording and replay (issue 26)

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(uname -sm), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)
- written by tests/bench/session.sh (make bench); degraded demo, console at --interval 1 for $secs s
- recording: CPU $cpu_pct% of a core (console $rec ticks recording, $plain ticks with --no-record, $hz ticks a second); target at most 1%
- recording: $bytes bytes in $lines lines over $span s: $per_hour bytes an hour in the steady state; target at most 1000000
- a one-hour recording written by the recorder ($(printf '%s' "$replay" | jq -r .frames) frames, $(grep -c '"key":true' "$hour") of them whole): $(wc -c < "$hour") bytes; target at most 1000000
- replay of it: open $(printf '%s' "$replay" | jq -r .openMs) ms (target < 200); steps (target < 16 ms):
  - forward, frame by frame: $(st forward)
  - back, frame by frame: $(st back)
  - a jump to a frame never visited (as { } and / do): $(st jump)
  - a step back from there: $(st coldBack)
MD
)
python3 "$(dirname "$0")/put_section.py" "$results" '## Session recording and replay (' "$section"
echo "$section"
