#!/usr/bin/env bash
# Gate truth (issue 10): no GO without evidence (the core's decision and its
# exit status), a mistyped batch never passes, the batch status of runbook 8
# (HOLD from any FAIL, sticky against a later GO, with history), one verdict
# everywhere when a report cannot be written, and F-05's extra checks READ
# ONLY with a timeout, a broken one ERROR QUALITY_CHECK_INVALID.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
seed healthy
good=$PHASE2_BATCH_CODE
status=$REPORTS/release-evidence/$good/batch-status.json

# A mistyped batch (letter O for zero): never GO.
typo=F-2026-02-2O
igj evidence --batch "$typo"
eq "mistyped batch: decision PENDING" PENDING "$(jqv .decision)"
eq "mistyped batch: exit 2" 2 "$RC"
eq "mistyped batch: F-05 INCONCLUSIVE PHASE2_BATCH_EMPTY" "INCONCLUSIVE PHASE2_BATCH_EMPTY" \
	"$(jqv '.stages[] | select(.id=="F-05") | .verdict + " " + .code')"
eq "mistyped batch: batch status PENDING" PENDING "$(jqv .batchStatus)"
eq "mistyped batch: status file PENDING" PENDING \
	"$(jq -r .status "$REPORTS/release-evidence/$typo/batch-status.json")"
ig gate evidence --batch "$typo"
# "DECISION GO" is what a GO prints (pinned below on the healthy batch).
hasnt "mistyped batch: no GO in the text" "DECISION GO" "$OUT"
eq "mistyped batch: the decision comes first, in words" \
	"DECISION PENDING: not enough to sign off" "$(printf '%s\n' "$OUT" | head -n 1 | cut -c1-40)"
has "mistyped batch: names the empty batch" "F-05 quality INCONCLUSIVE PHASE2_BATCH_EMPTY" "$(printf '%s\n' "$OUT" | head -n 1)"
eq "mistyped batch: result line keeps the worst stage" RELEASE_EVIDENCE_RESULT=INCONCLUSIVE "$(printf '%s\n' "$OUT" | tail -n 1)"
eq "mistyped batch: exit 2 as text" 2 "$RC"
igj quality --batch "$typo"
eq "F-05 alone on an empty batch" "INCONCLUSIVE PHASE2_BATCH_EMPTY" "$(jqv '.verdict + " " + .code')"
eq "F-05 alone on an empty batch exits 2" 2 "$RC"

# A healthy batch: GO, READY.
igj evidence
eq "healthy: GO READY" "GO READY" "$(jqv '.decision + " " + .batchStatus')"
eq "healthy: exit 0" 0 "$RC"
eq "READY written" READY "$(jq -r .status "$status")"
eq "READY history" "null>READY" "$(jq -r '[.history[] | "\(.from)>\(.to)"] | join(",")' "$status")"
ig gate evidence
eq "healthy: decision first" "DECISION GO: every stage PASS. The batch is READY to be signed off." \
	"$(printf '%s\n' "$OUT" | head -n 1)"

# A single gate's FAIL puts the batch on HOLD.
seed degraded
igj processing
eq "degraded processing FAIL" FAIL "$(jqv .verdict)"
eq "single-gate FAIL: batchStatus HOLD" "HOLD BATCH_ON_HOLD" "$(jqv '.batchStatus + " " + .batchStatusCode')"
eq "HOLD written by a single gate" HOLD "$(jq -r .status "$status")"
eq "history READY>HOLD by processing" "null>READY,READY>HOLD:processing" \
	"$(jq -r '[.history[] | "\(.from)>\(.to)" + (if .to=="HOLD" then ":" + .gate else "" end)] | join(",")' "$status")"
