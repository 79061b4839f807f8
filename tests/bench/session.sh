#!/usr/bin/env bash
# make bench: what recording a console session costs and how fast a replay
# is (issue 26). On a real stack seeded with the degraded demo, the console
# runs in tmux at --interval 1 for BENCH_SESSION_SECONDS (default 60) twice,
# recording and with --no-record; its CPU time (utime + stime from /proc)
# gives the recording's share of a core, the file's size its bytes per hour.
# Then a one-hour recording (3600 frames: the real one's frames repeated, one
# a second) is opened and stepped through by tests/bench/bench-session.
# Targets: at most 1% of a core and 1 MB an hour; open under 200 ms, a step
# under 16 ms. Replaces its own section of tests/bench/RESULTS.md.
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
plain=$(run plain --no-record)
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

# A one-hour recording: the header, the first frames, then the real frames'
# deltas again and again, one a second (valid: each patches what the one
# before it left).
python3 - "$file" "$work/hour.jsonl" <<'PY'
import json, sys, datetime
src, dst = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(src)]
head, frames = lines[0], [l for l in lines[1:] if "f" in l]
t0 = datetime.datetime.strptime(frames[0]["at"], "%Y-%m-%dT%H:%M:%SZ")
out = [head] + frames[:3]
loop = frames[3:] or frames[1:]
i = 0
while len(out) < 3601:
    l = dict(loop[i % len(loop)])
    l["at"] = (t0 + datetime.timedelta(seconds=len(out))).strftime("%Y-%m-%dT%H:%M:%SZ")
    out.append(l)
    i += 1
with open(dst, "w") as f:
    for l in out:
        f.write(json.dumps(l, separators=(",", ":")) + "\n")
PY
replay=$("$BENCH" "$work/hour.jsonl")
section=$(cat <<MD
## Session recording and replay (issue 26)

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(uname -sm), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)
- written by tests/bench/session.sh (make bench); degraded demo, console at --interval 1 for $secs s
- recording: CPU $cpu_pct% of a core (console $rec ticks recording, $plain ticks with --no-record, $hz ticks a second); target at most 1%
- recording: $bytes bytes in $lines lines over $span s: $per_hour bytes an hour in the steady state; target at most 1000000
- replay of a one-hour recording ($(wc -c < "$work/hour.jsonl") bytes): $(printf '%s' "$replay" | jq -r '"\(.frames) frames; open \(.openMs) ms (target < 200); a step forward \(.stepMeanMs) ms mean, \(.stepMaxMs) ms max (target < 16); a step back \(.backMeanMs) ms mean, \(.backMaxMs) ms max"')
MD
)
python3 - "$results" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
except FileNotFoundError:
    text = ""
text = re.sub(r"\n## Session recording and replay \(.*?(?=\n## |\Z)", "", text, flags=re.S)
open(path, "w").write(text.rstrip("\n") + "\n\n" + section + "\n")
PY
echo "$section"
