#!/usr/bin/env bash
# make bench: the same batch timed on a bare ops_db and on one with rows of
# history around it (SPEC section 9, "Scale"; issue 22).
#
# Two stacks side by side (each its own PostgreSQL, Redis and simulator),
# seeded with the same batch; history goes into the second only. The timed
# runs alternate between them (bare, history, history, bare, ...), so that
# a shared machine's load lands on both sides alike; medians; the load
# average is printed beside the figures.
#
# Sizes are parameters: BENCH_HISTORY_EVENTS in-window events of the batch
# (default 100000; DLQ rows a tenth), BENCH_HISTORY_ROWS rows of history
# (default 10000000: 40% events of 400 older batches, 20% bookings, 20%
# payments of those batches, 20% resolved DLQ rows, all outside the window
# and the batch), BENCH_HISTORY_BOOKINGS bookings (and as many payments) of
# one big batch for F-05 (default 1000000), BENCH_RUNS interleaved runs per
# figure (default 7, medians), BENCH_BEFORE_RUNS runs of the slow "before"
# figures (default 3). Never part of make check.
#
# 1. both stacks: the recommended schema and the batch; on the history
#    stack SPEC's reference indexes only (the recommended ones dropped),
#    then the history: doctor's report (the "before" plans), release and
#    evidence (BENCH_BEFORE_RUNS runs).
# 2. the recommended indexes on the history stack (created from doctor's
#    printed CREATE INDEX CONCURRENTLY and schema.sql's core-api ones):
#    doctor's report (the "after" plans).
# 3. release and evidence, interleaved, bare against history; the ratio;
#    the statements' mean times on each side (pg_stat_statements).
# 4. F-05 on the big batch (history stack): time and peak RSS.
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
runs=${BENCH_RUNS:-7}
bruns=${BENCH_BEFORE_RUNS:-3}
results=${BENCH_RESULTS:-$here/RESULTS.md}
[ -x "$IG" ] || { echo "bench: build first (make)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ighbench.XXXXXX")
chmod 755 "$work"
stack=$top_srcdir/tests/stack/stack
trap 'for s in bare hist; do "$stack" down --dir "$work/$s" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
for s in bare hist; do
	INGESTGATE_STACK_PGSS=1 "$stack" up --dir "$work/$s" > "$work/$s.env"
done
pg() { local s=$1; shift; "$stack" sql --dir "$work/$s" -tA "$@"; }
# on SIDE CMD...: runs CMD in that stack's environment.
on() { local s=$1; shift; ( . "$work/$s.env"; "$@" ); }
load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "history bench $(date -u +%H:%M:%S) [load $(load)]: $*" >&2; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ms_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
now_s() { date +%s; }
# one_run SIDE GATE: one run's wall time in ms.
one_run() {
	local t
	t=$(date +%s%N)
	on "$1" "$IG" gate "$2" --json --reports-dir "$work/reports-$1" >/dev/null 2>&1 || true
	ms_since "$t"
}
verdict() { on "$1" "$IG" gate "$2" --json --reports-dir "$work/reports-$1" 2>/dev/null | jq -r '.verdict + (if .decision then " " + .decision else "" end)' || true; }

for s in bare hist; do
	"$stack" seed bigdata --dir "$work/$s" --events "$events" --dlq $((events / 10)) >/dev/null 2>&1
done
log "seeded the batch on both stacks"

# The recommended indexes: the product's (doctor's table) and core-api's
# (schema.sql's, beyond SPEC's reference ones); dropped on the history side.
spec_ix=$(grep -oE '^CREATE INDEX [a-z_]+' "$top_srcdir/tests/fixtures/schema_bare.sql" | awk '{ print $3 }')
rec_ix=$(pg hist -c "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' ORDER BY 1" | grep -vxF "$spec_ix")
core_create=$(pg hist -c "SELECT indexdef FROM pg_indexes WHERE indexname IN ($(printf "'%s'," $rec_ix | sed 's/,$//')) ORDER BY 1")
for ix in $rec_ix; do pg hist -c "DROP INDEX $ix" >/dev/null; done

