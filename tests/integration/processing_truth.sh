#!/usr/bin/env bash
# F-03's verdict comes from rate and sample alone (SPEC section 3): ops_db
# out of reach (core-api still answering) skips the correlation with code
# OPS_DB_UNREACHABLE and shows core-api's topErrors instead, on the gate
# runner and in the console; an answer for another window than the one
# asked is ERROR CORE_API_BAD_RESPONSE.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed healthy	# 2000 events, 5 failed: 99.75%, PASS with failures to correlate
# ops_db as this program sees it, out of reach; the simulator keeps its own.
dead_db=postgresql://ingest:nope@127.0.0.1:1/ops_db
check() { jqv ".checks[] | select(.name == \"$1\") | .verdict + \" \" + (.code // \"-\")"; }

igj processing
eq "healthy: PASS" "PASS" "$(jqv .verdict)"
eq "healthy: correlation from ops_db" "PASS -" "$(check error-messages)"

OPS_DB_URL=$dead_db igj processing
eq "ops_db down: still PASS" "PASS" "$(jqv .verdict)"
eq "ops_db down: exit 0" 0 "$RC"
eq "ops_db down: no code on the verdict" "null" "$(jqv .code)"
eq "ops_db down: correlation SKIPPED with its code" "SKIPPED OPS_DB_UNREACHABLE" "$(check error-messages)"
eq "ops_db down: core-api's topErrors instead" "5" \
	"$(jqv '[.findings[] | select(.kind == "topError") | .count] | add')"
has "ops_db down: says where the errors come from" "core-api's topErrors" \
	"$(jqv '.checks[] | select(.name == "error-messages") | .detail')"
OPS_DB_URL=$dead_db ig gate processing
eq "ops_db down: result line" "INGEST_PROCESSING_RESULT=PASS" "$(printf '%s\n' "$OUT" | tail -n 1)"
eq "ops_db down: report agrees" "PASS" "$(jq -r .verdict "$REPORTS/gates/ingest-processing/latest.json")"

# The release composite takes F-03 as it is.
OPS_DB_URL=$dead_db igj release
eq "ops_db down: release's F-03 stage" "PASS" \
	"$(jqv '.stages[] | select(.gate == "processing") | .verdict')"

# A failing rate still fails with ops_db gone: the code stays the rate's.
seed degraded
OPS_DB_URL=$dead_db igj processing
eq "degraded, ops_db down" "FAIL PROCESSING_SUCCESS_RATE_LOW" "$(jqv '.verdict + " " + .code')"
eq "degraded, ops_db down: correlation skipped" "SKIPPED OPS_DB_UNREACHABLE" "$(check error-messages)"

# core-api answers for another window than the one asked.
fault '{"windowMinutes":30}'
igj processing --window 60
eq "window 30 for 60 asked" "ERROR CORE_API_BAD_RESPONSE" "$(jqv '.verdict + " " + .code')"
eq "window mismatch: exit 2" 2 "$RC"
has "window mismatch: detail names both" "windowMinutes 30, not the 60 asked" \
	"$(jqv '.checks[] | select(.name == "metrics") | .detail')"
ig gate processing --window 60
eq "window mismatch: result line" "INGEST_PROCESSING_RESULT=ERROR" "$(printf '%s\n' "$OUT" | tail -n 1)"
igj processing --window 30
eq "window 30 for 30 asked: judged" "FAIL" "$(jqv .verdict)"
clear_faults

# The console, with ops_db out of reach: pane 3 keeps the rate's verdict,
# and its p key writes a PASS report.
seed healthy
tmux_new 120 40 "cd '$WORK' && OPS_DB_URL='$dead_db' '$IG' console --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"
wait_pane 3 "success 99.75%" 10 && pass "console: rate in pane 3" || { fail "console: no rate in pane 3"; pane 3; }
if pane 3 | grep -q "WARN"; then fail "console: ops_db outage made pane 3 WARN"; pane 3; else pass "console: pane 3 not WARN"; fi
pane 3 | grep -q "PASS" && pass "console: pane 3 PASS" || { fail "console: pane 3 not PASS"; pane 3; }
rm -f "$REPORTS/gates/ingest-processing/latest.json"
T send-keys p
for _ in $(seq 1 100); do [ -s "$REPORTS/gates/ingest-processing/latest.json" ] && break; sleep 0.1; done
eq "console: p writes a PASS report" "PASS SKIPPED OPS_DB_UNREACHABLE" \
	"$(jq -r '.verdict + " " + (.checks[] | select(.name == "error-messages") | .verdict + " " + .code)' \
		"$REPORTS/gates/ingest-processing/latest.json" 2>/dev/null)"
T send-keys q
finish
