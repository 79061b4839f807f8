#!/usr/bin/env bash
# make bench: a canary replay of BENCH_CANARY_N (default 100000) FAILED DLQ
# entries on a real stack, the simulator's worker settling each entry 200 ms
# after its step's request. Reports the wall time, each step's size and time,
# and the core-api requests made (the replay requests, one intent audit line
# each, plus the F-03/F-04 reads: two before step 1, two after each step).
# Replaces its own section of tests/bench/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
IG=$top_builddir/ingestgate
export INGESTGATE_SIM=${INGESTGATE_SIM:-$top_builddir/tests/sim/core-api-sim}
n=${BENCH_CANARY_N:-100000}
results=${BENCH_RESULTS:-$here/RESULTS.md}
[ -x "$IG" ] || { echo "bench: build first (make)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/igcbench.XXXXXX")
chmod 755 "$work"
stack=$top_srcdir/tests/stack/stack
trap '"$stack" down --dir "$work/stack" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$("$stack" up --dir "$work/stack")"
"$stack" sql --dir "$work/stack" -q -c "INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code, error_message, created_at) SELECT 'bench-' || i, 'partner-api', 'api', 'FAILED', 'UPSTREAM_TIMEOUT', 'partner-api timed out', now() - interval '3 hours' FROM generate_series(1, $n) i" >/dev/null
curl -sf -X POST -d '{"replayLatencyMs":200,"replayFailRate":0}' "$CORE_API_BASE_URL/__sim/faults" >/dev/null
t0=$(date +%s%N)
"$IG" replay --operator bench --canary --status FAILED --role MANAGER --limit "$n" --yes --settle 120 --json --reports-dir "$work/reports" > "$work/out.json"
t1=$(date +%s%N)
wall=$(( (t1 - t0) / 1000000 ))
resolved=$("$stack" sql --dir "$work/stack" -tA -c "SELECT count(*) FROM ingest_dead_letter WHERE status='RESOLVED' AND replay_count = 1")
steps=$(jq -r '.steps|length' "$work/out.json")
# core-api requests: the dry run, one replay per step, F-03 and F-04 before
# step 1 and after each step.
audit_requests=$(jq -c 'select(.phase == "intent")' "$work/reports/audit/replay.log" | wc -l)
api=$(( audit_requests + 2 + 2 * steps ))
table=$(jq -r '.steps[]|"| \(.step) | \(.size) | \(.moved) | \(.resolved) | \(.durationMs) |"' "$work/out.json")
section=$(cat <<MD
## Canary replay ($n entries)

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(uname -sm), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)
- written by tests/bench/canary.sh (make bench); simulator worker replayLatencyMs 200, replayFailRate 0
- result: $(jq -r .result "$work/out.json"), $resolved of $n RESOLVED; wall time $wall ms
- core-api requests: $api ($audit_requests replay requests with their audit lines, $((2 + 2 * steps)) F-03/F-04 reads)

| step | size | moved | resolved | ms |
|---|---|---|---|---|
$table
MD
)
python3 "$(dirname "$0")/put_section.py" "$results" '## Canary replay (' "$section"
echo "$section"
