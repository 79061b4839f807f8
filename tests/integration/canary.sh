#!/usr/bin/env bash
# `ingestgate replay --canary` (SPEC section 12) against the real stack and
# the simulator's replay worker: a poisoned replay (replayFailRate 0.6) stops
# after step 1 having touched only that step's ids; a healthy one replays
# everything; a core-api that hangs during a step ends in ERROR with the rest
# untouched; SIGINT between steps stops cleanly and says what was done. The
# database, not the tool's own output, is the witness.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq python3

stack_up
audit=$REPORTS/audit/replay.log
export INGEST_HTTP_TIMEOUT_MS=1500
# "status replay_count count" rows of the DLQ's FAILED seed (30 rows).
touched() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE replay_count > 0"; }
by() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status = '$1' AND replay_count $2"; }
lines() { [ -f "$audit" ] && wc -l < "$audit" || echo 0; }
# Waits (up to 20 s) for an audit line after line $1 matching jq filter $2.
wait_line() {
	local from=$1 filter=$2 i
	for i in $(seq 200); do
		# -n and inputs: an empty tail is "not yet", not a match.
		[ -f "$audit" ] && tail -n +"$((from + 1))" "$audit" | jq -en "[inputs|select($filter)]|length > 0" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
fresh() { clear_faults; seed degraded; fault "$1"; }

# Contract: the answer names the ids it moved; a dry run moves none.
fresh '{"replayLatencyMs":null}'
ans=$(curl -s -X POST -H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H 'x-admin-role: MANAGER' \
	-H 'Content-Type: application/json' -d '{"status":"FAILED","limit":3}' "$SIM/v1/ingest/dlq/replay")
eq "replay answer: ids are the rows moved" \
	"$(sql -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM ingest_dead_letter WHERE status='REPLAYING' AND replay_count = 1")" \
	"$(printf '%s' "$ans" | jq -r '.ids|map(tostring)|join(",")')"
ans=$(curl -s -X POST -H "x-admin-token: $CORE_API_ADMIN_TOKEN" -H 'x-admin-role: MANAGER' \
	-H 'Content-Type: application/json' -d '{"status":"FAILED","limit":3,"dryRun":true}' "$SIM/v1/ingest/dlq/replay")
eq "dry run: no ids" "[]" "$(printf '%s' "$ans" | jq -c .ids)"
sleep 0.5
eq "no worker without replayLatencyMs: entries stay REPLAYING" 3 "$(by REPLAYING '= 1')"

# 1. A poisoned replay: 60% fail again. Step 1 (1 of 30) fails, the canary
# stops, and the 29 others were never asked for.
fresh '{"replayLatencyMs":200,"replayFailRate":0.6}'
failed_events=$(sql -c "SELECT count(*) FROM ingest_event_log WHERE status='FAILED'")
from=$(lines)
ig replay --canary --status FAILED --role MANAGER --yes --settle 5 --json --operator carol
eq "poisoned: exit 1" 1 "$RC"
eq "poisoned: REPLAY_CANARY_ABORTED" "REPLAY_CANARY_ABORTED FAIL 1" "$(jqv '"\(.code) \(.verdict) \(.steps|length)"')"
eq "poisoned: step 1 settled with success 0" "1 1 0 0" "$(jqv '.steps[0]|"\(.size) \(.settled) \(.resolved) \(.success)"')"
eq "poisoned: 1 moved, 29 not touched" "1 29" "$(jqv '"\(.moved) \(.notTouched)"')"
eq "DB: only step 1's entry was touched" 1 "$(touched)"
eq "DB: it failed again (FAILED, replay_count 1)" 1 "$(by FAILED '= 1')"
eq "DB: the 29 others stay FAILED with replay_count 0" 29 "$(by FAILED '= 0')"
eq "DB: nothing left REPLAYING" 0 "$(by REPLAYING '> 0')"
eq "DB: the re-failure is a FAILED event F-03 can see" $((failed_events + 1)) \
	"$(sql -c "SELECT count(*) FROM ingest_event_log WHERE status='FAILED'")"
steplines=$(tail -n +"$((from + 1))" "$audit" | jq -c 'select(.canary != null)|[.phase,.canary.step,.canary.ids,.canary.success,.outcome,.operator]')
eq "audit: intent, outcome (ids, success) and the end line" \
	'["intent",1,null,null,null,"carol"]|["outcome",1,1,0,"REPLAY_CANARY_ABORTED","carol"]|["decision",1,1,0,"REPLAY_CANARY_ABORTED","carol"]' \
	"$(printf '%s\n' "$steplines" | paste -sd '|' -)"

# The timeline shows that canary replay as one entry with its steps.
ig timeline --json-lines
eq "timeline: one entry for the poisoned canary" 1 "$(printf '%s\n' "$OUT" | jq -c 'select(.text? // "" | test("canary replay"))' 2>/dev/null | wc -l)"
has "timeline: the entry, its result first, lists its step" '"text":"REPLAY_CANARY_ABORTED, moved 1 of 30 counted · canary replay status FAILED by carol (MANAGER); steps: step 1: 1 moved, success 0.0000, REPLAY_CANARY_ABORTED"' "$OUT"
eq "timeline: no separate line for the canary's dry run" 0 "$(printf '%s\n' "$OUT" | jq -c 'select(.text | test("^count.*by carol"))' | wc -l)"

