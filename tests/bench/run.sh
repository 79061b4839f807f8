#!/usr/bin/env bash
# make bench: the tool's own cost next to its backends, on the real stack.
#
# For each size (BENCH_SIZES, default "10000 100000 1000000" events; DLQ rows
# a tenth and queue jobs a fifth of that, so 100k and 200k at 1M) it measures
# `gate release --json` and `gate evidence --json` (median wall time over
# BENCH_RUNS runs, default 5, and peak RSS), and the floor: the same HTTP
# requests, SQL statements and Redis commands issued directly with curl, psql
# and redis-cli. Then the console: idle CPU over BENCH_IDLE seconds (default
# 30) at --interval 1, the cost of one refresh, bytes written to the terminal
# per refresh, and the time to the first frame. Prints a table and writes
# tests/bench/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
IG=$top_builddir/ingestgate
export INGESTGATE_SIM=$top_builddir/tests/sim/core-api-sim
STACK=$top_srcdir/tests/stack/stack
sizes=${BENCH_SIZES:-10000 100000 1000000}
runs=${BENCH_RUNS:-5}
idle=${BENCH_IDLE:-30}
results=${BENCH_RESULTS:-$here/RESULTS.md}
for c in curl psql redis-cli tmux openssl /usr/bin/time; do
	command -v "$c" >/dev/null || { echo "bench: $c is missing (./bootstrap check installs it)"; exit 1; }
done
[ -x "$IG" ] || { echo "bench: build first (make)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/igbench.XXXXXX")
chmod 755 "$work"
sock=igbench$$
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	"$STACK" down --dir "$work/stack" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
eval "$("$STACK" up --dir "$work/stack")"
export XDG_CONFIG_HOME=$work/config
reports=$work/reports
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

A=(-H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H "x-admin-role: VIEWER")
REDIS_PW=$(printf '%s' "$REDIS_URL" | sed 's|.*://:\([^@]*\)@.*|\1|')
REDIS_HOSTPORT=$(printf '%s' "$REDIS_URL" | sed 's|.*@\([^/]*\)/.*|\1|')
q() { curl -s -o /dev/null "$@"; }
floor_sql() { psql -X -q -At "$OPS_DB_URL" -c "$1" >/dev/null; }
failures_sql="SELECT source, channel, error_code, error_message, count(*) FROM ingest_event_log WHERE status = 'FAILED' AND received_at >= now() - make_interval(mins => 60) AND batch_code = '$PHASE2_BATCH_CODE' GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 2 LIMIT 5"
dup_sql="SELECT count(*) OVER (), q.* FROM (SELECT source, booking_ref, count(*) AS bookings FROM booking WHERE batch_code = '$PHASE2_BATCH_CODE' GROUP BY source, booking_ref HAVING count(*) > 1) q LIMIT 20"
orphan_sql="SELECT count(*) OVER (), q.* FROM (SELECT p.id, p.booking_ref, p.amount FROM payment p WHERE p.batch_code = '$PHASE2_BATCH_CODE' AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.batch_code = '$PHASE2_BATCH_CODE' AND b.booking_ref = p.booking_ref)) q LIMIT 20"

