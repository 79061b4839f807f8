#!/usr/bin/env bash
# Numbers never follow the locale (SPEC section 5). Under id_ID.UTF-8, the
# runbook's own locale, whose decimal separator is a comma, the gate runner
# and the console both write valid JSON with 0.99, Markdown with 0.99, a
# plain result line, and read GATE_PROCESSING_MIN_SUCCESS_RATE=0.985 as a
# number.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux python3

loc=$(locale -a 2>/dev/null | grep -i '^id_ID\.utf-\?8$' | head -n 1)
if [ -z "$loc" ]; then
	if no_skip; then
		echo "FAIL: locale id_ID.UTF-8 missing (localedef -i id_ID -f UTF-8 id_ID.UTF-8)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: locale id_ID.UTF-8 missing"
	exit 77
fi
# The premise: this locale really writes a comma.
eq "id_ID writes a decimal comma" "," "$(LC_ALL=$loc locale decimal_point)"

stack_up
seed degraded
export GATE_PROCESSING_MIN_SUCCESS_RATE=0.985	# not the default: it must be read
valid_json() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>&1; }
report=$REPORTS/gates/ingest-processing

# The gate runner.
LANG=$loc LC_ALL=$loc igj processing
printf '%s' "$OUT" > "$WORK/stdout.json"
eq "runner: --json is valid JSON" "" "$(valid_json "$WORK/stdout.json")"
eq "runner: minSuccessRate read from the env as 0.985" "0.985" "$(jqv .thresholds.minSuccessRate)"
eq "runner: warnSuccessRate 0.995" "0.995" "$(jqv .thresholds.warnSuccessRate)"
eq "runner: successRate 0.979" "0.979" "$(jqv .metrics.successRate)"
hasnt "runner: no comma decimals in JSON" "0,9" "$OUT"
eq "runner: report JSON valid" "" "$(valid_json "$report/latest.json")"
has "runner: Markdown has 0.985" "0.985" "$(cat "$report/latest.md")"
has "runner: Markdown has 97.90%" "97.90%" "$(cat "$report/latest.md")"
hasnt "runner: no comma decimals in Markdown" "0,9" "$(cat "$report/latest.md")"
LANG=$loc LC_ALL=$loc ig gate processing
eq "runner: result line" "INGEST_PROCESSING_RESULT=FAIL" "$(printf '%s\n' "$OUT" | tail -n 1)"
has "runner: human summary in the reports' notation" "97.90%" "$OUT"
hasnt "runner: no comma decimals in the summary" "97,90" "$OUT"
LANG=$loc LC_ALL=$loc GATE_PROCESSING_WARN_SUCCESS_RATE=0.98 ig gate processing
has "runner: settings error in the reports' notation" "(0.98) is below GATE_PROCESSING_MIN_SUCCESS_RATE (0.985)" "$ERR$OUT"

# The console: it calls setlocale(LC_ALL, "") for ncursesw.
rm -f "$report/latest.json" "$report/latest.md"
tmux_new 120 40 "cd '$WORK' && LANG=$loc LC_ALL=$loc '$IG' console --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"
for _ in $(seq 1 100); do screen | grep -qF "success 97" && break; sleep 0.1; done
has "console: rate on screen in the reports' notation" "success 97.90%   (min 98.50%, warn 99.50%)" "$(screen)"
T send-keys p
for _ in $(seq 1 100); do [ -s "$report/latest.json" ] && break; sleep 0.1; done
eq "console: report JSON valid (python)" "" "$(valid_json "$report/latest.json")"
eq "console: report JSON valid (jq), minSuccessRate 0.985" "0.985" "$(jq -r .thresholds.minSuccessRate "$report/latest.json" 2>&1)"
eq "console: successRate 0.979" "0.979" "$(jq -r .metrics.successRate "$report/latest.json" 2>&1)"
has "console: check detail in the reports' notation" "97.90% is below the minimum 98.50%" \
	"$(jq -r '.checks[].detail' "$report/latest.json" 2>&1)"
has "console: Markdown has 0.985" "0.985" "$(cat "$report/latest.md" 2>&1)"
hasnt "console: no comma decimals in Markdown" "0,9" "$(cat "$report/latest.md" 2>&1)"
T send-keys q
finish
