#!/usr/bin/env bash
# The batch status machine and the sign-off chain at their edges (issue 21
# items 1-5 and 17, issue 25 item 1), on the real stack: one lock per batch
# folder (a FAIL racing a GO evidence is never lost), a folder belongs to
# one batch (B/1 and B_1), a HOLD lifted only on evidence newer than it,
# one person is one person, --insecure evidence never signed off, the chain
# head in the batch status (verify finds a removed last line), and a
# sign-off killed before its status write completed by the next one.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq cc

export PHASE2_BATCH_CODE=B_1	# a code another one (B/1) maps onto
shim_build
stack_up
seed healthy
export RUN_EVIDENCE_QUALITY_CHECK=false	# after stack_up, which sets it
B=$PHASE2_BATCH_CODE

# A fresh report root per scenario: each starts with no batch status.
n=0
fresh() { n=$((n + 1)); REPORTS=$WORK/r$n; BD=$REPORTS/release-evidence/$B; ST=$BD/batch-status.json; }
status() { jq -r .status "$ST" 2>/dev/null; }
fail_gate() { INGEST_QUEUE_ENABLED=false ig gate env-baseline --offline "$@"; }
lift() { ig signoff --by "$1" --as "$2" --lift-hold; }

# --- item 1: one lock per batch folder ------------------------------------
# The GO evidence pauses 0.6 s just before it replaces batch-status.json;
# a failing gate runs inside that pause. Without the lock the evidence
# writes READY over the HOLD it never read.
fresh
ig gate evidence
eq "item 1: healthy evidence makes the batch READY" READY "$(status)"
LD_PRELOAD=$SHIM SHIM_SLOW=batch-status.json:600 \
	"$IG" gate evidence --reports-dir "$REPORTS" >/dev/null 2>&1 &
pid=$!
sleep 0.3
fail_gate
wait $pid
eq "item 1: a FAIL racing a GO evidence keeps its HOLD" HOLD "$(status)"
has "item 1: the HOLD is in the history" '"to": "HOLD"' "$(cat "$ST")"
# And the plain race, a few times over, without the pause.
lost=0
for i in 1 2 3 4 5 6; do
	fresh
	ig gate evidence
	"$IG" gate evidence --reports-dir "$REPORTS" >/dev/null 2>&1 &
	pid=$!
	fail_gate
	wait $pid
	[ "$(status)" = HOLD ] || lost=$((lost + 1))
done
eq "item 1: no HOLD lost in 6 plain races" 0 "$lost"

# --- item 2: a folder belongs to one batch --------------------------------
fresh
ig gate evidence
before=$(cd "$BD" && ls -la --time-style=full-iso . && cat batch-status.json latest.json | sha256sum)
PHASE2_BATCH_CODE=B/1 ig gate evidence
eq "item 2: evidence for B/1 in B_1's folder: exit 2" 2 "$RC"
has "item 2: BATCH_FOLDER_CONFLICT" BATCH_FOLDER_CONFLICT "$OUT$ERR"
PHASE2_BATCH_CODE=B/1 fail_gate
eq "item 2: a failing gate for B/1: exit 2" 2 "$RC"
ig signoff --batch "B/1" --by Ana --as "Tech Lead"
eq "item 2: sign-off for B/1: exit 2" 2 "$RC"
has "item 2: sign-off names the conflict" BATCH_FOLDER_CONFLICT "$ERR"
ig verify "$BD/latest.json" --batch "B/1"
eq "item 2: verify for B/1: exit 2" 2 "$RC"
has "item 2: verify names the conflict" BATCH_FOLDER_CONFLICT "$OUT"
eq "item 2: the folder is untouched" "$before" "$(cd "$BD" && ls -la --time-style=full-iso . && cat batch-status.json latest.json | sha256sum)"
eq "item 2: still READY" READY "$(status)"
# GO evidence copied from another batch never lifts this batch's HOLD.
sql -c "insert into ingest_event_log (event_id, batch_code, source, channel, event_type, status, error_code, error_message, received_at, processed_at) select event_id || '-o', 'OTHER', source, channel, event_type, status, error_code, error_message, received_at, processed_at from ingest_event_log where batch_code = '$B'" >/dev/null
OTHER=$WORK/other
"$IG" gate evidence --batch OTHER --reports-dir "$OTHER" >/dev/null 2>&1
eq "item 2: the other batch's evidence is GO" GO "$(jq -r '.decision + (if .decision != "GO" then ([.stages[] | " \(.id) \(.verdict) \(.summary)"] | add) else "" end)' "$OTHER/release-evidence/OTHER/latest.json")"
fail_gate
eq "item 2: HOLD" HOLD "$(status)"
cp "$OTHER/release-evidence/OTHER/latest.json" "$BD/latest.json"
lift Ana "Tech Lead"
eq "item 2: a lift on another batch's evidence is refused" 1 "$RC"
has "item 2: refusal names the batch" "is of batch OTHER, not $B" "$ERR"
lift Budi "Backend Lead"
eq "item 2: still HOLD" HOLD "$(status)"