t=$(now_s)
hev=$((hist * 4 / 10)); hb=$((hist * 2 / 10)); hd=$((hist - hev - 2 * hb))
pg hist <<SQL >/dev/null
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
for s in bare hist; do pg "$s" -c "VACUUM ANALYZE" >/dev/null; done
seed_s=$(( $(now_s) - t ))
log "history of $hist rows inserted and analysed in $seed_s s"
before=$(on hist "$IG" doctor 2>&1 || true)
declare -A ms all
for g in release evidence; do
	on hist "$IG" gate "$g" --json --reports-dir "$work/reports-hist" >/dev/null 2>&1 || true	# warm
	ms[before,$g]=$(for _ in $(seq 1 "$bruns"); do one_run hist "$g"; done | median)
	log "before: $g ${ms[before,$g]} ms"
done
load_before=$(load)

t=$(now_s)
on hist "$IG" doctor --json | jq -r '.missingIndexes[].create' > "$work/fix.sql" || true
{ cat "$work/fix.sql"; printf '%s;\n' "$core_create"; } | sort -u | while IFS= read -r stmt; do
	[ -n "$stmt" ] || continue
	pg hist -c "$(printf '%s' "$stmt" | sed 's/CREATE INDEX \([a-z_]*\) ON/CREATE INDEX IF NOT EXISTS \1 ON/; s/CONCURRENTLY \([a-z_]*\) ON/CONCURRENTLY IF NOT EXISTS \1 ON/')" >/dev/null
done
pg hist -c "VACUUM ANALYZE" >/dev/null
index_s=$(( $(now_s) - t ))
log "recommended indexes built in $index_s s"
after=$(on hist "$IG" doctor 2>&1) && doctor_rc=0 || doctor_rc=$?
v_release=$(verdict bare release); v_evidence=$(verdict bare evidence)
vh_release=$(verdict hist release); vh_evidence=$(verdict hist evidence)

# Interleaved: each round runs both sides, the side that goes first
# alternating, so that neither always follows the other's cache misses.
for s in bare hist; do
	for g in release evidence; do one_run "$s" "$g" >/dev/null; done	# warm
	pg "$s" -c "SELECT pg_stat_statements_reset()" >/dev/null
done
: > "$work/times"; : > "$work/loads"
load_start=$(load)
for i in $(seq 1 "$runs"); do
	if [ $((i % 2)) = 1 ]; then order="bare hist"; else order="hist bare"; fi
	for g in release evidence; do
		for s in $order; do echo "$s $g $(one_run "$s" "$g")" >> "$work/times"; done
	done
	load | cut -d' ' -f1 >> "$work/loads"
done
load_end=$(load)
for s in bare hist; do
	for g in release evidence; do
		ms[$s,$g]=$(awk -v s="$s" -v g="$g" '$1 == s && $2 == g { print $3 }' "$work/times" | median)
		all[$s,$g]=$(awk -v s="$s" -v g="$g" '$1 == s && $2 == g { printf "%s%s", sep, $3; sep = " " }' "$work/times")
	done
done
load_range=$(sort -n "$work/loads" | sed -n '1p;$p' | paste -sd- -)
# Where each side's backend time went: the statements' mean ms.
pgss() {
	pg "$1" -c "SELECT round(mean_exec_time::numeric, 2) || ' ms x' || calls || '  ' || regexp_replace(left(query, 110), '\s+', ' ', 'g') FROM pg_stat_statements WHERE query !~* '(pg_stat_statements|^BEGIN|^ROLLBACK|set_config|^COMMIT)' ORDER BY total_exec_time DESC LIMIT 8"
}
pgss_bare=$(pgss bare); pgss_hist=$(pgss hist)
log "interleaved: release ${ms[bare,release]}/${ms[hist,release]}, evidence ${ms[bare,evidence]}/${ms[hist,evidence]}"

