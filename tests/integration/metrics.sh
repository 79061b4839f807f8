#!/usr/bin/env bash
# --metrics-file (issue 24, item 5): gate and status write their results in
# the Prometheus text exposition format, read back here by a real parser
# (Debian's python3-prometheus-client, a test-only oracle): per gate its
# verdict, code and last run, F-03's success rate, F-04's growth, the
# decision and the batch status as labelled gauges; written atomically.
. "$(dirname "$0")/lib.sh"
need jq
PY=/usr/bin/python3
if ! "$PY" -c 'import prometheus_client' 2>/dev/null; then
	if [ "${CI:-}" = true ]; then echo "FAIL: python3-prometheus-client missing"; echo "0 passed, 1 failed"; exit 1; fi
	echo "SKIP: python3-prometheus-client missing"; exit 77
fi

# prom FILE: the samples as "name{k=v,...} value" lines, sorted labels, by
# the real parser (a file it cannot parse fails here).
prom() {
	"$PY" - "$1" <<'PYEOF'
import sys
from prometheus_client.parser import text_string_to_metric_families
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    assert fam.type == "gauge", fam.name
    assert fam.documentation, fam.name
    for s in fam.samples:
        labels = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
        print("%s{%s} %r" % (s.name, labels, s.value))
PYEOF
}
# sample NAME LABELS...: the value of the one sample with those labels.
sample() {
	local name=$1; shift
	printf '%s\n' "$SAMPLES" | grep "^$name{" | {
		l=$(cat); for w in "$@"; do l=$(printf '%s\n' "$l" | grep -F "$w"); done
		[ "$(printf '%s\n' "$l" | grep -c .)" = 1 ] && printf '%s\n' "$l" | awk '{print $NF}'
	}
}

stack_up
seed degraded
m=$WORK/textfile/ingestgate.prom
mkdir -p "$WORK/textfile"

igj evidence --metrics-file "$m"
eq "evidence --metrics-file: exit 1 (NO-GO)" 1 "$RC"
SAMPLES=$(prom "$m"); RC=$?
eq "the file parses (prometheus_client)" 0 "$RC"
rate=$(jqv '.stages[] | select(.gate == "processing") | .metrics.successRate')
growth=$(jqv '.stages[] | select(.gate == "dlq-growth") | .metrics.growth')
eq "processing: FAIL is 1" 1.0 "$(sample ingestgate_gate_verdict gate=processing, verdict=FAIL)"
eq "processing: PASS is 0" 0.0 "$(sample ingestgate_gate_verdict gate=processing, verdict=PASS)"
eq "processing: its F-id" 1.0 "$(sample ingestgate_gate_verdict gate=processing, id=F-03, verdict=FAIL)"
eq "processing: its code" 1.0 "$(sample ingestgate_gate_failure gate=processing, code=PROCESSING_SUCCESS_RATE_LOW)"
eq "every gate of the run has its verdict" 7 \
	"$(printf '%s\n' "$SAMPLES" | grep '^ingestgate_gate_verdict{' | grep -c '} 1.0$')"
eq "success rate as in the JSON" "$(awk -v r="$rate" 'BEGIN {printf "%.6f", r}')" \
	"$(awk -v r="$(sample ingestgate_processing_success_rate batch=F-2026-02-20)" 'BEGIN {printf "%.6f", r}')"
eq "DLQ growth as in the JSON" "$growth.0" "$(sample ingestgate_dlq_growth batch=F-2026-02-20)"
eq "decision NO-GO is 1" 1.0 "$(sample ingestgate_decision decision=NO-GO)"
eq "decision GO is 0" 0.0 "$(sample ingestgate_decision "decision=GO}")"
eq "batch status HOLD is 1" 1.0 "$(sample ingestgate_batch_status status=HOLD)"
last=$(sample ingestgate_gate_last_run_timestamp_seconds gate=evidence,)
now=$(date +%s)
[ -n "$last" ] && [ "${last%.*}" -le "$now" ] && [ "${last%.*}" -gt $((now - 120)) ] &&
	pass "last run time is now ($last)" || fail "last run time: '$last' (now $now)"
has "labels name the context" 'context=default' "$SAMPLES"
eq "no temporary file left beside it" "ingestgate.prom" "$(ls -A "$WORK/textfile")"

# A human run writes it too; the summary names the report root.
ig gate processing --metrics-file "$m"
eq "gate processing --metrics-file: exit 1" 1 "$RC"
has "the summary names the report root" "report root: $REPORTS" "$OUT"
SAMPLES=$(prom "$m")
eq "a single gate: its verdict alone" 1 "$(printf '%s\n' "$SAMPLES" | grep '^ingestgate_gate_verdict{' | grep -c '} 1.0$')"
eq "a single gate: no decision" "" "$(printf '%s\n' "$SAMPLES" | grep '^ingestgate_decision{')"

# Atomic: a reader polling while runs replace the file always parses a
# whole one.
( for _ in 1 2 3 4 5 6; do "$IG" gate dlq-growth --reports-dir "$REPORTS" --metrics-file "$m" >/dev/null 2>&1; done; touch "$WORK/done" ) &
writer=$!
reads=0 torn=0
until [ -e "$WORK/done" ]; do
	if prom "$m" > "$WORK/p.out" 2>&1 && grep -q '^ingestgate_gate_verdict{' "$WORK/p.out"; then
		reads=$((reads + 1))
	else
		torn=$((torn + 1))
	fi
done
wait "$writer"
eq "a reader never sees part of the file ($reads reads)" 0 "$torn"

# status: one set per context, F-03/F-04 live, the rest from the reports.
ig status --metrics-file "$m"
SAMPLES=$(prom "$m"); RC=$?
eq "status --metrics-file parses" 0 "$RC"
eq "status: evidence's last verdict from disk" 1.0 "$(sample ingestgate_gate_verdict gate=evidence, verdict=FAIL)"
eq "status: F-03 live" 1.0 "$(sample ingestgate_gate_verdict gate=processing, verdict=FAIL)"
eq "status: batch status" 1.0 "$(sample ingestgate_batch_status status=HOLD)"
has "status: success rate" "ingestgate_processing_success_rate{" "$SAMPLES"
has "status line names its report root" "reports $REPORTS" "$OUT"

# A file that cannot be written: said, and a passing run exits 2.
: > "$WORK/plain"
ig status --offline --metrics-file "$WORK/plain/x.prom"
has "unwritable metrics file: said" "--metrics-file" "$ERR"
[ "$RC" -ne 0 ] && pass "unwritable metrics file: not exit 0 ($RC)" || fail "unwritable metrics file exited 0"
ig playbook --metrics-file "$m"
eq "--metrics-file does not apply to playbook" 64 "$RC"

finish
