#!/usr/bin/env bash
# Sign-off at its edges on the real stack (issue 21 item 18): a HOLD is not
# lifted on evidence whose stages WARN; signed evidence edited by hand is
# refused, whoever signs; --accept-warn by two people takes a PENDING batch
# from real WARN evidence to READY.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq openssl

KEY=$WORK/signing.pem
openssl genpkey -algorithm ed25519 -out "$KEY" 2>/dev/null && chmod 600 "$KEY"
stack_up
B=$PHASE2_BATCH_CODE
signed() { INGESTGATE_SIGNING_KEY=$KEY ig "$@"; }
st() { jq -r .status "$REPORTS/release-evidence/$B/batch-status.json"; }
chain_lines() { local c=$REPORTS/release-evidence/$B/signoffs.jsonl; [ -f "$c" ] && wc -l < "$c" || echo 0; }
# grow N: DLQ entries created now, unresolved, until F-04's growth is N
# (1..10: WARN). The seed's own entries set where it starts.
grow() {
	local g
	igj dlq-growth
	g=$(jqv .metrics.growth)
	sql >/dev/null -c "INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code) SELECT 'grow-' || i || '-' || md5(random()::text), 'partner-api', 'api', 'OPEN', 'X' FROM generate_series(1, $(( $1 - g ))) i"
	igj dlq-growth
	eq "F-04 growth set to $1: WARN" "WARN $1" "$(jqv '.verdict + " " + (.metrics.growth | tostring)')"
}

# --- a HOLD and PENDING evidence whose only non-PASS stage is WARN --------
seed degraded
signed gate evidence --json
eq "degraded: NO-GO HOLD" "NO-GO HOLD" "$(jqv '.decision + " " + .batchStatus')"
seed healthy
grow 3
signed gate evidence --json
eq "healthy + 3 DLQ entries: PENDING" PENDING "$(jqv .decision)"
eq "the only non-PASS stage is F-04 WARN" "F-04 WARN" "$(jqv '[.stages[] | select(.verdict != "PASS") | .id + " " + .verdict] | join(",")')"
eq "HOLD stays on PENDING evidence" HOLD "$(st)"
signed signoff --by Ana --as "Tech Lead" --lift-hold
eq "lift-hold on WARN evidence: refused (exit 1)" 1 "$RC"
has "lift-hold on WARN evidence: says why" "only on GO evidence" "$ERR"
signed signoff --by Budi --as "Backend Lead" --lift-hold
eq "the other lead too: refused" 1 "$RC"
signed signoff --by Ana --as "Tech Lead" --accept-warn
eq "accept-warn on a HOLD: refused" 1 "$RC"
has "accept-warn on a HOLD: says why" "the batch is on HOLD" "$ERR"
eq "no line written by a refused sign-off" 0 "$(chain_lines)"
eq "still HOLD" HOLD "$(st)"

# --- signed GO evidence edited by hand ------------------------------------
seed healthy
signed gate evidence --json
eq "healthy: GO, still HOLD" "GO HOLD" "$(jqv '.decision + " " + .batchStatus')"
EV=$REPORTS/release-evidence/$B/latest.json
cp "$EV" "$WORK/good.json"
# One value changed where a reader would look, the layout kept.
sed -i '0,/"verdict": "PASS"/s//"verdict": "WARN"/' "$EV"
cmp -s "$EV" "$WORK/good.json" && fail "the hand edit changed nothing"
ig verify "$EV" --pubkey <(openssl pkey -in "$KEY" -pubout 2>/dev/null)
eq "verify sees the edit (exit 1)" 1 "$RC"
signed signoff --by Ana --as "Tech Lead" --lift-hold
eq "edited evidence: Tech Lead refused (exit 1)" 1 "$RC"
has "edited evidence: the digest is named" "digest" "$ERR"
signed signoff --by Budi --as "Backend Lead" --lift-hold
eq "edited evidence: Backend Lead refused" 1 "$RC"
eq "edited evidence: no line written" 0 "$(chain_lines)"
eq "edited evidence: still HOLD" HOLD "$(st)"
# The untouched document is signed off as usual: the refusal was the edit.
cp "$WORK/good.json" "$EV"
signed signoff --by Ana --as "Tech Lead" --lift-hold
eq "restored evidence: Tech Lead signs" 0 "$RC"
signed signoff --by Budi --as "Backend Lead" --lift-hold
eq "restored evidence: Backend Lead signs" 0 "$RC"
eq "restored evidence: READY" READY "$(st)"

# --- accept-warn: real WARN evidence, PENDING to READY ----------------------
grow 2
signed gate evidence --json
eq "WARN evidence on a READY batch: PENDING" "PENDING PENDING" "$(jqv '.decision + " " + .batchStatus')"
eq "WARN evidence: exit 2" 2 "$RC"
signed signoff --by Citra --as QA --accept-warn
eq "first accept-warn: exit 0" 0 "$RC"
has "first accept-warn: one more person" "one more person" "$OUT$ERR"
eq "one accept-warn: still PENDING" PENDING "$(st)"
signed signoff --by " citra " --as Ops --accept-warn
eq "the same person again: refused" 1 "$RC"
signed signoff --by Dewi --as Ops --accept-warn
eq "second person: exit 0" 0 "$RC"
eq "two people accept the WARN: READY" READY "$(st)"
eq "history: PENDING -> READY by sign-off" "PENDING READY signoff" \
	"$(jq -r '.history[-1] | "\(.from) \(.to) \(.gate)"' "$REPORTS/release-evidence/$B/batch-status.json")"
finish