# --- item 3: a HOLD is lifted only on evidence newer than the HOLD -------
fresh
ig gate evidence
eq "item 3: GO evidence, READY" READY "$(status)"
fail_gate
eq "item 3: then a FAIL: HOLD" HOLD "$(status)"
lift Ana "Tech Lead"
eq "item 3: lift on the older GO evidence refused" 1 "$RC"
has "item 3: says why" "not newer than the HOLD" "$ERR"
lift Budi "Backend Lead"
eq "item 3: still HOLD after two leads on old evidence" HOLD "$(status)"
ig gate evidence
lift Ana "Tech Lead"
eq "item 3: new GO evidence: the Tech Lead signs" 0 "$RC"
lift Budi "Backend Lead"
eq "item 3: new GO evidence and two leads: READY" READY "$(status)"

# --- item 4: one person is one person -------------------------------------
fresh
fail_gate
ig gate evidence
lift Dewi "Tech Lead"
eq "item 4: Dewi signs" 0 "$RC"
lift $'Dewi\u200b' "Backend Lead"
eq "item 4: a name with U+200B is a usage error" 64 "$RC"
has "item 4: the character is named" "U+200B" "$ERR"
lift $'\uff24\uff25\uff37\uff29' "Backend Lead"
eq "item 4: fullwidth DEWI is Dewi: refused" 1 "$RC"
lift " dewi " "backend  lead"
eq "item 4: ' dewi ' is Dewi: refused" 1 "$RC"
eq "item 4: still HOLD" HOLD "$(status)"
eq "item 4: one line in the chain" 1 "$(wc -l < "$BD/signoffs.jsonl")"

# --- item 5: --insecure evidence is never signed off ----------------------
fresh
fail_gate
ig gate evidence --insecure
lift Ana "Tech Lead"
eq "item 5: lift on --insecure evidence refused" 1 "$RC"
has "item 5: says why" "TLS verification off" "$ERR"
lift Budi "Backend Lead"
eq "item 5: still HOLD" HOLD "$(status)"

# --- item 17: the chain head in the batch status --------------------------
fresh
fail_gate
ig gate evidence
lift Ana "Tech Lead"
lift Budi "Backend Lead"
eq "item 17: READY" READY "$(status)"
CH=$BD/signoffs.jsonl
eq "item 17: the head is recorded" "2 $(tail -n 1 "$CH" | tr -d '\n' | sha256sum | cut -c1-64)" "$(jq -r '"\(.chain.lines) \(.chain.sha256)"' "$ST")"
ig verify "$CH"
eq "item 17: verify the whole chain: 0" 0 "$RC"
cp "$CH" "$WORK/chain.bak"
sed -i '$d' "$CH"
ig verify "$CH"
eq "item 17: last line removed: exit 1" 1 "$RC"
has "item 17: says so" "removed at the end" "$OUT"
: > "$CH"
ig verify "$CH"
eq "item 17: file emptied: exit 1" 1 "$RC"
cp "$WORK/chain.bak" "$CH"
mkdir -p "$WORK/alone"
cp "$CH" "$WORK/alone/signoffs.jsonl"
ig verify "$WORK/alone/signoffs.jsonl"
eq "item 17: no batch status beside it: exit 2" 2 "$RC"
KEY=$WORK/k.pem
openssl genpkey -algorithm ed25519 -out "$KEY" 2>/dev/null
INGESTGATE_SIGNING_KEY=$KEY ig gate evidence
INGESTGATE_SIGNING_KEY=$KEY ig signoff --by Eka --as QA
eq "item 17: a signed line appended" 0 "$RC"
ig verify "$CH"
eq "item 17: signed lines and no --pubkey: exit 2" 2 "$RC"

# --- issue 25 item 1: a sign-off killed before its status write ----------
# The second lead's line is written, then the process dies just before
# batch-status.json is replaced: the next sign-off completes the lift (and
# in a second batch, the next gate run does).
for next in signoff run; do
	fresh
	fail_gate
	ig gate evidence
	lift Ana "Tech Lead"
	LD_PRELOAD=$SHIM SHIM_KILL_AT=1 "$IG" signoff --by Budi --as "Backend Lead" \
		--lift-hold --reports-dir "$REPORTS" >/dev/null 2>&1
	eq "25.1 ($next): killed after the line" "2 HOLD" "$(wc -l < "$BD/signoffs.jsonl") $(status)"
	if [ $next = signoff ]; then
		lift Budi "Backend Lead"
		has "25.1: the retry says the lift was completed" "completed" "$OUT$ERR"
		hasnt "25.1: never the wrong 'still missing'" "still missing: the Backend Lead" "$OUT$ERR"
	else
		ig gate env-baseline --offline
	fi
	eq "25.1 ($next): the next $next completes the lift" READY "$(status)"
	eq "25.1 ($next): the head is recorded" 2 "$(jq -r .chain.lines "$ST")"
done
finish
