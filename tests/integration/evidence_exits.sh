#!/usr/bin/env bash
# Offline, exits and what is printed (SPEC sections 3 and 5; issue 21 items
# 10-13 and 16): evidence --offline is never GO; a GO on a batch still on
# HOLD exits 2 and names the two sign-offs it waits for, with the commands;
# the decision is the first line, always; a report that cannot be written is
# ERROR REPORT_WRITE_FAILED everywhere and claims no batch status it did not
# read or write; a quality check ending in "; -- comment" runs.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
seed healthy
batch=$PHASE2_BATCH_CODE
status=$REPORTS/release-evidence/$batch/batch-status.json
first() { printf '%s\n' "$OUT" | head -n 1; }

# Offline: F-00's network checks did not run, so no GO.
igj evidence --offline
eq "offline: PENDING, exit 2" "PENDING 2" "$(jqv .decision) $RC"
eq "offline: F-00 says how many checks did not run" 6 \
	"$(jqv '.stages[] | select(.id == "F-00") | .metrics.checksNotRun')"
eq "offline: every stage PASS all the same" PASS "$(jqv '[.stages[].verdict] | unique | join(",")')"
eq "offline: batch status PENDING" PENDING "$(jq -r .status "$status")"
ig gate evidence --offline
has "offline: said first" "DECISION PENDING: offline: 6 checks not run" "$(first)"
eq "offline: exit 2 as text" 2 "$RC"
igj evidence
eq "online: GO READY, exit 0" "GO READY 0" "$(jqv '.decision + " " + .batchStatus') $RC"
eq "online: no check left unrun" 0 "$(jqv '.stages[] | select(.id == "F-00") | .metrics.checksNotRun')"

# GO on a batch still on HOLD: exit 2, the decision first, then the two
# sign-offs it waits for as commands.
seed degraded
igj processing
eq "a FAIL puts the batch on HOLD" HOLD "$(jq -r .status "$status")"
seed healthy
igj evidence
eq "GO on HOLD: decision GO, status HOLD" "GO HOLD" "$(jqv '.decision + " " + .batchStatus')"
eq "GO on HOLD: exit 2" 2 "$RC"
ig gate evidence
eq "GO on HOLD: exit 2 as text" 2 "$RC"
has "GO on HOLD: the decision is the first line" \
	"DECISION GO: every stage PASS, but the batch stays on HOLD until the Tech Lead and the Backend Lead sign" "$(first)"
has "GO on HOLD: names the missing sign-offs" "Missing sign-offs: the Tech Lead and the Backend Lead" \
	"$(printf '%s\n' "$OUT" | sed -n 2p)"
eq "GO on HOLD: the Tech Lead's command" \
	"  ingestgate signoff --batch $batch --by NAME --as \"Tech Lead\" --lift-hold" "$(printf '%s\n' "$OUT" | sed -n 3p)"
eq "GO on HOLD: the Backend Lead's command" \
	"  ingestgate signoff --batch $batch --by NAME --as \"Backend Lead\" --lift-hold" "$(printf '%s\n' "$OUT" | sed -n 4p)"
has "GO on HOLD: the HOLD line after, with its file" "BATCH HOLD (BATCH_ON_HOLD): batch $batch is on HOLD, see $status" \
	"$(printf '%s\n' "$OUT" | sed -n 5p)"
eq "GO on HOLD: the result line keeps the worst stage" RELEASE_EVIDENCE_RESULT=PASS "$(printf '%s\n' "$OUT" | tail -n 1)"
# A batch code that needs quoting is quoted in the command.
odd="F 2026/02'20"
move() { sql -c "UPDATE booking SET batch_code='F 2026/02''20'; UPDATE payment SET batch_code='F 2026/02''20'; UPDATE ingest_event_log SET batch_code='F 2026/02''20'" >/dev/null; }
seed degraded
move
igj processing --batch "$odd"
eq "odd batch: a FAIL, HOLD" "FAIL HOLD" "$(jqv '.verdict + " " + .batchStatus')"
seed healthy
move
ig gate evidence --batch "$odd"
eq "odd batch: GO on HOLD exits 2" 2 "$RC"
eq "odd batch: quoted for the shell" \
	"  ingestgate signoff --batch 'F 2026/02'\\''20' --by NAME --as \"Tech Lead\" --lift-hold" "$(printf '%s\n' "$OUT" | sed -n 3p)"
seed healthy

# NO-GO and PENDING lead with the decision too.
seed degraded
ig gate evidence
has "NO-GO: the decision is the first line" "DECISION NO-GO: " "$(first)"
eq "NO-GO: exit 1" 1 "$RC"
seed healthy

