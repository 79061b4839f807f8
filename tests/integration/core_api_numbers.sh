#!/usr/bin/env bash
# Numbers and answers from core-api (SPEC sections 3 and 8; issue 21 items
# 7-9, issue 25 item 7): a count outside 0..2^53-1 (json-c's silent INT64
# clamp included) is ERROR CORE_API_BAD_RESPONSE naming the field, never a
# negative sum that passes nor a search that never ends; F-04 refuses an
# answer for another window as F-03 does; a startedAt without a zone, a bare
# date or words is ERROR, never "not reported". The simulator serves the
# bodies a real core-api should never send (its rawBody fault).
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq timeout

stack_up
seed healthy
proc_path=/v1/ingest/metrics/processing
queue_path=/v1/ingest/metrics/queue
raw() { fault "$(jq -nc --arg p "$1" --arg b "$2" '{rawBody: {($p): $b}}')"; }
# processing SUCCEEDED FAILED TOTAL [WINDOW]: F-03's answer with those texts.
processing() {
	raw "$proc_path" "{\"generatedAt\":\"2026-02-20T10:00:00Z\",\"windowMinutes\":${4:-60},\"total\":$3,\"succeeded\":$1,\"failed\":$2,\"successRate\":null,\"bySource\":[],\"topErrors\":[]}"
}
# queue OPEN FAILED [WINDOW_MEMBER]: F-04's answer with those texts.
queue() {
	raw "$queue_path" "{\"generatedAt\":\"2026-02-20T10:00:00Z\",${3-\"windowMinutes\":60,}\"queue\":{\"name\":\"q\",\"waiting\":0,\"active\":0,\"delayed\":0,\"failed\":0},\"dlq\":{\"byStatus\":{\"OPEN\":$1,\"FAILED\":$2,\"REPLAYING\":0,\"RESOLVED\":0},\"createdInWindow\":0,\"resolvedInWindow\":0,\"oldestOpenAt\":null,\"bySource\":[]}}"
}
detail() { jqv '.checks[] | select(.name == "metrics") | .detail'; }
# bounded GATE: the gate with --json, ended after 20 s (a search without a
# bound would spin here forever).
bounded() {
	local g=$1; shift
	OUT=$(timeout 20 "$IG" gate "$g" --json --reports-dir "$REPORTS" "$@" 2>"$WORK/stderr")
	RC=$?
}
bad() {	# bad NAME GATE FIELD: ERROR CORE_API_BAD_RESPONSE, exit 2, field named
	bounded "$2"
	eq "$1: ERROR CORE_API_BAD_RESPONSE" "ERROR CORE_API_BAD_RESPONSE 2" "$(jqv '.verdict + " " + .code') $RC"
	has "$1: names the field" "field '$3'" "$(detail)"
}

# Counts past 2^53-1: json-c would clamp 99999999999999999999 to INT64_MAX.
processing 100 99999999999999999999 100
bad "failed clamped by json-c" processing failed
processing 0 100000000000000000 100000000000000000
bad "failed = 10^17 (a search once spun forever)" processing total
processing 0 9007199254740992 9007199254740992
bad "2^53 is one past the limit" processing total
processing -5 105 100
bad "negative succeeded" processing succeeded
processing 99.5 0.5 100
bad "fractional succeeded" processing succeeded
processing '"100"' 0 100
bad "a string" processing succeeded
ig gate processing
has "text names the field" "field 'succeeded' is a string, not a number" "$OUT"
eq "text: result line ERROR" INGEST_PROCESSING_RESULT=ERROR "$(printf '%s\n' "$OUT" | tail -n 1)"
eq "text: exit 2" 2 "$RC"
eq "report agrees" "ERROR CORE_API_BAD_RESPONSE" \
	"$(jq -r '.verdict + " " + .code' "$REPORTS/gates/ingest-processing/latest.json")"

# The largest count there is is judged, and its "to flip" is null, never a
# negative count: no run of successes this long fits in a count.
processing 8007199254740991 1000000000000000 9007199254740991
bounded processing
eq "2^53-1 events: judged FAIL" "FAIL 1" "$(jqv .verdict) $RC"
eq "2^53-1 events: total kept exact" 9007199254740991 "$(jqv .metrics.total)"
eq "2^53-1 events: to flip null" null "$(jqv .flip.consecutiveSuccessesToMin)"
OUT=$(timeout 20 "$IG" gate processing --reports-dir "$REPORTS" 2>/dev/null)
has "2^53-1 events: said in words" "no run of successes reaches WARN" "$OUT"
processing 980000000000 20000000000 1000000000000
bounded processing
eq "10^12 events: FAIL" FAIL "$(jqv .verdict)"
least() {	# least S F K LINE: K reaches LINE as the judge compares, K-1 does not
	python3 -c 'import sys
s, f, k, line = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ok = lambda n: (s + n) / (s + f + n) + 1e-12 >= line
print("least" if ok(k) and not ok(k - 1) else "not least")' "$@"
}
k=$(jqv .flip.consecutiveSuccessesToMin)
eq "10^12 events: the least run to WARN ($k)" least "$(least 980000000000 20000000000 "$k" 0.99)"
k=$(jqv .flip.consecutiveSuccessesToPass)
eq "10^12 events: the least run to PASS ($k)" least "$(least 980000000000 20000000000 "$k" 0.995)"