# F-05 on one big batch: counts in SQL, at most 20 sample rows per check.
pg hist <<SQL >/dev/null
INSERT INTO booking (batch_code, source, booking_ref, customer_email)
SELECT 'BIG-1', (ARRAY['balisnap-web','partner-api'])[1 + i % 2], 'BIG-BK-' || i, 'big' || i || '@example.test'
FROM generate_series(1, $big) i;
INSERT INTO booking (batch_code, source, booking_ref) SELECT 'BIG-1', source, booking_ref FROM booking WHERE batch_code = 'BIG-1' AND booking_ref LIKE 'BIG-BK-%00';
INSERT INTO payment (batch_code, booking_ref, amount) SELECT 'BIG-1', 'BIG-BK-' || i, 100 FROM generate_series(1, $big) i;
INSERT INTO payment (batch_code, booking_ref, amount) SELECT 'BIG-1', 'BIG-ORPHAN-' || i, 100 FROM generate_series(1, $((big / 100))) i;
SQL
pg hist -c "VACUUM ANALYZE" >/dev/null
: > "$work/q"
for _ in $(seq 1 "$bruns"); do
	on hist /usr/bin/time -f '%e %M' -o "$work/rss" "$IG" gate quality --batch BIG-1 --json --reports-dir "$work/reports-hist" > "$work/q.json" 2>/dev/null || true
	cat "$work/rss" >> "$work/q"
done
q_ms=$(awk '{ print $1 * 1000 }' "$work/q" | median)
q_rss=$(awk '{ print $2 }' "$work/q" | sort -n | tail -1)
q_find=$(jq -r '"\(.verdict): duplicate_identity \(.metrics.duplicate_identity), payment_orphan \(.metrics.payment_orphan); samples \([.findings[].samples | length] | join("+"))"' "$work/q.json")
load_q=$(load)

ratio() { awk "BEGIN { printf \"%.2f\", $1 / ($2 > 0 ? $2 : 1) }"; }
rows=""
for g in release evidence; do
	rows+="| $g | ${ms[bare,$g]} | ${ms[before,$g]} ($(ratio "${ms[before,$g]}" "${ms[bare,$g]}")x) | ${ms[hist,$g]} | $(ratio "${ms[hist,$g]}" "${ms[bare,$g]}")x |"$'\n'
done
section=$(cat <<MD
## History: the same batch bare and with $hist rows of history

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(uname -sm), $(nproc) cores (shared with other builds)
- written by tests/bench/history.sh (make bench): BENCH_HISTORY_EVENTS=$events in-window events of the batch ($((events / 10)) DLQ rows), BENCH_HISTORY_ROWS=$hist rows of history ($hev events of 400 older batches, $hb bookings and $hb payments of those batches, $hd resolved DLQ rows, all outside the window and the batch; inserted and analysed in $seed_s s), BENCH_HISTORY_BOOKINGS=$big
- two stacks side by side, the same batch seeded in each, history in the second only; bare and history runs interleaved (the side that goes first alternates each round), medians of $runs runs each; "before" medians of $bruns runs
- load average (1, 5, 15 min): before figures at their end $load_before; interleaved runs from $load_start to $load_end (1-min between rounds: $load_range); F-05 at its end $load_q
- verdicts: bare release $v_release, evidence $v_evidence; with history release $vh_release, evidence $vh_evidence; recommended indexes built in $index_s s; doctor after: exit $doctor_rc

| gate | bare ms | with history, SPEC's reference indexes only | with history, recommended indexes | ratio to bare (target ≤ 1.1) |
|---|---|---|---|---|
$rows
Every interleaved run, ms (bare / with history, in run order):
release $(echo "${all[bare,release]}") / $(echo "${all[hist,release]}");
evidence $(echo "${all[bare,evidence]}") / $(echo "${all[hist,evidence]}").

F-05 on one batch of $big bookings and $big payments (plus 1% duplicates and orphans), with history:
\`gate quality\` $q_ms ms (median of $bruns), peak RSS $q_rss KiB ($q_find).

The statements' server time during the interleaved runs (pg_stat_statements, mean per call, top 8 by total):

\`\`\`
bare:
$pgss_bare

with history:
$pgss_hist
\`\`\`

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
python3 "$(dirname "$0")/put_section.py" "$results" '## History: the same batch ' "$section"
echo "$section"
