#!/usr/bin/env bash
# make bench: the same batch timed on a bare ops_db and again after rows of
# history are added around it (SPEC section 9, "Scale"; issue 22).
#
# Sizes are parameters: BENCH_HISTORY_EVENTS in-window events of the batch
# (default 100000; DLQ rows a tenth), BENCH_HISTORY_ROWS rows of history
# (default 10000000: 40% events of 400 older batches, 20% bookings, 20%
# payments of those batches, 20% resolved DLQ rows, all outside the window
# and the batch), BENCH_HISTORY_BOOKINGS bookings (and as many payments) of
# one big batch for F-05 (default 1000000), BENCH_RUNS runs per figure
# (default 5, medians). Never part of make check.
#
# 1. bare: the recommended schema, the batch alone: release and evidence.
# 2. history, SPEC's reference indexes only (the recommended ones dropped):
#    doctor's report (the "before" plans), release and evidence.
# 3. history, recommended indexes (created from doctor's printed CREATE
#    INDEX CONCURRENTLY and schema.sql's core-api ones): doctor's report
#    (the "after" plans), release and evidence; ratio to bare.
# 4. F-05 on the big batch: time and peak RSS of `gate quality`.
# Replaces its own section of tests/bench/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
IG=$top_builddir/ingestgate
export INGESTGATE_SIM=${INGESTGATE_SIM:-$top_builddir/tests/sim/core-api-sim}
events=${BENCH_HISTORY_EVENTS:-100000}
hist=${BENCH_HISTORY_ROWS:-10000000}
big=${BENCH_HISTORY_BOOKINGS:-1000000}
runs=${BENCH_RUNS:-5}
results=${BENCH_RESULTS:-$here/RESULTS.md}
[ -x "$IG" ] || { echo "bench: build first (make)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ighbench.XXXXXX")
chmod 755 "$work"
stack=$top_srcdir/tests/stack/stack
trap '"$stack" down --dir "$work/stack" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$("$stack" up --dir "$work/stack")"
pg() { "$stack" sql --dir "$work/stack" -tA "$@"; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ms_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
now_s() { date +%s; }
# time_gate GATE: the median of BENCH_RUNS runs, in ms.
time_gate() {
	local t
	"$IG" gate "$1" --json --reports-dir "$work/reports" >/dev/null 2>&1 || true	# warm
	for _ in $(seq 1 "$runs"); do
		t=$(date +%s%N)
		"$IG" gate "$1" --json --reports-dir "$work/reports" >/dev/null 2>&1 || true
		ms_since "$t"
	done | median
}
verdict() { "$IG" gate "$1" --json --reports-dir "$work/reports" 2>/dev/null | jq -r '.verdict + (if .decision then " " + .decision else "" end)' || true; }

"$stack" seed bigdata --dir "$work/stack" --events "$events" --dlq $((events / 10)) >/dev/null 2>&1
pg -c "VACUUM ANALYZE" >/dev/null
declare -A ms
for g in release evidence; do ms[bare,$g]=$(time_gate "$g"); done
v_release=$(verdict release); v_evidence=$(verdict evidence)

# The recommended indexes: the product's (doctor's table) and core-api's
# (schema.sql's, beyond SPEC's reference ones).
spec_ix=$(grep -oE '^CREATE INDEX [a-z_]+' "$top_srcdir/tests/fixtures/schema_bare.sql" | awk '{ print $3 }')
rec_ix=$(pg -c "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' ORDER BY 1" | grep -vxF "$spec_ix")
core_create=$(pg -c "SELECT indexdef FROM pg_indexes WHERE indexname IN ($(printf "'%s'," $rec_ix | sed 's/,$//')) ORDER BY 1")
for ix in $rec_ix; do pg -c "DROP INDEX $ix" >/dev/null; done

t=$(now_s)
hev=$((hist * 4 / 10)); hb=$((hist * 2 / 10)); hd=$((hist - hev - 2 * hb))
pg <<SQL >/dev/null
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at)
SELECT 'hist-' || i, 'OLD-' || (i % 400), (ARRAY['balisnap-web','partner-api','ota-feed','agent-portal'])[1 + i % 4],
  (ARRAY['web','api','feed','portal'])[1 + i % 4], 'booking.created',
  CASE WHEN i % 200 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i % 200 = 0 THEN 'UPSTREAM_TIMEOUT' END, CASE WHEN i % 200 = 0 THEN 'partner-api timed out after 30s' END,
  now() - interval '400 days' + (i % 390) * interval '1 day', now() - interval '400 days' + (i % 390) * interval '1 day'
FROM generate_series(1, $hev) i;
INSERT INTO booking (batch_code, source, booking_ref, customer_email)
SELECT 'OLD-' || (i % 400), (ARRAY['balisnap-web','partner-api'])[1 + i % 2], 'OLD-BK-' || i, 'old' || i || '@example.test'
FROM generate_series(1, $hb) i;
INSERT INTO payment (batch_code, booking_ref, amount)
SELECT 'OLD-' || (i % 400), 'OLD-BK-' || i, 100 FROM generate_series(1, $hb) i;
INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code, error_message, created_at, resolved_at)
SELECT 'hist-dl-' || i, 'partner-api', 'api', 'RESOLVED', 'UPSTREAM_TIMEOUT', 'partner-api timed out after 30s',
  now() - interval '400 days', now() - interval '399 days'
