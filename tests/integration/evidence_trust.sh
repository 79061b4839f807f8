#!/usr/bin/env bash
# Evidence you can trust later (SPEC section 11) on the real stack: signed
# evidence and verify (one flipped byte in verdict, digest or signature is
# exit 1), the sign-off chain (a removed line is found), the two-lead rule
# for lifting a HOLD, the same person twice refused, INCONCLUSIVE never
# signed away, and the timeline of healthy -> degraded -> HOLD -> fixed ->
# signed -> READY in order.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq openssl

KEY=$WORK/signing.pem
PUB=$WORK/signing.pub.pem
OTHER_PUB=$WORK/other.pub.pem
openssl genpkey -algorithm ed25519 -out "$KEY" 2>/dev/null
openssl pkey -in "$KEY" -pubout -out "$PUB"
openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout -out "$OTHER_PUB"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$WORK/rsa.pem" 2>/dev/null

stack_up
B=$PHASE2_BATCH_CODE
BD=$REPORTS/release-evidence/$B
STATUS=$BD/batch-status.json
CHAIN=$BD/signoffs.jsonl
signed() { INGESTGATE_SIGNING_KEY=$KEY ig "$@"; }
# Line number of the first timeline line matching a fixed string after line $2.
after() { printf '%s\n' "$TL" | awk -v s="$1" -v from="$2" 'NR > from && index($0, s) { print NR; exit }'; }

# --- 1. healthy: signed evidence, verify, flipped bytes --------------------
seed healthy
signed gate evidence --json
eq "healthy evidence GO" "GO READY" "$(jqv '.decision + " " + .batchStatus')"
EV=$(jqv '.report.json')
eq "stdout JSON carries the file's integrity" "$(jq -r .integrity.sha256 "$EV")" "$(jqv .integrity.sha256)"
eq "key id is the first 8 hex of SHA-256 of the raw public key" \
	"$(openssl pkey -pubin -in "$PUB" -outform DER | tail -c 32 | sha256sum | cut -c1-8)" \
	"$(jq -r .integrity.keyId "$EV")"
jq -j .integrity.sha256 "$EV" > "$WORK/digest.txt"
jq -r .integrity.signature "$EV" | base64 -d > "$WORK/sig.bin"
if openssl pkeyutl -verify -pubin -inkey "$PUB" -rawin -in "$WORK/digest.txt" \
	-sigfile "$WORK/sig.bin" >/dev/null 2>&1; then pass "openssl verifies the signature of the digest"
else fail "openssl does not verify the signature"; fi
has "Markdown shows the digest" "$(jq -r .integrity.sha256 "$EV")" "$(cat "${EV%.json}.md")"
has "Markdown shows the key id" "signed with key \`$(jq -r .integrity.keyId "$EV")\`" "$(cat "${EV%.json}.md")"
hasnt "no private key material in the report" "$(sed -n 2p "$KEY")" "$(cat "$EV" "${EV%.json}.md")"

ig verify "$EV" --pubkey "$PUB"
eq "verify: valid signed evidence exit 0" 0 "$RC"
has "verify says what holds" "digest and signature hold" "$OUT"
jq . "$EV" > "$WORK/reformatted.json"
ig verify "$WORK/reformatted.json" --pubkey "$PUB"
eq "whitespace and layout do not change the digest" 0 "$RC"
ig verify "$EV"
eq "signed evidence without a public key: cannot check (2)" 2 "$RC"
INGESTGATE_SIGNING_KEY=$KEY ig verify "$EV"
eq "the signing key's public half is used when no --pubkey" 0 "$RC"
ig verify "$EV" --pubkey "$OTHER_PUB"
eq "another key: exit 1" 1 "$RC"
has "another key: EVIDENCE_SIGNATURE_INVALID" EVIDENCE_SIGNATURE_INVALID "$OUT"