floor_release() {
	q "$CORE_API_BASE_URL/v1/ingest/metrics/processing?windowMinutes=60&batchCode=$PHASE2_BATCH_CODE" "${A[@]}"
	floor_sql "$failures_sql"
	q "$CORE_API_BASE_URL/v1/ingest/metrics/queue?windowMinutes=60" "${A[@]}"
}
floor_evidence() {
	local ts sig body='{"probe":true}'
	REDISCLI_AUTH=$REDIS_PW redis-cli -h "${REDIS_HOSTPORT%:*}" -p "${REDIS_HOSTPORT#*:}" ping >/dev/null
	REDISCLI_AUTH=$REDIS_PW redis-cli -h "${REDIS_HOSTPORT%:*}" -p "${REDIS_HOSTPORT#*:}" ping >/dev/null
	q "$CORE_API_BASE_URL/v1/ingest/runtime" "${A[@]}"
	ts=$(date +%s)
	sig=$(printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$INGEST_SERVICE_SECRET" -hex | sed 's/.*= //')
	q -X POST "$CORE_API_BASE_URL/v1/ingest/signature-check" -H "x-ingest-service-token: $INGEST_SERVICE_TOKEN" \
		-H "x-ingest-timestamp: $ts" -H "x-ingest-signature: $sig" -d "$body"
	q "$CORE_API_BASE_URL/v1/ingest/metrics/queue?windowMinutes=1" "${A[@]}"
	q "$CORE_API_BASE_URL/v1/ingest/metrics/queue?windowMinutes=1" -H "x-admin-token: wrong" -H "x-admin-role: VIEWER"
	q -X POST "$CORE_API_BASE_URL/v1/ingest/dlq/replay" -H "x-admin-token: $CORE_API_ADMIN_TOKEN" \
		-H "x-admin-role: VIEWER" -d '{"status":"OPEN","limit":1,"dryRun":true}'
	floor_release
	floor_sql "$dup_sql"
	floor_sql "$orphan_sql"
}

time_cmd() {	# time_cmd N CMD...: median ms over N runs
	local i t
	for i in $(seq 1 "$1"); do
		t=$(date +%s%N); "${@:2}" >/dev/null 2>&1 || true; ms "$t"
	done | median
}
peak_rss() {	# peak RSS in KB over N runs (the largest)
	local i
	for i in $(seq 1 "$1"); do
		/usr/bin/time -f '%M' -o "$work/rss" "${@:2}" >/dev/null 2>&1 || true
		cat "$work/rss"
	done | sort -n | tail -n 1
}

printf '%-9s %-9s %9s %9s %7s %9s %8s\n' events gate "gate ms" "floor ms" ratio "RSS KB" "seed s"
table=""
for n in $sizes; do
	t=$(date +%s%N)
	"$STACK" seed bigdata --dir "$work/stack" --events "$n" --dlq $((n / 10)) --jobs $((n / 5)) >/dev/null 2>&1
	seed_s=$(awk "BEGIN { printf \"%.1f\", $(ms "$t") / 1000 }")
	for gate in release evidence; do
		"$IG" gate "$gate" --json --reports-dir "$reports" >/dev/null 2>&1 || true	# warm caches once
		g=$(time_cmd "$runs" "$IG" gate "$gate" --json --reports-dir "$reports")
		f=$(time_cmd "$runs" "floor_$gate")
		r=$(peak_rss "$runs" "$IG" gate "$gate" --json --reports-dir "$reports")
		ratio=$(awk "BEGIN { printf \"%.2f\", $g / ($f > 0 ? $f : 1) }")
		printf '%-9s %-9s %9s %9s %7s %9s %8s\n' "$n" "$gate" "$g" "$f" "$ratio" "$r" "$seed_s"
		table+="| $n | $gate | $g | $f | $ratio | $r | $seed_s |"$'\n'
	done
done

# Query plans of the simulator at the largest size.
plans=$(for sql in \
	"SELECT count(*) FILTER (WHERE status='SUCCEEDED'), count(*) FILTER (WHERE status='FAILED') FROM ingest_event_log WHERE status IN ('SUCCEEDED','FAILED') AND received_at >= now() - interval '60 minutes'" \
	"SELECT count(*) FROM ingest_dead_letter WHERE status = 'OPEN'" \
	"SELECT count(*) FROM ingest_dead_letter WHERE created_at >= now() - interval '60 minutes'" \
	"$failures_sql"; do
	echo "$sql"
	psql -X -At "$OPS_DB_URL" -c "EXPLAIN (ANALYZE, COSTS OFF) $sql" | grep -E 'Scan|Execution Time' | sed 's/^/    /'
done)

# The console, idle at --interval 1.
stats=$work/stats.json
rm -f "$stats" "$stats.frames"
tmux -L "$sock" new-session -d -x 120 -y 40 \
	"date +%s%N > '$work/t0'; INGESTGATE_STATS_FILE='$stats' exec '$IG' console --interval 1 --reports-dir '$reports'"
sleep 5
tmux -L "$sock" pipe-pane -o "cat > '$work/tty.bytes'"
pid=$(pgrep -P "$(tmux -L "$sock" display -p '#{pane_pid}')" -x ingestgate 2>/dev/null ||
	tmux -L "$sock" display -p '#{pane_pid}')
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
s0=$(jq -c . "$stats"); c0=$(cpu "$pid"); b0=0
sleep "$idle"
s1=$(jq -c . "$stats"); c1=$(cpu "$pid")
bytes=$(wc -c < "$work/tty.bytes")
tick=$(getconf CLK_TCK)
idle_pct=$(awk "BEGIN { printf \"%.2f\", ($c1 - $c0) / $tick / $idle * 100 }")
dref=$(( $(jq .refreshes <<<"$s1") - $(jq .refreshes <<<"$s0") ))
per() { awk "BEGIN { printf \"%.2f\", ($(jq ".$1" <<<"$s1") - $(jq ".$1" <<<"$s0")) / ($dref > 0 ? $dref : 1) }"; }
http=$(per httpRequests); redis=$(per redisRoundTrips); sqlrt=$(per sqlRoundTrips)
bpr=$(awk "BEGIN { printf \"%.0f\", ($bytes - $b0) / ($dref > 0 ? $dref : 1) }")
t0=$(cat "$work/t0")
first=$(awk -v t0="$t0" '$1 == "first" { printf "%.1f", ($2 - t0) / 1e6 }' "$stats.frames")
full=$(awk -v t0="$t0" '$1 == "full" { printf "%.1f", ($2 - t0) / 1e6 }' "$stats.frames")
tmux -L "$sock" kill-server

echo
echo "console (--interval 1, ${idle} s, $dref refreshes):"
echo "  idle CPU               $idle_pct % of a core"
echo "  per refresh            $http HTTP requests, $redis Redis round trips, $sqlrt SQL round trips"
echo "  terminal output        $bpr bytes per refresh"
echo "  first frame            $first ms after start (all four panes filled: $full ms)"
echo
echo "$plans"

{
	echo "# ingestgate benchmark"
	echo
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- machine: $(uname -srm), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- runs per figure: $runs (median wall time; peak RSS is the largest of the runs)"
	echo
	echo "| events | gate | gate ms | floor ms | gate/floor | peak RSS KB | seed s |"
	echo "|---|---|---|---|---|---|---|"
	printf '%s' "$table"
	echo
	echo "Floor: the same requests issued directly — curl for each HTTP request, psql for each SQL"
	echo "statement, redis-cli for each PING — one process each, as a script would."
	echo
	echo "## Console (--interval 1, ${idle} s idle, $dref refreshes)"
	echo
	echo "| figure | value | target |"
	echo "|---|---|---|"
	echo "| idle CPU | $idle_pct % of a core | ≤ 0.5 % |"
	echo "| HTTP requests per refresh | $http | ≤ 3 (F-03, F-04, F-00's runtime read), one reused connection |"
	echo "| Redis round trips per refresh | $redis | 1 pipelined for the depth, plus F-00's two PINGs (connect, AUTH, PING each) |"
	echo "| SQL round trips per refresh | $sqlrt | ≤ 2, prepared |"
	echo "| bytes to the terminal per refresh | $bpr | only what changed |"
	echo "| first frame | $first ms | ≤ 50 ms |"
	echo "| first frame with all panes filled | $full ms | — |"
	echo
	echo "## Simulator query plans at the largest size"
	echo
	echo '```'
	echo "$plans"
	echo '```'
} > "$results"
echo
echo "written: $results"
