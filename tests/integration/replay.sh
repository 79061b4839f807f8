#!/usr/bin/env bash
# `ingestgate replay` against the real stack: the dry-run count, the
# confirmation on a terminal (yes or the exact count, anything else
# refused), --yes, nothing offered for 0 entries, the limit and fields
# validated, the operator recorded, and the audit log: an intent line
# before every request and an outcome line after it, failures included.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq python3

stack_up
seed degraded
audit=$REPORTS/audit/replay.log
failed() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status='FAILED'"; }
dlq_state() { sql -c "SELECT md5(string_agg(id || ':' || status || ':' || replay_count, ',' ORDER BY id)) FROM ingest_dead_letter"; }
lines() { [ -f "$audit" ] && wc -l < "$audit" || echo 0; }
# The audit lines from number $1 on, one "phase dryRun outcome" per line.
phases_from() { tail -n +"$1" "$audit" | jq -r '"\(.phase) \(.dryRun) \(.outcome)"' | paste -sd '|' -; }

# on_pty ANSWER ARGS...: runs the binary on a pseudo-terminal and types
# ANSWER when it asks; output (both streams) in $OUT, exit in $RC.
cat > "$WORK/on_pty.py" <<'EOF'
import os, pty, select, signal, sys, time
answer = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
out, sent, end = b'', False, time.time() + 20
while time.time() < end:
    if select.select([fd], [], [], 0.1)[0]:
        try:
            d = os.read(fd, 4096)
        except OSError:
            break
        if not d:
            break
        out += d
    if not sent and out.endswith(b'to confirm: '):
        if os.environ.get('BEFORE_ANSWER'):	# e.g. entries arriving meanwhile
            os.system(os.environ['BEFORE_ANSWER'])
        os.write(fd, answer + b'\n')
        sent = True
done, st = os.waitpid(pid, os.WNOHANG)
if done == 0:	# still waiting: it never asked the expected question
    os.kill(pid, signal.SIGKILL)
    _, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace').replace('\r', ''))
sys.exit(os.waitstatus_to_exitcode(st))
EOF
on_pty() { local a=$1; shift; OUT=$(python3 "$WORK/on_pty.py" "$a" "$IG" "$@" --reports-dir "$REPORTS"); RC=$?; }

# Validation: usage errors that name the flag and the accepted values, and
# nothing asked of core-api (no audit line).
for bad in 0 -3 100001 abc 1e3 " 5"; do
	ig replay --status FAILED --role MANAGER --limit "$bad" --dry-run
	eq "--limit '$bad' refused" 64 "$RC"
	has "--limit '$bad' says what is accepted" "--limit: '$bad' is not a whole number of entries from 1 to 100000" "$ERR"
done
ig replay --status CLOSED --role MANAGER --dry-run
eq "--status CLOSED refused" 64 "$RC"
has "--status names OPEN or FAILED" "'CLOSED' is not OPEN or FAILED" "$ERR"
ig replay --status FAILED --role VIEWER --dry-run
eq "VIEWER may not replay" 64 "$RC"
has "--role names MANAGER or ADMIN" "MANAGER or ADMIN" "$ERR"
eq "no audit line for a refused command line" 0 "$(lines)"

# Dry run: intent, then outcome, nothing moved.
before=$(dlq_state)
ig replay --status FAILED --source partner-api --role manager --dry-run
eq "dry run exit" 0 "$RC"
has "dry run names its count and filters" "dry run: 24 selected (nothing moved): FAILED DLQ entries (source \"partner-api\", channel any, limit 100) on ${SIM#http://} as MANAGER" "$OUT"
eq "dry run moves nothing" "$before" "$(dlq_state)"
eq "dry run: intent then outcome" "intent true null|outcome true ok" "$(phases_from 1)"
eq "one id for both lines" 1 "$(jq -r .id "$audit" | sort -u | wc -l)"
eq "outcome counts" "24 0" "$(tail -n 1 "$audit" | jq -r '"\(.selected) \(.replaying)"')"