flip() {	# flip NAME SED-EXPR: one changed byte in a copy, verify exit 1
	local name=$1 expr=$2 what=$3 copy=$WORK/flip-$1.json
	sed "$expr" "$EV" > "$copy"
	if cmp -s "$EV" "$copy"; then fail "flip $name: nothing changed"; return; fi
	eq "flip $name: one byte" 1 "$(cmp -l "$EV" "$copy" | wc -l)"
	ig verify "$copy" --pubkey "$PUB"
	eq "flipped byte in $name: exit 1" 1 "$RC"
	has "flipped byte in $name: code" EVIDENCE_SIGNATURE_INVALID "$OUT"
	has "flipped byte in $name: says $what" "$what" "$OUT"
}
flip verdict '0,/"verdict": "PASS"/s//"verdict": "FASS"/' "digest:"
sha=$(jq -r .integrity.sha256 "$EV")
c=${sha:5:1}; [ "$c" = 0 ] && n=1 || n=0
flip digest "s/${sha}/${sha:0:5}${n}${sha:6}/" "digest:"
sig=$(jq -r .integrity.signature "$EV")
c=${sig:3:1}; [ "$c" = A ] && n=B || n=A
flip signature "s|${sig}|${sig:0:3}${n}${sig:4}|" "signature:"

head -c 300 "$EV" > "$WORK/truncated.json"
ig verify "$WORK/truncated.json" --pubkey "$PUB"
eq "truncated report: exit 1" 1 "$RC"
has "truncated report: file and line" "$WORK/truncated.json:" "$OUT"
ig verify "$WORK/nonexistent.json"
eq "missing file: cannot check (2)" 2 "$RC"
ig verify "$EV" --pubkey "$WORK/nonexistent.pem"
eq "missing public key: cannot check (2)" 2 "$RC"

# A named key that cannot be used is a clear error, and the run is ERROR.
INGESTGATE_SIGNING_KEY=$WORK/rsa.pem ig gate evidence
eq "wrong-type signing key: exit 2" 2 "$RC"
has "wrong-type signing key: said" "not Ed25519" "$ERR"
eq "wrong-type signing key: result line ERROR" RELEASE_EVIDENCE_RESULT=ERROR "$(printf '%s\n' "$OUT" | tail -n 1)"
INGESTGATE_SIGNING_KEY=$WORK/nonexistent.pem ig gate evidence
has "missing signing key: said" "cannot read the signing key" "$ERR"
# (The ERROR runs above left their stage reports; the timeline below only
# counts what it must.)
sleep 1

# --- 2. degraded -> HOLD -------------------------------------------------
seed degraded
signed gate evidence --json
eq "degraded evidence NO-GO HOLD" "NO-GO HOLD" "$(jqv '.decision + " " + .batchStatus')"
eq "HOLD written" HOLD "$(jq -r .status "$STATUS")"
signed signoff --by "Ana" --as "Tech Lead" --lift-hold
eq "lift-hold on NO-GO evidence refused" 1 "$RC"
has "refusal says why" "only on GO evidence" "$ERR"
ig replay --status FAILED --role MANAGER --dry-run
sleep 1

# --- 3. fixed: GO evidence, HOLD stays until two leads sign -------------
seed healthy
signed gate evidence --json
eq "fixed evidence GO" GO "$(jqv .decision)"
eq "HOLD is sticky after GO evidence" HOLD "$(jq -r .status "$STATUS")"
sleep 1
signed signoff --by "Ana" --as "Tech Lead" --lift-hold --note "fix verified"
eq "Tech Lead signs: exit 0" 0 "$RC"
has "one lead is not enough" "still missing" "$OUT"
eq "still HOLD after one lead" HOLD "$(jq -r .status "$STATUS")"
signed signoff --by "ana" --as "Backend Lead" --lift-hold
eq "same person as the other lead: refused" 1 "$RC"
has "same person: said" "cannot sign twice" "$ERR"
signed signoff --by "Citra" --as "QA" --lift-hold
eq "lift-hold by a non-lead: refused" 1 "$RC"
eq "still HOLD" HOLD "$(jq -r .status "$STATUS")"
sleep 1
signed signoff --by "Budi" --as "backend lead" --lift-hold
eq "Backend Lead (another person) signs: exit 0" 0 "$RC"
has "the lift is announced" "HOLD -> READY" "$OUT"
eq "READY after two different leads" READY "$(jq -r .status "$STATUS")"
eq "history: the lift" "HOLD READY signoff" "$(jq -r '.history[-1] | "\(.from) \(.to) \(.gate)"' "$STATUS")"
eq "two chain lines" 2 "$(wc -l < "$CHAIN")"
eq "lines bind to the evidence digest" "$(jq -r .integrity.sha256 "$BD/latest.json")" "$(sed -n 2p "$CHAIN" | jq -r .sha256)"
eq "second line chains to the first" "$(head -n 1 "$CHAIN" | tr -d '\n' | sha256sum | cut -c1-64)" "$(sed -n 2p "$CHAIN" | jq -r .prev)"
ig verify "$CHAIN" --pubkey "$PUB"
eq "verify chain: exit 0" 0 "$RC"
ig verify "$BD/latest.json" --pubkey "$PUB"
eq "verify evidence checks its chain too" 0 "$RC"
has "verify evidence: chain named" "sign-off chain holds (2 lines" "$OUT"

