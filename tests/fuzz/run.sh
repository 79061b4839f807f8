#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS each (default 10) on a copy of its
# seed corpus, with its dictionary, and prints executions and crashes.
# FUZZ_RUNS=N runs N executions per harness instead of a time.
# Exit status 1 when any harness finds a crash.
set -u
secs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
bin=${FUZZ_BIN:-$PWD/tests/fuzz}
work=$(mktemp -d)
status=0
printf '%-14s %12s %10s %8s\n' harness executions exec/s crashes
for h in envfile config json playbook sanitize; do
	mkdir -p "$work/$h"
	cp "$here/corpus/$h"/* "$work/$h/" 2>/dev/null
	opts=()
	[ -f "$here/$h.dict" ] && opts+=(-dict="$here/$h.dict")
	# The playbook seed is large; shorter inputs keep the loader fast.
	[ "$h" = playbook ] && opts+=(-max_len=4096)
	if [ -n "${FUZZ_RUNS:-}" ]; then opts+=(-runs="$FUZZ_RUNS"); else opts+=(-max_total_time="$secs"); fi
	start=$(date +%s)
	"$bin/fuzz_$h" "${opts[@]}" -print_final_stats=1 \
		-artifact_prefix="$work/crash-$h-" -rss_limit_mb=2048 "$work/$h" \
		>"$work/$h.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log")
	crashes=$(ls "$work"/crash-"$h"-* 2>/dev/null | wc -l)
	took=$(( $(date +%s) - start )); [ "$took" -gt 0 ] || took=1
	printf '%-14s %12s %10s %8s\n' "$h" "${runs:-?}" "$(( ${runs:-0} / took ))" "$crashes"
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		status=1
		tail -n 30 "$work/$h.log"
	fi
done
rm -rf "$work"
exit $status