# 0 entries: "nothing to replay", no question, no real request.
n=$(lines)
before=$(dlq_state)
on_pty yes replay --status FAILED --source nobody --role ADMIN
eq "0 entries: exit 0" 0 "$RC"
has "0 entries: nothing to replay" "nothing to replay: 0 selected of FAILED DLQ entries (source \"nobody\"" "$OUT"
hasnt "0 entries: no question" "to confirm" "$OUT"
eq "0 entries: DLQ unchanged" "$before" "$(dlq_state)"
eq "0 entries: only the count was asked" "intent true null|outcome true ok|decision false nothing to replay" "$(phases_from $((n + 1)))"
ig replay --status OPEN --source nobody --role ADMIN --yes
eq "0 entries with --yes: exit 0" 0 "$RC"
has "0 entries with --yes: nothing to replay" "nothing to replay" "$OUT"
eq "0 entries with --yes: DLQ unchanged" "$before" "$(dlq_state)"
eq "no real replay was ever asked for" 0 "$(jq -c 'select(.dryRun == false and .phase == "intent")' "$audit" | wc -l)"

# No terminal and no --yes: refused after the count, nothing moved.
n=$(lines)
ig replay --status FAILED --role ADMIN --limit 5 </dev/null
eq "real replay without --yes and no terminal refused" 64 "$RC"
eq "refusal moves nothing" 30 "$(failed)"
eq "refusal recorded" "intent true null|outcome true ok|decision false no terminal to confirm" "$(phases_from $((n + 1)))"

# On a terminal: anything but yes or the exact count is a no.
for answer in y YES 4 05 no ""; do
	n=$(lines)
	on_pty "$answer" replay --status FAILED --role ADMIN --limit 5
	eq "answer '$answer' refused" 1 "$RC"
	has "answer '$answer': says how to confirm" "not confirmed (type yes or 5); nothing moved" "$OUT"
	eq "answer '$answer' moves nothing" 30 "$(failed)"
	eq "answer '$answer' recorded as declined" "decision false declined" "$(phases_from $((n + 3)))"
done

# The exact count confirms; the question names everything counted.
n=$(lines)
on_pty 5 replay --status FAILED --role ADMIN --limit 5 --operator alice
eq "count as the answer: exit 0" 0 "$RC"
has "the question names what was counted" "Replay 5 FAILED DLQ entries (source any, channel any, limit 5) on ${SIM#http://} as ADMIN? They move to REPLAYING (operator alice). Type yes or 5 to confirm: " "$OUT"
has "entries moved" "5 moved to REPLAYING (5 confirmed)" "$OUT"
eq "5 rows moved" 25 "$(failed)"
eq "count, then replay, each between intent and outcome" "intent true null|outcome true ok|intent false null|outcome false ok" "$(phases_from $((n + 1)))"
eq "real intent carries the confirmed count" "5 alice" "$(sed -n "$((n + 3))p" "$audit" | jq -r '"\(.confirmed) \(.operator)"')"
eq "real outcome carries the counts" "5 5" "$(sed -n "$((n + 4))p" "$audit" | jq -r '"\(.selected) \(.replaying)"')"

on_pty yes replay --status FAILED --role ADMIN --limit 2 --channel api
eq "yes confirms" 0 "$RC"
has "yes: entries moved" "2 moved to REPLAYING (2 confirmed)" "$OUT"
eq "2 more rows moved" 23 "$(failed)"

ig replay --status FAILED --role ADMIN --limit 3 --yes
eq "--yes replays" 0 "$RC"
has "--yes: entries moved" "3 moved to REPLAYING (3 confirmed)" "$OUT"
eq "3 more rows moved" 20 "$(failed)"

# Never move more than was confirmed: 3 entries counted and confirmed, 4
# more arrive while the operator reads the question; 3 move, 4 stay.
capsrc() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE source='cap-src' AND status='$1'"; }
addcap() { printf "INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code) SELECT 'cap-' || i, 'cap-src', 'api', 'FAILED', 'X' FROM generate_series(%s, %s) i;\n" "$1" "$2"; }
addcap 1 3 | sql >/dev/null
printf '#!/bin/sh\n"%s" sql --dir "%s" -tA >/dev/null <<SQL\n%s\nSQL\n' "$STACK" "$STACK_DIR" "$(addcap 4 7)" > "$WORK/arrive.sh"
BEFORE_ANSWER="sh $WORK/arrive.sh" on_pty yes replay --status FAILED --source cap-src --role ADMIN
eq "cap: confirmed replay exits 0" 0 "$RC"
has "cap: the question counted 3" "Replay 3 FAILED DLQ entries (source \"cap-src\"" "$OUT"
eq "cap: 4 arrived before the answer" 7 "$(sql -c "SELECT count(*) FROM ingest_dead_letter WHERE source='cap-src'")"
has "cap: 3 moved, as confirmed" "3 moved to REPLAYING (3 confirmed)" "$OUT"
eq "cap: the 4 that arrived stay FAILED" 4 "$(capsrc FAILED)"
eq "cap: the real intent records 3 confirmed" 3 "$(jq -r 'select(.phase == "intent") | .confirmed' "$audit" | tail -n 1)"
sql >/dev/null -c "DELETE FROM ingest_dead_letter WHERE source='cap-src'"	# the counts below are the seed's