# OPEN = 2^63-1 plus FAILED = 1 once summed to a negative number and passed.
queue 9223372036854775807 1
bad "OPEN = INT64_MAX" dlq-growth dlq.byStatus.OPEN
queue 99999999999999999999 0
bad "OPEN clamped by json-c" dlq-growth dlq.byStatus.OPEN
queue 0 -1
bad "negative FAILED" dlq-growth dlq.byStatus.FAILED
bounded release
eq "release: ERROR, not a PASS" "ERROR CORE_API_BAD_RESPONSE" "$(jqv '.verdict + " " + .code')"
queue 9007199254740991 9007199254740991
bounded dlq-growth
eq "OPEN+FAILED of two 2^53-1: FAIL, the sum exact" "FAIL 18014398509481982" "$(jqv .verdict) $(jqv '.checks[] | select(.name == "open-failed") | .detail' | grep -oE '[0-9]{17,}' | head -n 1)"
clear_faults

# F-04: an answer for another window, or none said, is refused as F-03's is.
fault '{"windowMinutes":30}'
bounded dlq-growth --window 60
eq "F-04 window 30 for 60 asked" "ERROR CORE_API_BAD_RESPONSE 2" "$(jqv '.verdict + " " + .code') $RC"
has "F-04 window: names both" "windowMinutes 30, not the 60 asked" "$(detail)"
bounded dlq-growth --window 30
eq "F-04 window 30 for 30 asked: judged" PASS "$(jqv .verdict)"
clear_faults
queue 1 1 ''
bounded dlq-growth
eq "F-04 without windowMinutes" "ERROR CORE_API_BAD_RESPONSE" "$(jqv '.verdict + " " + .code')"
has "F-04 without windowMinutes: said" "windowMinutes missing" "$(detail)"
clear_faults

# startedAt: an RFC 3339 time with a zone, or ERROR.
env | grep -E '^(CORE_API|INGEST|REDIS|OPS_DB|PHASE2|WEB_EMIT|RUN_EVIDENCE)' > "$WORK/runtime.env"
touch -d '2026-01-01T00:00:00Z' "$WORK/runtime.env"
reload() { jqv '.checks[] | select(.name == "reload") | .verdict + " " + (.code // "-")'; }
for t in 2026-02-20T10:00:00 2026-02-20 yesterday "2026-02-20 10:00:00Z" 2026-02-30T10:00:00Z; do
	fault "$(jq -nc --arg t "$t" '{startedAt: $t}')"
	igj env-baseline --env-file "$WORK/runtime.env"
	eq "startedAt '$t': ERROR" "ERROR CORE_API_BAD_RESPONSE 2" "$(jqv '.verdict + " " + .code') $RC"
	eq "startedAt '$t': the reload check" "ERROR CORE_API_BAD_RESPONSE" "$(reload)"
	hasnt "startedAt '$t': never 'not reported'" "did not report" "$OUT"
done
has "startedAt: the value named" "'2026-02-30T10:00:00Z' is not an RFC 3339 time with a zone" \
	"$(jqv '.checks[] | select(.name == "reload") | .detail')"
igj env-baseline
eq "a bad startedAt is a bad answer without --env-file too" "ERROR CORE_API_BAD_RESPONSE" "$(reload)"
fault '{"startedAt":"2026-02-20T17:00:00+07:00"}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "startedAt with an offset: judged" "PASS -" "$(reload)"
fault '{"startedAt":"2025-12-31T17:00:00-07:00"}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "startedAt equal to the file's time: not newer" "PASS -" "$(reload)"
fault '{"startedAt":"2025-12-31T23:59:59Z"}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "file one second newer: reload pending" "WARN ENV_RELOAD_PENDING" "$(reload)"
raw /v1/ingest/runtime '{"version":"x","flags":{"INGEST_QUEUE_ENABLED":true,"INGEST_WEBHOOK_ENABLED":true,"INGEST_REPLAY_ENABLED":true},"redis":{"status":"up"}}'
igj env-baseline --env-file "$WORK/runtime.env"
eq "startedAt absent: ERROR" "ERROR CORE_API_BAD_RESPONSE" "$(reload)"
clear_faults
finish
