#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS each (default 10) on a copy of its
# seed corpus, with its dictionary, and prints executions and crashes.
# FUZZ_RUNS=N runs N executions per harness instead of a time;
# FUZZ_HARNESSES="a b" picks harnesses (default: all of the product's).
# Undefined behaviour halts the harness (UBSan halt_on_error, and the build
# does not recover): it is a crash like any other. Each crash's input is
# kept in FUZZ_ARTIFACTS (default ./fuzz-artifacts), named in the output.
# Exit status 1 when any harness finds a crash.
set -u
secs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
bin=${FUZZ_BIN:-$PWD/tests/fuzz}
art=${FUZZ_ARTIFACTS:-$PWD/fuzz-artifacts}
work=$(mktemp -d)
status=0
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}"
mkdir -p "$art"
printf '%-14s %12s %10s %8s\n' harness executions exec/s crashes
for h in ${FUZZ_HARNESSES:-envfile config json json_strict playbook sanitize}; do
	mkdir -p "$work/$h"
	cp "$here/corpus/$h"/* "$work/$h/" 2>/dev/null
	opts=()
	[ -f "$here/$h.dict" ] && opts+=(-dict="$here/$h.dict")
	# The playbook seed is large; shorter inputs keep the loader fast.
	[ "$h" = playbook ] && opts+=(-max_len=4096)
	if [ -n "${FUZZ_RUNS:-}" ]; then opts+=(-runs="$FUZZ_RUNS"); else opts+=(-max_total_time="$secs"); fi
	start=$(date +%s)
	"$bin/fuzz_$h" "${opts[@]}" -print_final_stats=1 \
		-artifact_prefix="$art/$h-" -rss_limit_mb=2048 "$work/$h" \
		>"$work/$h.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log" | tail -n 1)
	crashes=$(ls "$art"/"$h"-* 2>/dev/null | wc -l)
	took=$(( $(date +%s) - start )); [ "$took" -gt 0 ] || took=1
	printf '%-14s %12s %10s %8s\n' "$h" "${runs:-?}" "$(( ${runs:-0} / took ))" "$crashes"
	# A sanitizer report the harness survived is a failure too.
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ] ||
	    grep -q 'runtime error:\|ERROR: AddressSanitizer' "$work/$h.log"; then
		status=1
		grep -m 5 'runtime error:\|ERROR: \|^==[0-9]*==' "$work/$h.log"
		tail -n 30 "$work/$h.log"
		ls "$art"/"$h"-* 2>/dev/null | sed 's/^/artifact: /'
	fi
done
rm -rf "$work"
exit $status
