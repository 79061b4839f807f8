#!/usr/bin/env bash
# The gate runner as an on-call operator meets it at 3 a.m. (issue 12, items
# 8-11): help per command and gate, strict and kind flags, errors that name
# their backend once, a note on the terminal while a backend keeps us
# waiting, and a human summary that reads as tables, in colour on a
# terminal only. The real binary against the real stack; terminals through
# script(1).
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq script

stack_up
seed degraded
sim_port=${SIM##*:}

# run ARGS...: the binary without the --reports-dir that ig adds.
run() { OUT=$("$IG" "$@" 2>"$WORK/stderr"); RC=$?; ERR=$(cat "$WORK/stderr"); }
# tty FILE CMD: CMD on a pseudo-terminal; what the terminal showed in FILE.
tty() { local f=$1; shift; script -qec "$*" "$f" >/dev/null 2>&1 </dev/null; }
count() { printf '%s\n' "$2" | grep -cF -- "$1"; }

# --- 8. help per command and per gate ----------------------------------------
run help
eq "help: exit 0" 0 "$RC"
has "help: the commands" "commands:" "$OUT"
has "help: the gates" "dlq-growth       F-04" "$OUT"
run help processing
eq "help processing: exit 0" 0 "$RC"
has "help processing: its result line" "INGEST_PROCESSING_RESULT=VERDICT" "$OUT"
has "help processing: its option" "--window MIN" "$OUT"
has "help processing: examples" "ingestgate gate processing --window 120 --json" "$OUT"
hasnt "help processing: not another gate's option" "--quality-checks" "$OUT"
help_processing=$OUT
run gate processing --help
eq "gate processing --help is the gate's help" "$help_processing" "$OUT"
run help gate:ingest-processing
eq "help by runbook alias" "$help_processing" "$OUT"
run help gate
has "help gate: the gate command" "usage: ingestgate gate NAME" "$OUT"
has "help gate: lists the gates" "evidence" "$OUT"
run replay --help
eq "replay --help: exit 0" 0 "$RC"
has "replay --help: its usage" "usage: ingestgate replay --status OPEN|FAILED" "$OUT"
has "replay --help: examples" "ingestgate replay --status FAILED --role MANAGER --dry-run" "$OUT"
hasnt "replay --help: not the global usage" "commands:" "$OUT"
run playbook --help
has "playbook --help: examples" "ingestgate playbook DLQ_GROWTH_HIGH" "$OUT"
run help procesing
eq "help of a typo: usage error" 64 "$RC"
has "help of a typo: nearest name" "did you mean 'processing'" "$ERR"

# --- 9. strict and kind flags -------------------------------------------------
ig playbook --window 5
eq "a flag that does not apply: exit 64" 64 "$RC"
has "names the flag and the command" "--window does not apply to 'playbook'" "$ERR"
ig gate quality --window 5
eq "a flag that does not apply to the gate: exit 64" 64 "$RC"
has "names the gate" "--window does not apply to gate quality" "$ERR"
ig replay --status CLOSED --role MANAGER
eq "bad --status: exit 64" 64 "$RC"
has "bad --status: the accepted set" "'CLOSED' is not OPEN or FAILED" "$ERR"
ig playbook --lang xx
has "bad --lang: the accepted set" "'xx' is not en or id" "$ERR"
ig replay --status failed --role manager --dry-run
eq "role and status in any case" 0 "$RC"
has "role and status in any case: the dry run ran" "selected (nothing moved): FAILED DLQ entries" "$OUT"
ig playbook dlq_growth_high
eq "codes in any case" 0 "$RC"
has "codes in any case: the entry" "DLQ_GROWTH_HIGH — " "$OUT"
ig playbook DLQ_GROWHT_HIGH
eq "a mistyped code: exit 64" 64 "$RC"
has "a mistyped code: did you mean" "did you mean DLQ_GROWTH_HIGH" "$ERR"
ig gate procesing
has "a mistyped gate: did you mean" "did you mean 'processing'" "$ERR"
ig gat processing
has "a mistyped command: did you mean" "did you mean 'gate'" "$ERR"
ig gate processing --window 0
eq "--window 0: exit 64" 64 "$RC"
has "--window 0 names the flag" "--window: '0' is not a whole number of minutes" "$ERR"
hasnt "--window 0 does not name the env key" "GATE_WINDOW_MINUTES" "$ERR"
ig gate env-baseline --env-file "$WORK/none.env"
eq "missing --env-file: exit 64" 64 "$RC"
has "missing --env-file: named with its flag" "--env-file $WORK/none.env" "$ERR"
hasnt "missing --env-file: no Try --help" "Try" "$ERR"
ig gate processing --config "$WORK/none.conf"
has "missing --config: named with its flag" "--config $WORK/none.conf" "$ERR"
hasnt "missing --config: no Try --help" "Try" "$ERR"
ig playbook --playbook "$WORK/none.json"
has "missing --playbook: named" "$WORK/none.json" "$ERR"
hasnt "missing --playbook: no Try --help" "Try" "$ERR"

# --- 10. errors name the backend, once ----------------------------------------
export INGEST_HTTP_TIMEOUT_MS=1000
fault '{"latencyMs":3000}'
ig gate evidence
has "a hung core-api is named with the request" "core-api 127.0.0.1:$sim_port (GET /v1/ingest/runtime): no answer within 1000 ms" "$OUT"
eq "five stages on one hung backend: said once" 1 "$(count "no answer within 1000 ms" "$OUT")"
has "the other stages point at the first" "same cause as F-00 core-api-runtime above" "$OUT"
igj processing
has "the JSON detail names core-api and the request" "core-api 127.0.0.1:$sim_port (GET /v1/ingest/metrics/processing): no answer within 1000 ms" "$(jqv '.checks[0].detail')"
clear_faults
unset INGEST_HTTP_TIMEOUT_MS
CORE_API_BASE_URL=http://127.0.0.1:1 igj dlq-growth
has "a closed core-api port is named" "core-api 127.0.0.1:1 (GET /v1/ingest/metrics/queue): cannot connect" "$(jqv '.checks[0].detail')"
REDIS_URL=redis://:pw_S3CRET_9@127.0.0.1:1/0 igj env-baseline
has "a dead Redis is named" "REDIS_URL: redis 127.0.0.1:1: cannot connect" "$(jqv '.checks[] | select(.name == "redis-ping REDIS_URL") | .detail')"
hasnt "the Redis password is not" "pw_S3CRET_9" "$OUT$ERR"
OPS_DB_URL=postgresql://ingest:pw_S3CRET_9@127.0.0.1:1/ops_db igj quality
has "a dead ops_db is named" "ops_db 127.0.0.1:1: cannot connect" "$(jqv '.checks[0].detail')"
hasnt "the ops_db password is not" "pw_S3CRET_9" "$OUT$ERR"

# A gate that waits more than a second says on what, on a terminal only.
fault '{"latencyMs":2500}'
tty "$WORK/wait.tty" "'$IG' gate processing --json --reports-dir '$REPORTS' > '$WORK/wait.json'"
shown=$(cat "$WORK/wait.tty")
has "waiting: names backend and request" "waiting for core-api 127.0.0.1:$sim_port (GET /v1/ingest/metrics/processing)" "$shown"
has "waiting: cleared when done" $'s\r\033[K' "$shown"
jq -e .verdict "$WORK/wait.json" >/dev/null && pass "waiting: --json stdout stays one JSON document" || fail "waiting: --json stdout: $(head -c 300 "$WORK/wait.json")"
hasnt "waiting: never in stdout" "waiting" "$(cat "$WORK/wait.json")"
ig gate processing --json
hasnt "waiting: never when stderr is not a terminal" "waiting" "$ERR"
clear_faults
tty "$WORK/fast.tty" "'$IG' gate processing --reports-dir '$REPORTS'"
hasnt "waiting: not for a backend that answers at once" "waiting for" "$(cat "$WORK/fast.tty")"

# --- 11. the human summary ---------------------------------------------------
ig gate processing
eq "processing: the last line as ever" "INGEST_PROCESSING_RESULT=FAIL" "$(printf '%s\n' "$OUT" | tail -n 1)"
has "the flip in words" "to flip: 2200 consecutive successes reach WARN; 6400 consecutive successes reach PASS" "$OUT"
eq "a table prints each key once" 1 "$(count errorMessage "$OUT")"
has "messages quoted in the table" '"partner-api timed out after 30s"' "$OUT"
has "failing sources as a table" "source       channel  failed  total  top" "$OUT"
hasnt "no key=value rows" "kind=" "$OUT"
ig gate quality
has "quality: sample rows" "duplicate_identity: 3 findings, sample rows:" "$OUT"
has "quality: a sample row" "BK-0000010" "$OUT"
CORE_API_BASE_URL=http://127.0.0.1:1 ig gate processing
has "an ERROR check is tagged ERROR" "[ERROR] metrics" "$OUT"
hasnt "an ERROR check is not tagged FAIL" "[FAIL]" "$OUT"
hasnt "no colour when stdout is not a terminal" $'\033' "$OUT"
tty "$WORK/color.tty" "'$IG' gate processing --reports-dir '$REPORTS'"
shown=$(cat "$WORK/color.tty")
has "colour on a terminal" $'\033[1;31m[FAIL]\033[0m' "$shown"
eq "the last line has no colour" "INGEST_PROCESSING_RESULT=FAIL" "$(grep -a '_RESULT=' "$WORK/color.tty" | tr -d '\r')"
tty "$WORK/nocolor.tty" "'$IG' gate processing --no-color --reports-dir '$REPORTS'"
hasnt "--no-color turns it off" $'\033[1;31m' "$(cat "$WORK/nocolor.tty")"
tty "$WORK/nocolor2.tty" "NO_COLOR=1 '$IG' gate processing --reports-dir '$REPORTS'"
hasnt "NO_COLOR turns it off" $'\033[1;31m' "$(cat "$WORK/nocolor2.tty")"
finish