eq "history names the report" "$(jqv .report.json)" "$(jq -r '.history[-1].report' "$status")"
eq "escalation" "Tech Lead, Backend Lead" "$(jq -r '.escalation|join(", ")' "$status")"
has "reason names the failure" "F-03 processing FAIL PROCESSING_SUCCESS_RATE_LOW" "$(jq -r .reason "$status")"
since=$(jq -r .since "$status")
ig gate processing
has "HOLD printed first with its path" "BATCH HOLD (BATCH_ON_HOLD): batch $good is on HOLD, see $status" "$(printf '%s\n' "$OUT" | head -n 1)"
has "HOLD line names the escalation" "Tech Lead + Backend Lead" "$(printf '%s\n' "$OUT" | head -n 1)"
# A passing single gate leaves the HOLD and still shows it.
igj contract-smoke
eq "passing gate on a HOLD batch" "PASS HOLD" "$(jqv '.verdict + " " + .batchStatus')"

# A later GO evidence on a healthy batch does not lift the HOLD.
seed healthy
sleep 1
igj evidence
eq "GO on a held batch: decision GO, status HOLD" "GO HOLD" "$(jqv '.decision + " " + .batchStatus')"
eq "GO on a held batch: exit 2 until the sign-offs" 2 "$RC"
eq "HOLD still written" HOLD "$(jq -r .status "$status")"
eq "HOLD since unchanged" "$since" "$(jq -r .since "$status")"
eq "no new transition" 2 "$(jq -r '.history | length' "$status")"
eq "the evidence's decision recorded" GO "$(jq -r .decision "$status")"
ig gate evidence
has "GO blocked by HOLD: the decision first, saying the hold stays" "stays on HOLD until the Tech Lead and the Backend Lead sign (BATCH_ON_HOLD)" "$(printf '%s\n' "$OUT" | head -n 1)"
has "GO blocked by HOLD: the HOLD line follows" "BATCH HOLD (BATCH_ON_HOLD)" "$OUT"

# Evidence NO-GO through an ERROR stage sets HOLD on a fresh batch.
fresh=F-2026-03-01
sql -c "UPDATE booking SET batch_code='$fresh'; UPDATE payment SET batch_code='$fresh'" >/dev/null
CORE_API_ADMIN_TOKEN=adm_wrong igj evidence --batch "$fresh"
eq "ERROR stage: NO-GO, exit 1" "NO-GO 1" "$(jqv .decision) $RC"
eq "ERROR stage: HOLD" HOLD "$(jq -r .status "$REPORTS/release-evidence/$fresh/batch-status.json")"
seed healthy

# One verdict everywhere when the reports cannot be written.
blocked=$WORK/blocked
: > "$blocked"
OUT=$("$IG" gate evidence --json --reports-dir "$blocked/reports" 2>"$WORK/stderr"); RC=$?
eq "unwritable reports: JSON ERROR" ERROR "$(jqv .verdict)"
eq "unwritable reports: exit 2" 2 "$RC"
eq "unwritable reports: not GO" PENDING "$(jqv .decision)"
has "unwritable reports: the check names the path" "$blocked/reports" "$(jqv '.checks[] | select(.name=="report") | .detail')"
OUT=$("$IG" gate evidence --reports-dir "$blocked/reports" 2>"$WORK/stderr"); RC=$?
eq "unwritable reports: result line ERROR" RELEASE_EVIDENCE_RESULT=ERROR "$(printf '%s\n' "$OUT" | tail -n 1)"
has "unwritable reports: the decision first" "DECISION PENDING" "$(printf '%s\n' "$OUT" | head -n 1)"
has "unwritable reports: then the ERROR, with the path" "ERROR (REPORT_WRITE_FAILED): this run could not be recorded: cannot write the report: cannot create $blocked" "$(printf '%s\n' "$OUT" | sed -n 2p)"
eq "unwritable reports: exit 2 as text" 2 "$RC"
# Only the batch status folder is blocked: the gate's report is written,
# the run is still ERROR everywhere and latest.json says so.
r2=$WORK/r2
mkdir -p "$r2"
: > "$r2/release-evidence"
OUT=$("$IG" gate processing --json --reports-dir "$r2" 2>"$WORK/stderr"); RC=$?
eq "healthy processing, status unreadable: JSON ERROR" ERROR "$(jqv .verdict)"
eq "status unreadable: exit 2" 2 "$RC"
has "status unreadable: named" "cannot read the batch status" "$(jqv '.checks[] | select(.name=="report") | .detail')"
# Readable (nothing there) but not writable: a dangling folder link.
rm "$r2/release-evidence"
mkdir -p "$r2/release-evidence"
ln -s "$WORK/nowhere/at-all" "$r2/release-evidence/$good"
seed degraded
OUT=$("$IG" gate processing --json --reports-dir "$r2" 2>"$WORK/stderr"); RC=$?
eq "FAIL with an unwritable batch status: ERROR" "ERROR 2" "$(jqv .verdict) $RC"
has "unwritable batch status named" "cannot write the batch status" "$(jqv '.checks[] | select(.name=="report") | .detail')"
eq "latest.json agrees with the run" ERROR "$(jq -r .verdict "$r2/gates/ingest-processing/latest.json")"
has "stderr names it too" "batch-status.json" "$(cat "$WORK/stderr")"
seed healthy

