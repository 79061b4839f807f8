#!/usr/bin/env bash
# The fuzz runner reports undefined behaviour as a failure and keeps the
# input (issue 25 item 7): a canary harness (tests/fuzz/ub_canary.c) that
# overflows a signed int on every input, built with the fuzzing build's own
# flags (configure's FUZZ_SAN_CFLAGS), run by tests/fuzz/run.sh, must make
# it exit 1, print UBSan's report and leave the crash artifact. Needs clang
# (CI has it: it fuzzes); elsewhere skipped with the reason.
. "$(dirname "$0")/lib.sh"
if ! command -v clang >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then echo "FAIL: clang is needed"; echo "0 passed, 1 failed"; exit 1; fi
	echo "SKIP: clang is not installed (the fuzzing build needs it)"
	exit 77
fi
FLAGS=${FUZZ_SAN_CFLAGS:?FUZZ_SAN_CFLAGS comes from configure (make check sets it)}
# The canary's report is wanted on stderr, not in CI's sanitizer log folder
# (a report there fails CI): the sanitizer options are this test's own.

# shellcheck disable=SC2086  # the flags are words
if ! clang $FLAGS -fsanitize=fuzzer -o "$WORK/fuzz_ubcanary" \
    "$top_srcdir/tests/fuzz/ub_canary.c" 2>"$WORK/cc.log"; then
	fail "the canary does not build: $(head -c 400 "$WORK/cc.log")"
	finish
	exit 1
fi
OUT=$(FUZZ_BIN=$WORK FUZZ_HARNESSES=ubcanary FUZZ_RUNS=200 \
	FUZZ_ARTIFACTS=$WORK/artifacts UBSAN_OPTIONS= ASAN_OPTIONS=abort_on_error=1 \
	bash "$top_srcdir/tests/fuzz/run.sh" 2>&1)
RC=$?
eq "undefined behaviour fails the fuzz run (exit 1)" 1 "$RC"
has "UBSan's report is shown" "runtime error: signed integer overflow" "$OUT"
n=$(ls "$WORK/artifacts"/ubcanary-* 2>/dev/null | wc -l)
if [ "$n" -ge 1 ]; then pass "the crash artifact is kept ($n)"; else fail "no crash artifact in $WORK/artifacts"; fi
has "the artifact is named in the output" "artifact: $WORK/artifacts/ubcanary-" "$OUT"
finish
