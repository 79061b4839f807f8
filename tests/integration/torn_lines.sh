#!/usr/bin/env bash
# Appends that cannot tear (issue 25 item 2; SPEC section 5): a torn tail a
# crash left in signoffs.jsonl or audit/replay.log is crash residue, set
# aside in a .torn file with a note, never "tampering" and never glued to
# the next line; on a full disk (a 64 KiB tmpfs, as root) a sign-off line
# goes in whole or not at all and the message carries the real cause.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq
trap 'umount "$WORK/full" 2>/dev/null; cleanup' EXIT

stack_up
B=$PHASE2_BATCH_CODE
BD=$REPORTS/release-evidence/$B
CHAIN=$BD/signoffs.jsonl
AUD=$REPORTS/audit/replay.log

seed healthy
igj evidence
eq "healthy evidence" "GO READY" "$(jqv '.decision + " " + .batchStatus')"
# A copy of the batch folder before any sign-off, for the disk-full part.
cp -a "$BD" "$WORK/batch-before"

# --- 1. signoffs.jsonl: a torn tail is residue, set aside -----------------
ig signoff --by Ana --as QA --note first
eq "first sign-off" 0 "$RC"
FRAG='{"at":"2026-02-20T10:00:00Z","by":"Bu'
printf '%s' "$FRAG" >> "$CHAIN"		# what a kill -9 mid-write leaves
ig verify "$CHAIN"
eq "verify: a torn tail is not tampering (exit 0)" 0 "$RC"
has "verify names the torn write" "cut short by a crash or a full disk" "$OUT"
ig signoff --by Budi --as QA --note second
eq "the next sign-off goes on (exit 0)" 0 "$RC"
has "the sign-off says the tail was set aside" "set aside in" "$OUT"
eq "the fragment is kept in signoffs.jsonl.torn" "$FRAG" "$(cat "$CHAIN.torn" 2>/dev/null)"
eq "two whole lines, nothing glued" 2 "$(wc -l < "$CHAIN")"
ig verify "$CHAIN"
eq "the chain holds after" 0 "$RC"
hasnt "no torn note once set aside" "cut short" "$OUT"

# --- 2. audit/replay.log: the next intent is not glued to a fragment ------
ig replay --status OPEN --role MANAGER --dry-run
eq "a dry-run replay" 0 "$RC"
AFRAG='{"time":"2026-02-20T10:00:00Z","phase":"int'
printf '%s' "$AFRAG" >> "$AUD"
ig replay --status OPEN --role MANAGER --dry-run
eq "the replay after a torn audit line (exit 0)" 0 "$RC"
has "the replay says it set the torn line aside" "replay.log.torn" "$ERR"
if jq -c . "$AUD" >/dev/null 2>&1; then pass "every audit line is whole JSON"
else fail "an audit line is glued to the fragment: $(tail -n 2 "$AUD")"; fi
eq "four whole audit lines" 4 "$(wc -l < "$AUD")"
eq "the fragment is in replay.log.torn" "$AFRAG" "$(cat "$AUD.torn" 2>/dev/null)"

# --- 3. a full disk: whole line or nothing, the real cause ----------------
# A 64 KiB tmpfs holds the batch folder. The first line is padded (its
# note) to end 48 bytes short of a 4 KiB page; the disk is then filled,
# so the next line's write gets 48 bytes in and then ENOSPC: a torn line
# unless the write is cut back.
full_disk() {
	local FULL=$WORK/full R2 BD2 len note
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP (part 3, disk full): mounting a tmpfs needs root"
		return
	fi
	mkdir -p "$FULL"
	if ! mount -t tmpfs -o size=64k tmpfs "$FULL"; then
		if [ "${CI:-}" = true ]; then fail "cannot mount a tmpfs"; return; fi
		echo "SKIP (part 3, disk full): mount -t tmpfs refused here"
		return
	fi
	R2=$FULL/reports
	BD2=$R2/release-evidence/$B
	mkdir -p "$R2/release-evidence"
	cp -a "$WORK/batch-before" "$BD2"
	# The length of a first line with a one-byte note, measured on a copy.
	mkdir -p "$WORK/measure/release-evidence"
	cp -a "$WORK/batch-before" "$WORK/measure/release-evidence/$B"
	REPORTS=$WORK/measure ig signoff --by Ana --as QA --note x
	len=$(wc -c < "$WORK/measure/release-evidence/$B/signoffs.jsonl")
	note=x$(head -c $((4096 - 48 - len)) /dev/zero | tr '\0' y)
	REPORTS=$R2 ig signoff --by Ana --as QA --note "$note"
	eq "disk full: the first line fits" 0 "$RC"
	eq "disk full: the chain ends 48 bytes before a page" 4048 "$(wc -c < "$BD2/signoffs.jsonl")"
	dd if=/dev/zero of="$FULL/fill" bs=4096 2>/dev/null
	REPORTS=$R2 ig signoff --by Budi --as QA --note second
	eq "disk full: the sign-off cannot (exit 2)" 2 "$RC"
	has "disk full: the real cause" "No space left on device" "$ERR"
	hasnt "disk full: never 'Success'" "Success" "$ERR"
	eq "disk full: nothing was added" 4048 "$(wc -c < "$BD2/signoffs.jsonl")"
	rm -f "$FULL/fill"
	REPORTS=$R2 ig signoff --by Budi --as QA --note second
	eq "space again: the sign-off goes in" 0 "$RC"
	hasnt "space again: no torn line to set aside" "set aside" "$OUT"
	REPORTS=$R2 ig verify "$BD2/signoffs.jsonl"
	eq "space again: the chain holds" 0 "$RC"
	eq "space again: two lines" 2 "$(wc -l < "$BD2/signoffs.jsonl")"
	umount "$FULL"
}
full_disk

finish
