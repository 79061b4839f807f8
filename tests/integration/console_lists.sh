#!/usr/bin/env bash
# The console's lists (issue 23, items 6 to 8 left open): '/' finds in every
# list dialog the same way (one implementation, named in the list hint); a
# '/' match on a row the pane cannot show says so and how to see it; the env
# pane's "… N more checks" row opens the whole list (Enter, a click); Enter
# on a DLQ source row opens the replay preset to that source. In tmux over
# the degraded demo.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed degraded
R=$WORK/lists/reports

# --- 1: '/' in every list dialog, named in the list hint --------------------
start_console "$R" "--interval 3600" 160 50
shows "console up" "success 97.90%" 10
T send-keys p
shows "p ran (a history and a timeline to search)" "F-03 processing FAIL" 15
T send-keys T
shows "the timeline opens" "Timeline (newest last)" 3
shows "the timeline's list hint names / and n" "/ find · n next · Esc close" 2
T send-keys /
shows "/ in the timeline opens the find field" "find: _" 2
T send-keys p r o c e s s i n g Enter
shows_re "Enter jumps to a matching entry and says where" "'processing': row [0-9]+ of [0-9]+, match 1 of" 3
T send-keys / z z q x Enter
shows "a term in no entry says so" "no match for 'zzqx'" 3
T send-keys Escape h
shows "the history opens" "History of gate runs" 3
shows "the history's hint names / and n" "/ find · n next" 2
T send-keys / F - 0 3 Enter
shows "/ finds in the history" "'F-03': row 1 of 1, match 1 of 1" 3
T send-keys n
shows "n finds the next match (round to the top)" "(from the top)" 3
T send-keys Escape l / p r o c e s s i n g Enter
shows_re "/ finds in the log (the shared find)" "'processing': row [0-9]+ of [0-9]+" 3
T send-keys Escape ?
shows "the help opens" "Keys" 3
T send-keys / r e p l a y Enter
shows_re "/ finds in the help" "'replay': row [0-9]+ of [0-9]+" 3
T send-keys Escape g
shows "the checklist opens" "Go / no-go (runbook 6)" 3
shows "the checklist's hint names /" "/ find · n next" 2
T send-keys / D e c i s i o n Enter
shows_re "/ finds in the checklist" "'Decision': row [0-9]+ of [0-9]+" 3
T send-keys Escape 3 t
shows "the playbook opens" "PROCESSING_SUCCESS_RATE_LOW —" 3
T send-keys / q z z Enter
shows "/ in the playbook: no match says so; q typed in the field does not quit" "no match for 'qzz'" 3
quit

# --- 3, 4: Enter on a pane's rows --------------------------------------------
# 80x24: the env pane shows a few of its checks and "… N more checks".
start_console "$R" "--interval 3600" 80 24
shows "console up at 80x24" "success 97.90%" 10
shows_re "the env pane says how many checks it cannot show" "… [0-9]+ more checks" 3
T send-keys 1
for i in $(seq 16); do T send-keys Down; done
T send-keys Enter
shows_re "Enter on '… N more checks' opens every check in a list dialog" "Env baseline \(F-00\): all [0-9]+ checks" 3
shows "the list holds the checks the pane could not show" "reload" 2
shows "the list dialog has the list keys and /" "/ find · n next · Esc close" 2
T send-keys / r e l o a d Enter
shows_re "/ finds in the checks list" "'reload': row [0-9]+ of [0-9]+" 3
T send-keys Escape Escape
# A click on the "… N more" line: the env pane's last body line, column 5,
# read once the dialog is gone.
wait_until 10 '! screen | grep -qE "Env baseline \(F-00\): all [0-9]+ checks" && screen | grep -q "more checks"' ||
	fail "the checks list did not close"