# Operator: --operator, then $USER, then $LOGNAME; refused (nothing
# written) when all are empty (operator.sh has the config's key).
op() { env "$@" "$IG" replay --status OPEN --role MANAGER --dry-run --reports-dir "$REPORTS" >/dev/null 2>&1; tail -n 1 "$audit" | jq -r .operator; }
eq "operator from \$USER" carol "$(op USER=carol LOGNAME=lee)"
eq "operator from \$LOGNAME when \$USER is empty" lee "$(op USER= LOGNAME=lee)"
eq "operator from \$LOGNAME when \$USER is unset" lee "$(op -u USER LOGNAME=lee)"
n=$(lines)
USER= LOGNAME= "$IG" replay --status OPEN --role MANAGER --dry-run --reports-dir "$REPORTS" >/dev/null 2>&1
eq "no operator at all: refused (64)" 64 "$?"
eq "no operator at all: no audit line" "$n" "$(lines)"
OUT=$(USER=carol "$IG" replay --status OPEN --role MANAGER --dry-run --operator dina --reports-dir "$REPORTS" 2>&1)
eq "--operator wins" dina "$(tail -n 1 "$audit" | jq -r .operator)"

# Failing requests still get their outcome line: 403 from core-api on the
# count, a real replay refused after a good count, core-api not there.
n=$(lines)
fault '{"status":403}'
ig replay --status FAILED --role MANAGER --dry-run
clear_faults
eq "403 ends in ERROR" 2 "$RC"
has "403 named" ADMIN_ROLE_FORBIDDEN "$ERR"
eq "403: intent then outcome with the code" "intent true null|outcome true ADMIN_ROLE_FORBIDDEN" "$(phases_from $((n + 1)))"
n=$(lines)
fault '{"flags":{"INGEST_REPLAY_ENABLED":false}}'
ig replay --status FAILED --role MANAGER --limit 2 --yes
clear_faults
eq "refused real replay ends in ERROR" 2 "$RC"
eq "refused real replay moves nothing" 20 "$(failed)"
eq "refused real replay: both requests audited" "intent true null|outcome true ok|intent false null|outcome false CORE_API_BAD_RESPONSE" "$(phases_from $((n + 1)))"
has "refused real replay: the error is kept" "INGEST_REPLAY_ENABLED" "$(tail -n 1 "$audit" | jq -r .error)"
n=$(lines)
CORE_API_BASE_URL=http://127.0.0.1:9 ig replay --status FAILED --role MANAGER --dry-run
eq "core-api down ends in ERROR" 2 "$RC"
has "core-api down named with its host" "127.0.0.1:9" "$ERR"
eq "core-api down: intent then outcome" "intent true null|outcome true CORE_API_UNREACHABLE" "$(phases_from $((n + 1)))"

n=$(lines)
CORE_API_ADMIN_TOKEN=adm_wrong ig replay --status OPEN --role MANAGER --dry-run
eq "refused token ends in ERROR" 2 "$RC"
has "refused token named" INVALID_ADMIN_TOKEN "$ERR"
eq "refused token: intent then outcome" "intent true null|outcome true INVALID_ADMIN_TOKEN" "$(phases_from $((n + 1)))"

# The log: every line JSON, no secret.
eq "every audit line is JSON" "$(lines)" "$(jq -c . "$audit" | wc -l)"
hasnt "no admin token in the audit log" "$CORE_API_ADMIN_TOKEN" "$(cat "$audit")"
hasnt "no service secret in the audit log" "$INGEST_SERVICE_SECRET" "$(cat "$audit")"
finish
