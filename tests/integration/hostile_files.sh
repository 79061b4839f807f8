#!/usr/bin/env bash
# Hostile files and leaks (issue 25 items 3, 4 and 6; SPEC sections 5 and
# 11) on the real stack: a link planted at signoffs.jsonl or
# audit/replay.log is refused and its target untouched; a FIFO at
# batch-status.json or signoffs.jsonl hangs nothing; a killed run's .tmp-*
# file goes at the next run; an unreadable status gives one report; libpq's
# echo of the URI leaks no password; files follow the umask; the process is
# not dumpable and leaves no core; a signing key others can read is
# refused; verify reads strict RFC 8259 (duplicate keys, NUL in a key,
# comments: exit 1) and an unsigned report is "not signed" (2) unless
# --digest-only.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq openssl python3 timeout

KEY=$WORK/signing.pem
PUB=$WORK/signing.pub.pem
openssl genpkey -algorithm ed25519 -out "$KEY" 2>/dev/null
openssl pkey -in "$KEY" -pubout -out "$PUB"

stack_up
B=$PHASE2_BATCH_CODE
BD=$REPORTS/release-evidence/$B
CHAIN=$BD/signoffs.jsonl
STATUS=$BD/batch-status.json
PROC=$REPORTS/gates/ingest-processing
seed healthy
igj evidence
eq "healthy evidence" "GO READY" "$(jqv '.decision + " " + .batchStatus')"

# --- item 3: never follow a link, never hang on a FIFO --------------------
printf 'keep\n' > "$WORK/planted"
ln -s "$WORK/planted" "$CHAIN"
ig signoff --by Ana --as QA
eq "a link at signoffs.jsonl: cannot (2)" 2 "$RC"
has "a link at signoffs.jsonl: said" "symbolic link" "$ERR"
eq "a link at signoffs.jsonl: its target untouched" keep "$(cat "$WORK/planted")"
rm -f "$CHAIN"

mkdir -p "$REPORTS/audit"
ln -s "$WORK/planted" "$REPORTS/audit/replay.log"
ig replay --status OPEN --role MANAGER --dry-run
eq "a link at audit/replay.log: cannot (2)" 2 "$RC"
has "a link at audit/replay.log: said" "symbolic link" "$ERR"
eq "a link at audit/replay.log: its target untouched" keep "$(cat "$WORK/planted")"
rm -f "$REPORTS/audit/replay.log"

mkfifo "$CHAIN.fifo"
mv "$CHAIN.fifo" "$CHAIN"
OUT=$(timeout 20 "$IG" verify "$CHAIN" --reports-dir "$REPORTS" 2>&1); RC=$?
eq "a FIFO at signoffs.jsonl: verify cannot check (2), no hang" 2 "$RC"
OUT=$(timeout 20 "$IG" verify "$BD/latest.json" --digest-only --reports-dir "$REPORTS" 2>&1); RC=$?
eq "a FIFO beside the evidence: verify cannot check (2), no hang" 2 "$RC"
rm -f "$CHAIN"

cp "$STATUS" "$WORK/status.saved"
rm -f "$STATUS"
mkfifo "$STATUS"
OUT=$(timeout 30 "$IG" gate processing --json --reports-dir "$REPORTS" 2>"$WORK/stderr"); RC=$?
eq "a FIFO at batch-status.json: the run ends in ERROR (2), no hang" 2 "$RC"
eq "a FIFO at batch-status.json: ERROR" ERROR "$(jqv .verdict 2>/dev/null)"
has "a FIFO at batch-status.json: said" "not a regular file" "$(jqv '[.checks[].detail] | join(" ")' 2>/dev/null)"
rm -f "$STATUS"