# A report that cannot be written: ERROR REPORT_WRITE_FAILED everywhere.
blocked=$WORK/blocked
: > "$blocked"
OUT=$("$IG" gate evidence --json --reports-dir "$blocked/reports" 2>"$WORK/stderr"); RC=$?
eq "unwritable: JSON ERROR REPORT_WRITE_FAILED" "ERROR REPORT_WRITE_FAILED" "$(jqv '.verdict + " " + .code')"
eq "unwritable: the check's code" REPORT_WRITE_FAILED "$(jqv '.checks[] | select(.name == "report") | .code')"
eq "unwritable: no batch status claimed" "null null" "$(jqv '"\(.batchStatus) \(.batchStatusPath)"')"
eq "unwritable: not GO, exit 2" "PENDING 2" "$(jqv .decision) $RC"
OUT=$("$IG" gate evidence --reports-dir "$blocked/reports" 2>"$WORK/stderr"); RC=$?
has "unwritable: the decision still first" "DECISION PENDING: every stage PASS, but the evidence could not be written (REPORT_WRITE_FAILED" "$(first)"
has "unwritable: the ERROR line, with its code and path" \
	"ERROR (REPORT_WRITE_FAILED): this run could not be recorded: cannot write the report: cannot create $blocked" \
	"$(printf '%s\n' "$OUT" | sed -n 2p)"
hasnt "unwritable: no batch status in the text" "Batch status" "$OUT"
hasnt "unwritable: no HOLD claimed" "BATCH HOLD" "$OUT"
eq "unwritable: result line ERROR" RELEASE_EVIDENCE_RESULT=ERROR "$(printf '%s\n' "$OUT" | tail -n 1)"
OUT=$("$IG" gate processing --json --reports-dir "$blocked/reports" 2>"$WORK/stderr"); RC=$?
eq "unwritable, single gate: ERROR REPORT_WRITE_FAILED, exit 2" "ERROR REPORT_WRITE_FAILED 2" "$(jqv '.verdict + " " + .code') $RC"
# The gate's report is written but the batch status is not: a FAIL that
# could not set HOLD says nothing of a HOLD.
r2=$WORK/r2
mkdir -p "$r2/release-evidence"
ln -s "$WORK/nowhere/at-all" "$r2/release-evidence/$batch"
seed degraded
OUT=$("$IG" gate processing --json --reports-dir "$r2" 2>"$WORK/stderr"); RC=$?
eq "status unwritable: ERROR REPORT_WRITE_FAILED" "ERROR REPORT_WRITE_FAILED 2" "$(jqv '.verdict + " " + .code') $RC"
eq "status unwritable: no HOLD claimed" "null" "$(jqv .batchStatus)"
eq "status unwritable: latest.json claims none either" "ERROR null" \
	"$(jq -r '.verdict + " " + (.batchStatus // "null")' "$r2/gates/ingest-processing/latest.json")"
OUT=$("$IG" gate processing --reports-dir "$r2" 2>"$WORK/stderr"); RC=$?
hasnt "status unwritable: no HOLD in the text" "BATCH HOLD" "$OUT"
has "status unwritable: the ERROR first" "ERROR (REPORT_WRITE_FAILED): this run could not be recorded" "$(first)"
seed healthy

# Quality checks: trailing semicolons and comments are not a second statement.
checks=$WORK/checks
mkdir -p "$checks"
printf 'SELECT booking_ref FROM booking WHERE batch_code = $1 AND false; -- none expected\n' > "$checks/trailing.sql"
printf "SELECT booking_ref, '--;' AS note FROM booking WHERE batch_code = \$1 ORDER BY 1 LIMIT 2;\n/* two rows */ ;\n" > "$checks/two.sql"
igj quality --quality-checks "$checks"
eq "'; -- comment' runs" "PASS -" "$(jqv '.checks[] | select(.name == "trailing") | .verdict + " " + (.code // "-")')"
eq "'; /* comment */ ;' runs, its rows are findings" "FAIL 2" \
	"$(jqv '.checks[] | select(.name == "two") | .verdict' | head -n 1) $(jqv .metrics.two)"
rm "$checks/two.sql"
printf 'SELECT 1 AS x WHERE $1 IS NOT NULL; SELECT 2; -- two statements\n' > "$checks/second.sql"
igj quality --quality-checks "$checks"
eq "a second statement is still refused" "ERROR QUALITY_CHECK_INVALID" \
	"$(jqv '.checks[] | select(.name == "second") | .verdict + " " + .code')"
finish
