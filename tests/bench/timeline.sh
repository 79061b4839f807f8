#!/usr/bin/env bash
# make bench (after run.sh): the timeline over a year of reports. Writes
# BENCH_TL_REPORTS (default 50000) gate reports spread over 365 days into a
# throwaway report root (F-00, F-03, F-04, F-05 and evidence, with verdict
# flips, new error messages, env drift, DLQ crossings, sign-offs and a
# replay log), then times `ingestgate timeline`:
#   cold  - no index yet: every report is parsed once and the indexes written;
#   warm  - the indexes are read, no report is parsed;
#   warm --since 24h, and warm --json.
# Median of BENCH_RUNS (default 5) runs each (cold: the indexes are removed
# before each run). Replaces its own section of tests/bench/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$PWD}
IG=$top_builddir/ingestgate
n=${BENCH_TL_REPORTS:-50000}
runs=${BENCH_RUNS:-5}
results=${BENCH_RESULTS:-$here/RESULTS.md}
for c in python3 /usr/bin/time; do
	command -v "$c" >/dev/null || { echo "bench: $c is missing"; exit 1; }
done
[ -x "$IG" ] || { echo "bench: build first (make)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/igtlbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/reports

python3 - "$root" "$n" <<'PY'
import json, os, sys, time, hashlib
root, n = sys.argv[1], int(sys.argv[2])
now = int(time.time())
start = now - 365 * 86400
gates = [  # (weight, gate, id, folder, name)
    (3, "env-baseline", "F-00", "gates/ingest-env-baseline", "ingest-env-baseline"),
    (6, "processing", "F-03", "gates/ingest-processing", "ingest-processing"),
    (6, "dlq-growth", "F-04", "gates/ingest-dlq-growth", "ingest-dlq-growth"),
    (2, "quality", "F-05", "recon/quality/F-2026-02-20", "phase2-quality"),
    (3, "evidence", None, "release-evidence/F-2026-02-20", "release-evidence"),
]
total_w = sum(g[0] for g in gates)
def iso(t): return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
def stamp(t): return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))
made = 0
for w, gate, gid, folder, name in gates:
    d = os.path.join(root, folder); os.makedirs(d, exist_ok=True)
    count = n * w // total_w if gate != "evidence" else n - made
    step = 365 * 86400 // count
    for i in range(count):
        t = start + i * step
        bad = (i // 97) % 5 == 0          # a degraded stretch now and then
        verdict = "FAIL" if bad else "PASS"
        doc = {"tool": "ingestgate", "version": "0.1.0", "gate": gate, "id": gid,
               "batch": "F-2026-02-20", "verdict": verdict,
               "code": None, "summary": "synthetic", "startedAt": iso(t),
               "finishedAt": iso(t + 1), "durationMs": 40,
               "thresholds": {"windowMinutes": 60, "maxGrowth": 10, "maxOpen": 100,
                              "minSuccessRate": 0.99, "warnSuccessRate": 0.995, "minSample": 50},
               "metrics": {}, "flip": None,
               "checks": [{"name": "c%d" % k, "verdict": "PASS", "code": None,
                           "detail": "a check detail line of ordinary length %d" % k} for k in range(8)],
               "findings": [], "stages": None, "decision": None, "batchStatus": None,
               "tlsVerify": True, "report": {"json": "%s/%s-%s.json" % (folder, name, stamp(t)),
                                             "md": "%s/%s-%s.md" % (folder, name, stamp(t))}}
        if gate == "env-baseline":
            fp = hashlib.sha256(b"s%d" % (i // 500)).hexdigest()[:8]
            doc["metrics"] = {"adminTokenFingerprint": "a1b2c3d4", "serviceTokenFingerprint": "0badf00d",
                              "serviceSecretFingerprint": fp, "offline": False}
            doc["checks"].append({"name": "receiver-flags", "verdict": verdict, "code": None,
                                  "detail": "not true: INGEST_QUEUE_ENABLED=false" if bad else "all true"})
        elif gate == "processing":
            doc["metrics"] = {"total": 2000, "succeeded": 1958 if bad else 1995,
                              "failed": 42 if bad else 5, "successRate": 0.979 if bad else 0.9975}
            doc["findings"] = [{"kind": "topError", "errorCode": "E%d" % k,
                                "errorMessage": "upstream timeout %d after %d ms" % (i // 300, k), "count": 5}
                               for k in range(3)]
        elif gate == "dlq-growth":
            doc["metrics"] = {"growth": 22 if bad else 0, "open": 8, "failed": 30}
        elif gate == "evidence":
            doc["stages"] = []
            doc["decision"] = "NO-GO" if bad else "GO"
            doc["batchStatus"] = "HOLD" if bad else "READY"
        with open(os.path.join(d, "%s-%s.json" % (name, stamp(t))), "w") as f:
            json.dump(doc, f, indent=2)
        made += 1
os.makedirs(os.path.join(root, "audit"), exist_ok=True)
with open(os.path.join(root, "audit/replay.log"), "w") as f:
    for k in range(200):
        f.write(json.dumps({"time": iso(start + k * 150000), "operator": "ops", "action": "dlq-replay",
                            "host": "core-api:8080", "role": "MANAGER", "status": "FAILED", "source": None,
                            "channel": None, "limit": 100, "dryRun": False, "selected": 5,
                            "replaying": 5, "outcome": "ok"}) + "\n")
print(made)
PY
count=$(find "$root" -name '*.json' | wc -l)
load=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# run LABEL COLD ARGS...: median wall ms and CPU ms (user + system) over
# $runs, and the largest RSS. The CPU figure is the tool's own cost; wall
# time also carries whatever else the machine is doing.
run() {
	local label=$1 cold=$2; shift 2
	local ms=() cpu=() rss=0
	for _ in $(seq "$runs"); do
		[ "$cold" = 1 ] && find "$root" -name .timeline-index.jsonl -delete
		local t0 t1 r
		t0=$(date +%s%N)
		/usr/bin/time -o "$work/time" -f '%U %S %M' "$IG" timeline \
		    --reports-dir "$root" "$@" >"$work/out" 2>/dev/null
		t1=$(date +%s%N)
		ms+=($(( (t1 - t0) / 1000000 )))
		read -r u s r < "$work/time"
		cpu+=($(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }'))
		[ "$r" -gt "$rss" ] && rss=$r
	done
	printf '| %s | %s | %s | %s | %s |\n' "$label" \
	    "$(printf '%s\n' "${ms[@]}" | median)" \
	    "$(printf '%s\n' "${cpu[@]}" | median)" "$rss" \
	    "$(grep -c '^[0-9{]' "$work/out")"
}
table=$( {
	run "cold (no index: every report parsed, indexes written)" 1
	run "warm (indexes read, nothing parsed)" 0
	run "warm, --since 24h" 0 --since 24h
	run "warm, --json" 0 --json
} )
section=$(cat <<EOF
## Timeline ($count reports over 365 days)

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), $runs runs per figure (median wall time; peak RSS the largest)
- machine: $(uname -sm), $(nproc) cores, load average $load at the start
- written by tests/bench/timeline.sh (make bench); the index: one
  .timeline-index.jsonl per report folder, no stat per report

| run | wall ms | CPU ms | peak RSS KB | events |
|---|---|---|---|---|
$table
EOF
)
printf '%s\n' "$section"
# Replace this script's own section, leave the rest of RESULTS.md alone.
touch "$results"
awk '/^## Timeline \(/ { skip = 1; next } /^## / { skip = 0 } !skip' "$results" > "$work/results"
{ cat "$work/results"; [ -s "$work/results" ] && echo; printf '%s\n' "$section"; } > "$results.tmp"
mv "$results.tmp" "$results"
