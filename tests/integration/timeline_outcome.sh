#!/usr/bin/env bash
# Timeline lines put the outcome first (issue 23 item 7), so that a line cut
# at the edge of a screen is never misread ("replay FAILED by unknown…" read
# as a failed replay, where FAILED was the status replayed). Real replays of
# the real stack (a dry run, one declined on a terminal, one confirmed, one
# with nothing left, one core-api refused) and gate runs that flip a verdict;
# then `ingestgate timeline` as text, --json and --json-lines.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq script

stack_up
seed degraded
failed_pa=$(sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status = 'FAILED' AND source = 'partner-api'")
[ "$failed_pa" -gt 0 ] && pass "setup: $failed_pa FAILED entries of partner-api" || fail "setup: no FAILED partner-api entries"
replay() { ig replay --status FAILED --source partner-api --role MANAGER --operator dina "$@" </dev/null; }

ig gate processing
eq "setup: F-03 FAIL" 1 "$RC"
replay --dry-run
eq "setup: a dry run" 0 "$RC"
# Declined on a terminal: the question is answered "no".
printf 'no\n' | script -qec "'$IG' replay --status FAILED --source partner-api --role MANAGER --operator dina --reports-dir '$REPORTS'" /dev/null >/dev/null 2>&1
eq "setup: the declined replay is in the audit log" declined \
	"$(tail -n 1 "$REPORTS/audit/replay.log" | jq -r .outcome)"
replay --yes
eq "setup: a confirmed replay" 0 "$RC"
replay --yes
has "setup: nothing left to replay" "nothing to replay" "$OUT$ERR"
fault '{"status":503}'
replay --dry-run
clear_faults
seed healthy
ig gate processing
eq "setup: F-03 PASS" 0 "$RC"

ig timeline
TL=$OUT
eq "timeline: exit 0" 0 "$RC"
# The text of each kind, outcome first, right after the kind column.
has "a dry run: its count first" "  replay    counted $failed_pa (dry run) · replay status FAILED source partner-api by dina (MANAGER)" "$TL"
has "a declined replay: declined first" "  replay    declined ($failed_pa counted) · replay status FAILED source partner-api by dina (MANAGER)" "$TL"
has "a confirmed replay: what moved first" "  replay    moved $failed_pa · replay status FAILED source partner-api by dina (MANAGER)" "$TL"
has "its intent: what was asked first" "  replay    asked to move up to $failed_pa · replay status FAILED source partner-api by dina" "$TL"
has "an empty replay: nothing to replay first" "  replay    nothing to replay · replay status FAILED source partner-api by dina" "$TL"
has "a refused request: failed and the code first" "  replay    failed " "$TL"
has "a verdict change: the verdict and code first" "  verdict   FAIL PROCESSING_SUCCESS_RATE_LOW · F-03 processing, first verdict" "$TL"
has "a verdict back: the new verdict first" "  verdict   PASS · F-03 processing, was FAIL" "$TL"
has "a batch status: the status first" "  status    HOLD · batch $PHASE2_BATCH_CODE first status (processing)" "$TL"

# Cut where a narrow screen cuts it, a replay line still says what happened:
# its first word is an outcome, never the DLQ status replayed.
ig timeline --json
J=$OUT
eq "every replay line opens with its outcome" "" \
	"$(printf '%s' "$J" | jq -r '.[] | select(.kind == "replay") | .text |
		select(test("^(counting \\(dry run\\)|counted [0-9]+ \\(dry run\\)|asked to move up to [0-9]+|moved [0-9]+|declined \\([0-9]+ counted\\)|nothing to replay|failed [A-Z_]+) · replay status ") | not)')"
eq "every verdict line opens with its verdict (and code), the to field" "" \
	"$(printf '%s' "$J" | jq -r '.[] | select(.kind == "verdict") | select((.text | split(" · ")[0] | split(" ")[0]) != .to) | .text')"
eq "every status line opens with its status, the to field" "" \
	"$(printf '%s' "$J" | jq -r '.[] | select(.kind == "status") | select((.text | split(" · ")[0]) != .to) | .text')"
eq "no line opens with the old subject first" "" \
	"$(printf '%s' "$J" | jq -r '.[].text | select(test("^(DLQ |batch |sign-off|F-0|session |env drift)"))')"
eq "the fields keep their names" '["at","batch","from","gate","kind","report","text","to"]' \
	"$(printf '%s' "$J" | jq -c '[.[] | keys] | add | unique')"
ig timeline --json-lines
eq "--json-lines carries the same texts as --json" "$(printf '%s' "$J" | jq -r '.[].text')" \
	"$(printf '%s\n' "$OUT" | jq -r .text)"
finish