FROM generate_series(1, $hd) i;
SQL
pg -c "VACUUM ANALYZE" >/dev/null
seed_s=$(( $(now_s) - t ))
before=$("$IG" doctor 2>&1 || true)
for g in release evidence; do ms[before,$g]=$(time_gate "$g"); done

t=$(now_s)
"$IG" doctor --json | jq -r '.missingIndexes[].create' > "$work/fix.sql" || true
{ cat "$work/fix.sql"; printf '%s;\n' "$core_create"; } | sort -u | while IFS= read -r stmt; do
	[ -n "$stmt" ] || continue
	pg -c "$(printf '%s' "$stmt" | sed 's/CREATE INDEX \([a-z_]*\) ON/CREATE INDEX IF NOT EXISTS \1 ON/; s/CONCURRENTLY \([a-z_]*\) ON/CONCURRENTLY IF NOT EXISTS \1 ON/')" >/dev/null
done
pg -c "VACUUM ANALYZE" >/dev/null
index_s=$(( $(now_s) - t ))
after=$("$IG" doctor 2>&1) && doctor_rc=0 || doctor_rc=$?
for g in release evidence; do ms[after,$g]=$(time_gate "$g"); done

# F-05 on one big batch: counts in SQL, at most 20 sample rows per check.
pg <<SQL >/dev/null
INSERT INTO booking (batch_code, source, booking_ref, customer_email)
SELECT 'BIG-1', (ARRAY['balisnap-web','partner-api'])[1 + i % 2], 'BIG-BK-' || i, 'big' || i || '@example.test'
FROM generate_series(1, $big) i;
INSERT INTO booking (batch_code, source, booking_ref) SELECT 'BIG-1', source, booking_ref FROM booking WHERE batch_code = 'BIG-1' AND booking_ref LIKE 'BIG-BK-%00';
INSERT INTO payment (batch_code, booking_ref, amount) SELECT 'BIG-1', 'BIG-BK-' || i, 100 FROM generate_series(1, $big) i;
INSERT INTO payment (batch_code, booking_ref, amount) SELECT 'BIG-1', 'BIG-ORPHAN-' || i, 100 FROM generate_series(1, $((big / 100))) i;
SQL
pg -c "VACUUM ANALYZE" >/dev/null
: > "$work/q"
for _ in $(seq 1 "$runs"); do
	/usr/bin/time -f '%e %M' -o "$work/rss" "$IG" gate quality --batch BIG-1 --json --reports-dir "$work/reports" > "$work/q.json" 2>/dev/null || true
	cat "$work/rss" >> "$work/q"
done
q_ms=$(awk '{ print $1 * 1000 }' "$work/q" | median)
q_rss=$(awk '{ print $2 }' "$work/q" | sort -n | tail -1)
q_find=$(jq -r '"\(.verdict): duplicate_identity \(.metrics.duplicate_identity), payment_orphan \(.metrics.payment_orphan); samples \([.findings[].samples | length] | join("+"))"' "$work/q.json")

ratio() { awk "BEGIN { printf \"%.2f\", $1 / ($2 > 0 ? $2 : 1) }"; }
rows=""
for g in release evidence; do
	rows+="| $g | ${ms[bare,$g]} | ${ms[before,$g]} ($(ratio "${ms[before,$g]}" "${ms[bare,$g]}")x) | ${ms[after,$g]} | $(ratio "${ms[after,$g]}" "${ms[bare,$g]}")x |"$'\n'
done
section=$(cat <<MD
## History: the same batch bare and with $hist rows of history

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(uname -sm), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)
- written by tests/bench/history.sh (make bench): BENCH_HISTORY_EVENTS=$events in-window events of the batch ($((events / 10)) DLQ rows), BENCH_HISTORY_ROWS=$hist rows of history ($hev events of 400 older batches, $hb bookings and $hb payments of those batches, $hd resolved DLQ rows, all outside the window and the batch; inserted and analysed in $seed_s s), BENCH_HISTORY_BOOKINGS=$big; medians of $runs runs
- verdicts (bare): release $v_release, evidence $v_evidence; recommended indexes built in $index_s s; doctor after: exit $doctor_rc

| gate | bare ms | with history, SPEC's reference indexes only | with history, recommended indexes | ratio to bare (target ≤ 1.1) |
|---|---|---|---|---|
$rows
F-05 on one batch of $big bookings and $big payments (plus 1% duplicates and orphans), with history:
\`gate quality\` $q_ms ms, peak RSS $q_rss KiB ($q_find).

\`ingestgate doctor\` with history, SPEC's reference indexes only (before):

\`\`\`
$before
\`\`\`

\`ingestgate doctor\` with history, recommended indexes (after):

\`\`\`
$after
\`\`\`
MD
)
python3 - "$results" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
except FileNotFoundError:
    text = ""
text = re.sub(r"\n## History: the same batch .*?(?=\n## |\Z)", "", text, flags=re.S)
open(path, "w").write(text.rstrip("\n") + "\n\n" + section + "\n")
PY
echo "$section"