# F-05 extra checks: READ ONLY, with a timeout; a broken check names its file.
checks=$WORK/checks
mkdir -p "$checks"
printf 'SELEC booking_ref FROM booking WHERE batch_code = $1\n' > "$checks/typo.sql"
igj quality --quality-checks "$checks"
eq "syntax error: ERROR QUALITY_CHECK_INVALID" "ERROR QUALITY_CHECK_INVALID" "$(jqv '.verdict + " " + .code')"
has "syntax error names the file" "$checks/typo.sql" "$(jqv '.checks[] | select(.name=="typo") | .detail')"
has "syntax error carries PostgreSQL's message" "syntax error" "$(jqv '.checks[] | select(.name=="typo") | .detail')"
eq "built-ins still judged" "PASS PASS" "$(jqv '[.checks[] | select(.name=="duplicate_identity" or .name=="payment_orphan") | .verdict] | join(" ")')"
rm "$checks/typo.sql"
before=$(sql -c "SELECT last_value FROM booking_id_seq")
printf "SELECT nextval('booking_id_seq') AS id\n" > "$checks/writer.sql"
igj quality --quality-checks "$checks"
eq "write attempt: ERROR QUALITY_CHECK_INVALID" "ERROR QUALITY_CHECK_INVALID" "$(jqv '.verdict + " " + .code')"
has "write attempt: read-only transaction" "read-only transaction" "$(jqv '.checks[] | select(.name=="writer") | .detail')"
has "write attempt names the file" "$checks/writer.sql" "$(jqv '.checks[] | select(.name=="writer") | .detail')"
eq "write attempt changed nothing" "$before" "$(sql -c "SELECT last_value FROM booking_id_seq")"
rm "$checks/writer.sql"
printf 'SELECT 1 AS slow FROM pg_sleep(3) WHERE $1 IS NOT NULL\n' > "$checks/slow.sql"
start=$(date +%s%N)
GATE_QUALITY_TIMEOUT_MS=300 igj quality --quality-checks "$checks"
took=$(( ($(date +%s%N) - start) / 1000000 ))
eq "timeout: ERROR QUALITY_CHECK_INVALID" "ERROR QUALITY_CHECK_INVALID" "$(jqv '.verdict + " " + .code')"
has "timeout: PostgreSQL's message" "statement timeout" "$(jqv '.checks[] | select(.name=="slow") | .detail')"
[ "$took" -lt 2500 ] && pass "timeout honoured ($took ms)" || fail "timeout took $took ms"
eq "timeout stated" 300 "$(jqv .thresholds.statementTimeoutMs)"
rm "$checks/slow.sql"
igj quality --quality-checks "$checks"
eq "after broken checks the connection still works" PASS "$(jqv .verdict)"
seed degraded
igj quality
eq "built-in check codes" "QUALITY_DUPLICATE_IDENTITY QUALITY_PAYMENT_ORPHAN" "$(jqv '[.checks[] | select(.verdict=="FAIL") | .code] | join(" ")')"
finish