# --- 4. the timeline ------------------------------------------------------
ig timeline --batch "$B"
TL=$OUT
eq "timeline exit 0" 0 "$RC"
l1=$(after "  status    READY · batch $B first status" 0)
l2=$(after "  verdict   FAIL PROCESSING_SUCCESS_RATE_LOW · F-03 processing, was PASS" "${l1:-0}")
l3=$(after "  status    HOLD · batch $B from " "${l2:-0}")
l4=$(after "  verdict   PASS · F-03 processing, was FAIL" "${l3:-0}")
l5=$(after "  signoff   lift-hold · sign-off by Ana (Tech Lead)" "${l4:-0}")
l6=$(after "  signoff   lift-hold · sign-off by Budi (backend lead)" "${l5:-0}")
l7=$(after "  status    READY · batch $B from HOLD (signoff)" "${l6:-0}")
if [ -n "$l1" ] && [ -n "$l2" ] && [ -n "$l3" ] && [ -n "$l4" ] && [ -n "$l5" ] && [ -n "$l6" ] && [ -n "$l7" ]; then
	pass "timeline: healthy -> degraded -> HOLD -> fixed -> signed -> READY in order"
else
	fail "timeline order: lines $l1 $l2 $l3 $l4 $l5 $l6 $l7 in: $TL"
fi
has "timeline: DLQ crossing, its outcome first" "  dlq       over maxGrowth · DLQ growth 22 crossed maxGrowth 10" "$TL"
has "timeline: DLQ back, its outcome first" "  dlq       no longer growing · DLQ growth" "$TL"
has "timeline: new error message" "new error message:" "$TL"
# Issue 23: the outcome first, so that a cut line is never misread
# ("replay FAILED by ..." read as a failed replay).
has "timeline: a dry run, its count first" "  replay    counted 30 (dry run) · replay status FAILED by " "$TL"
has "timeline: a dry run's intent" "  replay    counting (dry run) · replay status FAILED by " "$TL"
has "timeline: entries link to reports" "reports/gates/ingest-processing/ingest-processing-" "$TL"
has "timeline: sign-off links to its line" "signoffs.jsonl:2" "$TL"
ig timeline --batch "$B" --json
eq "timeline --json: one object per event" "$(printf '%s\n' "$TL" | grep -c '^[0-9]')" "$(printf '%s\n' "$OUT" | jq length)"
eq "timeline --json: ordered" true "$(printf '%s\n' "$OUT" | jq '[.[].at] == ([.[].at] | sort)')"
[ -s "$REPORTS/gates/ingest-processing/.timeline-index.jsonl" ] && pass "timeline index written" || fail "no timeline index"
sleep 2	# every event above is now older than the window
ig timeline --batch "$B" --since 1s
eq "--since 1s: exit 0" 0 "$RC"
eq "--since limits the window" "" "$(printf '%s\n' "$OUT" | grep '^[0-9]')"
ig timeline --batch "$B" --since 24h
eq "--since 24h: exit 0" 0 "$RC"
[ -n "$(printf '%s\n' "$OUT" | grep '^[0-9]')" ] && pass "--since 24h keeps today's events" ||
	fail "--since 24h shows no event: the 1s window above proves nothing"
