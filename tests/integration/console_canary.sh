#!/usr/bin/env bash
# The console's replay dialog in canary mode (SPEC section 12), driven in
# tmux at 80x24 against the real stack and the simulator's replay worker: a
# poisoned replay stops after step 1 with each step shown live, Esc stops a
# healthy one after its running step, the database shows only the steps'
# entries touched, and --readonly offers no replay at all.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux python3

stack_up
seed degraded
audit=$REPORTS/audit/replay.log
export INGEST_HTTP_TIMEOUT_MS=8000
WAIT_IN=dialog_text	# shows and wait_text read the dialog
touched() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE replay_count > 0"; }

tmux_new 80 24 \
	"cd '$WORK' && USER=bob LOGNAME= '$IG' console --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"
wait_screen "refreshed" 20 || fail "the console did not start"
T send-keys x
shows "x opens the replay dialog" "DLQ replay"
shows "mode: all at once by default" "mode all at once"
T send-keys Down Down Down Down Down Right
shows "the mode field turns canary" "mode canary (1%, 10%, the rest)"

# A poisoned replay: step 1 shown live, then the abort.
fault '{"replayLatencyMs":300,"replayFailRate":0.6}'
T send-keys Up Up Up BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace Up Enter
shows "the question names the canary's steps" "Canary, in steps of 1, 2, 27. Replay 30 FAILED DLQ entries" 20
T send-keys y e s Enter
shows "step 1 shown with its success" "step 1/3: 1 moved, 0 of 1 resolved, success 0.00" 20
shows "the abort and what was left" "REPLAY_CANARY_ABORTED after step 1 of 3" 20
eq "DB: only step 1's entry touched" 1 "$(touched)"
eq "audit: the end line, by bob" "REPLAY_CANARY_ABORTED bob" "$(tail -n 1 "$audit" | jq -r '"\(.outcome) \(.operator)"')"

# A healthy replay, stopped with Esc while step 1 settles.
clear_faults
seed degraded
fault '{"replayLatencyMs":6000,"replayFailRate":0}'
T send-keys Enter
shows "counted again in canary mode" "Canary, in steps of 1, 2, 27." 20
T send-keys 3 0 Enter
shows "running" "canary: replaying, watching each step" 20
# Esc once step 1's entry is in flight (the database says so; it settles
# in 6 s, time enough on a loaded machine): the stop waits for that step,
# so exactly its entry is replayed.
end=$(( $(date +%s) + 20 ))
while [ "$(touched)" != 1 ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
eq "step 1's entry in flight" 1 "$(touched)"
T send-keys Escape
shows "Esc: stopping after the step" "stopping after this step settles" 10
shows "stopped, and what was done" "stopped after step 1 of 3: 1 replayed, 29 not touched" 20
eq "DB: only step 1's entry touched" 1 "$(touched)"
eq "DB: it was RESOLVED" 1 "$(sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status='RESOLVED' AND replay_count = 1")"
eq "audit: the end line says stopped" stopped "$(tail -n 1 "$audit" | jq -r .outcome)"
T send-keys Escape q
if screen | grep -qF "CONSOLE-EXITED 0" || { sleep 1; screen | grep -qF "CONSOLE-EXITED 0"; }; then pass "q quits"; else fail "q did not quit"; fi

# --readonly: no replay, so no canary either.
tmux_new 80 24 \
	"cd '$WORK' && '$IG' console --readonly --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"
wait_screen "READ-ONLY" 20 || fail "the read-only console did not start"
T send-keys x
if wait_screen "read-only console: replay is not available" 10; then pass "--readonly says why"; else fail "--readonly says why: $(screen)"; fi
if screen | grep -qF "mode canary"; then fail "--readonly offers the canary"; else pass "--readonly: no replay dialog, no canary"; fi
T send-keys q
finish