# A status that cannot be read: one report (the ERROR), not two.
printf 'not a batch status' > "$STATUS"
before=$(ls "$PROC"/*.json | grep -vc latest.json)
igj processing
eq "unreadable status: ERROR" ERROR "$(jqv .verdict)"
eq "unreadable status: one report published, not two" $((before + 1)) "$(ls "$PROC"/*.json | grep -vc latest.json)"
eq "unreadable status: latest.json is that ERROR" ERROR "$(jq -r .verdict "$PROC/latest.json")"
cp "$WORK/status.saved" "$STATUS"

# A killed run's temporary file, seconds old, goes at the next run there.
printf 'half a report' > "$PROC/.tmp-killedrun1"
igj processing
eq "a healthy run" PASS "$(jqv .verdict)"
if [ -e "$PROC/.tmp-killedrun1" ]; then fail "a killed run's .tmp- file is still there"
else pass "a killed run's .tmp- file is removed by the next run"; fi

# --- item 4: secrets stay in ------------------------------------------------
for bad in 'postgresql://ingest:S3cretPw99@[::1/ops_db' \
    'postgresql://ingest:S3cret%zzPw99@127.0.0.1:5432/ops_db'; do
	OPS_DB_URL=$bad igj quality
	has "libpq's error is shown ($bad)" "ops_db" "$OUT$ERR"
	hasnt "libpq's echo of the URI: no password on stdout/stderr" "S3cret" "$OUT$ERR"
	if grep -rq S3cret "$REPORTS"; then fail "the password is in a report: $(grep -rl S3cret "$REPORTS" | head -3)"
	else pass "libpq's echo of the URI: no password in any report"; fi
done

( umask 077; "$IG" gate processing --json --reports-dir "$REPORTS" >"$WORK/out.json" 2>/dev/null )
REP=$(jq -r .report.json "$WORK/out.json")
eq "umask 077: the report is 0600" 600 "$(stat -c %a "$REP")"
eq "umask 077: its Markdown is 0600" 600 "$(stat -c %a "${REP%.json}.md")"
( umask 077; "$IG" gate evidence --reports-dir "$REPORTS" >/dev/null 2>&1 )
eq "umask 077: the batch status is 0600" 600 "$(stat -c %a "$STATUS")"
( umask 022; "$IG" gate processing --json --reports-dir "$REPORTS" >"$WORK/out.json" 2>/dev/null )
eq "umask 022: the report is 0644" 644 "$(stat -c %a "$(jq -r .report.json "$WORK/out.json")")"

# Not dumpable, no core: seen from outside while the gate waits on a
# core-api that accepts and never answers. As another user than root,
# /proc/PID/status of a non-dumpable process belongs to root.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	python3 -c 'import socket,time,sys
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(60)' > "$WORK/hole.port" &
	HOLE=$!
	for _ in $(seq 50); do [ -s "$WORK/hole.port" ] && break; sleep 0.1; done
	mkdir -p "$WORK/nobody" && chmod 777 "$WORK/nobody"
	CORE_API_BASE_URL=http://127.0.0.1:$(cat "$WORK/hole.port") INGEST_HTTP_TIMEOUT_MS=20000 \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$IG" gate processing --reports-dir "$WORK/nobody" >/dev/null 2>&1 &
	GPID=$!
	sleep 1.5
	eq "not dumpable: /proc/PID/status belongs to root" 0 "$(stat -c %u /proc/$GPID/status 2>/dev/null)"
	eq "no core file: RLIMIT_CORE 0, soft and hard" "0 0" \
		"$(awk '/^Max core file size/ { print $5, $6 }' /proc/$GPID/limits 2>/dev/null)"
	kill "$GPID" "$HOLE" 2>/dev/null
	wait "$GPID" "$HOLE" 2>/dev/null
else
	echo "SKIP (not dumpable): needs root and setpriv to watch a process of another user"
fi

# A signing key others can read is refused, as ssh does.
chmod 644 "$KEY"
INGESTGATE_SIGNING_KEY=$KEY ig signoff --by Ana --as QA
eq "a key readable by others: the sign-off cannot (2)" 2 "$RC"
has "a key readable by others: said, with the fix" "chmod 600" "$ERR"
[ -e "$CHAIN" ] && eq "a key readable by others: nothing appended" 0 "$(wc -l < "$CHAIN")"
chmod 600 "$KEY"

# --- item 6: verify reads strict RFC 8259; unsigned is not signed ---------
ig verify "$BD/latest.json"
eq "unsigned evidence: not signed (2)" 2 "$RC"
has "unsigned evidence: says why" "not signed" "$OUT"
ig verify "$BD/latest.json" --digest-only
eq "unsigned evidence --digest-only: the digest holds (0)" 0 "$RC"

seed degraded
INGESTGATE_SIGNING_KEY=$KEY igj evidence
eq "degraded evidence is NO-GO" NO-GO "$(jqv .decision)"
EV=$(jqv .report.json)
ig verify "$EV" --pubkey "$PUB"
eq "signed NO-GO: valid (0)" 0 "$RC"
forge() {	# forge NAME REPLACEMENT: the decision member replaced in a copy
	python3 - "$EV" "$WORK/$1.json" "$2" <<'PY'
import re, sys
src, dst, rep = sys.argv[1], sys.argv[2], sys.argv[3]
t = open(src, encoding="utf-8").read()
t2 = re.sub(r'"decision":\s*"NO-GO"', lambda m: rep, t, count=1)
assert t2 != t
open(dst, "w", encoding="utf-8").write(t2)
PY
}
forge nul '"decision": "GO", "decision\u0000": "NO-GO"'
eq "jq reads the forged copy as GO" GO "$(jq -r .decision "$WORK/nul.json")"
ig verify "$WORK/nul.json" --pubkey "$PUB"
eq "NUL in a key: exit 1" 1 "$RC"
has "NUL in a key: said" "NUL" "$OUT"
forge dup '"decision": "GO", "decision": "NO-GO"'
ig verify "$WORK/dup.json" --pubkey "$PUB"
eq "duplicate key: exit 1" 1 "$RC"
has "duplicate key: said" "duplicate key" "$OUT"
forge comment '/* GO */ "decision": "NO-GO"'
ig verify "$WORK/comment.json" --pubkey "$PUB"
eq "a comment: exit 1" 1 "$RC"
has "a comment: said" "comment" "$OUT"

finish
