#!/usr/bin/env bash
# The console's replay dialog, driven in tmux at 80x24 against the real
# stack: an invalid limit refused in the dialog, the fields locked once the
# count starts, the same question as the command line naming what was
# counted, yes or the exact count to confirm (anything else and Esc are a
# no), nothing offered for 0 entries, and an audit intent and outcome line
# around every request, failures included.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux python3

stack_up
seed degraded
audit=$REPORTS/audit/replay.log
export INGEST_HTTP_TIMEOUT_MS=8000
WAIT_IN=dialog_text	# shows and wait_text read the dialog
lines() { [ -f "$audit" ] && wc -l < "$audit" || echo 0; }
phases_from() { tail -n +"$1" "$audit" | jq -r '"\(.phase) \(.dryRun) \(.outcome)"' | paste -sd '|' -; }
failed() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status='$1'"; }
wait_lines() {	# wait_lines N: until the audit log has N lines (10 s)
	for _ in $(seq 100); do [ "$(lines)" -ge "$1" ] && return 0; sleep 0.1; done
	return 1
}
host=${SIM#http://}

tmux_new 80 24 \
	"cd '$WORK' && USER=bob LOGNAME= '$IG' console --interval 1 --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 60"
wait_text "success" 10 >/dev/null	# the dialog's defaults come from the panes
T send-keys x
shows "x opens the replay dialog" "DLQ replay"
shows "the dialog names the operator" "operator bob"

# The limit is validated in the dialog, with the value named; nothing is
# asked of core-api.
T send-keys Down Down Down Down BSpace BSpace BSpace 0 Enter
shows "limit 0 refused" "limit must be a whole number from 1 to 100000 (got '0')"
T send-keys BSpace 9 9 9 9 9 9 Enter
shows "limit 999999 refused" "limit must be a whole number from 1 to 100000 (got '999999')"
T send-keys BSpace BSpace BSpace BSpace BSpace BSpace Enter
shows "empty limit refused" "limit must be a whole number from 1 to 100000 (got nothing)"
eq "an invalid limit asks nothing of core-api" 0 "$(lines)"
T send-keys 1 0 0

# Fields lock once the count starts: with core-api slow, keys that would
# change status, role or source change nothing, and what is asked is what
# was counted.
fault '{"latencyMs":1500}'
# Status FAILED (the queue's dominant one) by default; the source the pane
# names first is cleared for "any".
T send-keys Up Up BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace Up Enter
T send-keys Left Up Right Down Down x y z
shows "the dialog says its fields are locked" "DLQ replay (fields locked)"
shows "status kept while locked" "status FAILED"
shows "role kept while locked" "role MANAGER"
shows "source kept while locked" "source (any)"
shows "the question names exactly what was counted" "Replay 30 FAILED DLQ entries (source any, channel any, limit 100) on $host as MANAGER? They move to REPLAYING (operator bob). Type yes or 30 to confirm" 30
clear_faults
eq "the count: intent then outcome" "intent true null|outcome true ok" "$(phases_from 1)"
eq "the count's operator" "bob bob" "$(jq -r .operator "$audit" | paste -sd ' ' -)"

# Anything but yes or the count is a no.
T send-keys y Enter
shows "y is not a yes" "not confirmed (type yes or 30): nothing moved"
wait_lines 3
eq "a no moves nothing" 30 "$(failed FAILED)"
eq "a no is recorded" "decision false declined" "$(phases_from 3)"
if wait_text "DLQ replay (fields locked)" 1; then fail "fields still locked after the replay ended"; else pass "fields unlock when the replay ends"; fi

# The exact count confirms.
T send-keys Enter
shows "counted again" "Type yes or 30 to confirm" 20
T send-keys 3 0 Enter
shows "the count confirms" "30 moved to REPLAYING (30 confirmed)" 20
wait_lines 7
eq "entries moved" 0 "$(failed FAILED)"
eq "count, then replay, each between intent and outcome" "intent true null|outcome true ok|intent false null|outcome false ok" "$(phases_from 4)"
eq "the real intent carries the confirmed count" "30 bob" "$(sed -n 6p "$audit" | jq -r '"\(.confirmed) \(.operator)"')"

# 0 entries: nothing to replay, no question, no real request.
T send-keys Enter
shows "0 entries: nothing to replay" "nothing to replay: 0 selected of FAILED DLQ entries" 20
wait_lines 10
if wait_text "to confirm" 1; then fail "0 entries offered for replay"; else pass "0 entries: no question"; fi
eq "0 entries: only the count was asked" "intent true null|outcome true ok|decision false nothing to replay" "$(phases_from 8)"
eq "one real replay in all" 1 "$(jq -c 'select(.dryRun == false and .phase == "intent")' "$audit" | wc -l)"

# A failing count still gets its outcome line.
fault '{"status":403}'
T send-keys Enter
shows "403 shown" "ADMIN_ROLE_FORBIDDEN" 20
clear_faults
wait_lines 12
eq "403: intent then outcome with the code" "intent true null|outcome true ADMIN_ROLE_FORBIDDEN" "$(phases_from 11)"

# Esc on the question is a no.
open=$(failed OPEN)
T send-keys Left Enter
shows "OPEN counted" "OPEN DLQ entries (source any, channel any, limit 100)" 20
T send-keys Escape
wait_lines 15
eq "Esc is recorded as a no" "intent true null|outcome true ok|decision false declined" "$(phases_from 13)"
eq "Esc moves nothing" "$open" "$(failed OPEN)"

eq "every audit line is JSON" "$(lines)" "$(jq -c . "$audit" | wc -l)"
hasnt "no admin token in the audit log" "$CORE_API_ADMIN_TOKEN" "$(cat "$audit")"
T send-keys q
if screen | grep -qF "CONSOLE-EXITED 0" || { sleep 1; screen | grep -qF "CONSOLE-EXITED 0"; }; then pass "q quits"; else fail "q did not quit"; fi
finish