more_y=$(screen | grep -n "more checks" | head -n 1 | cut -d: -f1)
click() { T send-keys -l "$(printf '\033[M %s%s\033[M#%s%s' "$1" "$2" "$1" "$2")"; }
click '&' "$(printf "\\$(printf '%03o' $((32 + more_y)))")"
shows_re "a click on '… N more checks' opens the list too" "Env baseline \(F-00\): all [0-9]+ checks" 3
quit

# 4. Enter on a source row of the queue pane: the replay preset to it.
start_console "$R" "--interval 3600" 160 50
shows "console up for the source rows" "ota-feed/feed  open 8" 10
T send-keys 2 Down Down Enter
shows "Enter on a source row opens the replay dialog" "DLQ replay" 3
shows "preset to that source (not the top one)" "source    ota-feed" 2
shows "and the pane's dominant status" "status    FAILED" 1
quit

# --- 2: '/' on a row the pane cannot show says so ------------------------------
# 80x22: the queue pane's bars and the filter line leave its sources no line.
start_console "$R" "--interval 3600" 80 22
shows "console up at 80x22 for the hidden match" "success 97.90%" 10
T send-keys 2 / o t a Enter
shows_re "a match the pane cannot show says so and how to see it" "'ota' found in row 1 of 1, hidden: z zooms · Enter opens the list" 3
T send-keys Enter
shows "Enter opens the list with the hidden row" "ota-feed/feed  open 8" 3
T send-keys Escape z
shows "z zooms: the row shows" "ota-feed/feed  open 8" 3
T send-keys z Escape 1
# Without a filter: a row moved to below the pane's last line says so too.
for i in $(seq 12); do T send-keys Down; done
shows_re "a selected row the pane cannot show says so" "row 1[0-9] of 1[0-9], hidden: z zooms · Enter opens the list" 3
quit

# --- review: a find ends with its dialog ---------------------------------------
# A term found in the help, the help closed with Enter (not Esc), opened
# again: n has no term to find, the old one is gone.
start_console "$R" "--interval 3600" 160 50
shows "console up for the find's end" "success 97.90%" 10
T send-keys ?
shows "the help opens for a find" "Keys" 3
T send-keys / r e p l a y Enter
shows_re "a term found in the help" "'replay': row [0-9]+ of [0-9]+" 3
T send-keys Enter ?
shows "the help opens again" "Keys" 3
T send-keys n
shows "the help opened again has no term: n asks for / first" "/ first: n finds the next match" 3
T send-keys Escape
quit

# --- review: a selected row follows its source as the list changes ------------
# ota-feed selected (row 2 of the queue pane), then ota-feed gains entries and
# sorts first: the selection stays on ota-feed, Enter presets the replay to it.
start_console "$R" "--interval 3600" 160 50
shows "console up for the moving row" "ota-feed/feed  open 8" 10
T send-keys 2 Down Down
sql -c "INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code, error_message, created_at) SELECT 'dl-mv-' || i, 'ota-feed', 'feed', 'FAILED', 'SCHEMA_INVALID', 'payload missing field booking_ref', now() - interval '3 hours' FROM generate_series(1, 30) i" >/dev/null
T send-keys R
shows "ota-feed now sorts first" "ota-feed/feed  open 8 failed 36" 15
T send-keys Enter
shows "Enter on the selection opens the replay" "DLQ replay" 3
shows "preset to the source selected, not the one now in its place" "source    ota-feed" 2
T send-keys Escape / o t a Enter
shows "the filter keeps ota-feed, selected" "filter 'ota': 1 of 2" 3
# The selected source leaves the list: the selection ends and says so, and
# Enter, with no row left under the filter, opens the pane's playbook.
sql -c "DELETE FROM ingest_dead_letter WHERE source = 'ota-feed'" >/dev/null
T send-keys R
shows "a selected row gone from the list says so" "selected row 'ota-feed/feed' is gone from the list: selection cleared" 15
T send-keys Enter
shows "Enter with no row left opens the playbook (not swallowed)" "DLQ_GROWTH_HIGH — " 3
quit
finish