ig timeline --since 24
eq "--since without a unit: usage error" 64 "$RC"

# Env drift between F-00 runs: by key, never the value.
ig gate env-baseline
sleep 1
OLD_SECRET=$INGEST_SERVICE_SECRET
INGEST_SERVICE_SECRET=drifted-secret-value-123 ig gate env-baseline
INGEST_QUEUE_ENABLED=false ig gate env-baseline
ig timeline --batch "$B"
has "env drift: secret named by key" "INGEST_SERVICE_SECRET (fingerprint)" "$OUT"
has "env drift: flag named by key" "INGEST_QUEUE_ENABLED (flag)" "$OUT"
hasnt "env drift: never the value" "drifted-secret-value-123" "$OUT$(cat "$REPORTS"/gates/*/.timeline-index.jsonl)"
hasnt "env drift: never the old value" "$OLD_SECRET" "$OUT"

# A hand-edited report and a torn chain never crash the timeline.
# (A report is indexed by name once: a torn file not seen before, and one
# edited after indexing once its folder's index is removed.)
P=$REPORTS/gates/ingest-processing/ingest-processing-20990101T000000Z.json
printf '{\n  "gate": "processing",\n  "verdict": "PA' > "$P"
E=$(ls "$REPORTS"/gates/ingest-dlq-growth/ingest-dlq-growth-*.json | head -n 1)
printf '{"gate": "dlq-growth",\n\n "verdict": 1,' > "$E"
rm "$REPORTS/gates/ingest-dlq-growth/.timeline-index.jsonl"
cp "$CHAIN" "$WORK/chain.bak"
sed -i 1d "$CHAIN"
ig timeline --batch "$B"
eq "timeline with bad input: exit 0" 0 "$RC"
has "bad report named with its line" "$(basename "$P"):3:" "$ERR"
has "edited report named with its line" "$(basename "$E"):3:" "$ERR"
has "broken chain named with its line" "signoffs.jsonl:1: chain broken" "$ERR"

# --- 5. a removed sign-off line is a chain error ------------------------
ig verify "$CHAIN"
eq "removed sign-off line: exit 1" 1 "$RC"
has "removed sign-off line: chain error" "chain broken" "$OUT"
ig verify "$BD/latest.json" --pubkey "$PUB"
eq "evidence verify reports its broken chain" 1 "$RC"
signed signoff --by "Dewi" --as "QA"
eq "no append to a broken chain" 1 "$RC"
has "refusal names the chain" "refusing to append" "$ERR"
cp "$WORK/chain.bak" "$CHAIN"
sed -i '2s/"Budi"/"Bude"/' "$CHAIN"
ig verify "$CHAIN" --pubkey "$PUB"
eq "edited last line: its signature fails" 1 "$RC"
has "edited last line: named" "signoffs.jsonl:2:" "$OUT"
cp "$WORK/chain.bak" "$CHAIN"

# --- 6. newer evidence, INCONCLUSIVE never signed away -------------------
sleep 1
seed thin
signed gate evidence --json
eq "thin: F-03 INCONCLUSIVE" INCONCLUSIVE "$(jqv '.stages[] | select(.id=="F-03") | .verdict')"
signed signoff --by "Eka" --as "QA" --accept-warn
eq "accept-warn with INCONCLUSIVE refused" 1 "$RC"
has "INCONCLUSIVE: said" "INCONCLUSIVE can never be signed away" "$ERR"
has "newer evidence: said" "a newer evidence exists" "$ERR"
signed signoff --by "Fajar" --as "Tech Lead" --lift-hold
eq "lift-hold with INCONCLUSIVE refused" 1 "$RC"
signed signoff --by "Eka" --as "QA" --note "seen the thin sample"
eq "an ack binds to the newer evidence" 0 "$RC"
has "ack: newer evidence said" "this sign-off binds to the newer one" "$OUT"
eq "ack line carries the newer digest" "$(jq -r .integrity.sha256 "$BD/latest.json")" "$(tail -n 1 "$CHAIN" | jq -r .sha256)"
finish