# 2. A healthy replay: every step holds, all 30 are RESOLVED. Plain lines
# off a terminal.
fresh '{"replayLatencyMs":200,"replayFailRate":0}'
ig replay --canary --status FAILED --role MANAGER --yes --settle 5
eq "healthy: exit 0" 0 "$RC"
has "healthy: a plain line per step" "step 3/3 [####################] moved 30/30: 27 resolved, 27 settled, 0 replaying, success 1.00" "$OUT"
has "healthy: the plan" "canary plan: 30 entries in 3 steps of 1, 2, 27" "$OUT"
has "healthy: summary" "canary replay completed: 3 of 3 steps, 30 replayed of 30 counted" "$OUT"
hasnt "healthy: no redraw off a terminal" $'\r' "$OUT"
eq "DB: all 30 RESOLVED with replay_count 1" 30 "$(by RESOLVED '= 1')"
eq "DB: none left FAILED" 0 "$(sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status='FAILED'")"

# --dry-run: the plan, nothing moved, no step line.
fresh '{"replayLatencyMs":200}'
ig replay --canary --status FAILED --role MANAGER --dry-run --steps 10,100
eq "dry run: exit 0" 0 "$RC"
has "dry run: the plan with --steps" "canary plan: 30 entries in 2 steps of 3, 27" "$OUT"
eq "dry run: nothing touched" 0 "$(touched)"
ig replay --canary --status FAILED --role MANAGER --dry-run --steps 10,5
eq "--steps falling: usage error" 64 "$RC"
ig replay --status FAILED --role MANAGER --dry-run --settle 3
eq "--settle without --canary: usage error" 64 "$RC"
ig replay --canary --status FAILED --role MANAGER
eq "no terminal and no --yes: refused" 64 "$RC"
eq "refused: nothing touched" 0 "$(touched)"

# The playbook's canary commands (both languages) run as written: the plan,
# nothing moved.
for code in DLQ_GROWTH_HIGH REPLAY_CANARY_ABORTED; do
	for lang in en id; do
		ig playbook "$code" --lang "$lang"
		cmd=$(printf '%s\n' "$OUT" | grep -o 'ingestgate replay --canary [^,()]*--dry-run' | head -n 1)
		has "playbook $code ($lang) suggests the canary" "ingestgate replay --canary" "$cmd"
		read -r -a words <<< "${cmd#ingestgate }"
		ig "${words[@]}"
		eq "playbook $code ($lang): '$cmd' runs" 0 "$RC"
		has "playbook $code ($lang): it shows the plan" "canary plan: 30 entries" "$OUT"
	done
done
eq "playbook commands: nothing touched" 0 "$(touched)"

# 3. core-api hangs during step 1 (after its replay, before F-03 is
# re-read): ERROR, and steps 2 and 3 never asked for.
fresh '{"replayLatencyMs":1500,"replayFailRate":0}'
from=$(lines)
( wait_line "$from" '.phase == "intent" and .canary.step == 1' && sleep 0.4 && fault '{"latencyMs":6000}' ) &
watcher=$!
ig replay --canary --status FAILED --role MANAGER --yes --settle 5 --json
wait "$watcher"
eq "hung core-api: exit 2" 2 "$RC"
eq "hung core-api: ERROR after step 1" "ERROR 1 1 29" "$(jqv '"\(.verdict) \(.steps|length) \(.moved) \(.notTouched)"')"
has "hung core-api: says what could not be read" "could not be read" "$(jqv .message)"
clear_faults
sleep 6.5	# the simulator's hung requests finish; none of them moved anything
eq "DB: only step 1's entry was touched" 1 "$(touched)"
eq "DB: no step 2 intent line" 0 "$(tail -n +"$((from + 1))" "$audit" | jq -c 'select(.canary.step == 2)' | wc -l)"

# 4. SIGINT between steps: step 1 finishes settling, then the run stops.
fresh '{"replayLatencyMs":800,"replayFailRate":0}'
from=$(lines)
"$IG" replay --canary --status FAILED --role MANAGER --yes --settle 5 --reports-dir "$REPORTS" >"$WORK/out" 2>"$WORK/err" &
pid=$!
wait_line "$from" '.phase == "intent" and .canary.step == 1' || fail "SIGINT: step 1 never began"
kill -INT "$pid"
wait "$pid"
RC=$?
eq "SIGINT: exit 130" 130 "$RC"
has "SIGINT: says what was done" "stopped after step 1 of 3: 1 replayed, 29 not touched" "$(cat "$WORK/out" "$WORK/err")"
eq "DB: step 1's entry settled RESOLVED" 1 "$(by RESOLVED '= 1')"
eq "DB: the 29 others untouched" 29 "$(by FAILED '= 0')"
eq "audit: the end line says stopped" stopped "$(tail -n 1 "$audit" | jq -r .outcome)"

finish
