#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS each (default 10) on a copy of its
# seed corpus, with its dictionary, and prints executions and crashes.
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
	dict=()
	[ -f "$here/$h.dict" ] && dict=(-dict="$here/$h.dict")
	"$bin/fuzz_$h" "${dict[@]}" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$work/crash-$h-" -rss_limit_mb=2048 "$work/$h" \
		>"$work/$h.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log")
	crashes=$(ls "$work"/crash-"$h"-* 2>/dev/null | wc -l)
	printf '%-14s %12s %10s %8s\n' "$h" "${runs:-?}" "$(( ${runs:-0} / secs ))" "$crashes"
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		status=1
		tail -n 30 "$work/$h.log"
	fi
done
rm -rf "$work"
exit $status
