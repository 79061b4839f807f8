#!/usr/bin/env bash
# The console's go/no-go checklist shows the core's decision (decision.c),
# the same as the gate runner's: every evidence stage with what GO requires
# and what it is, and the decision's own words. Driven in tmux.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed healthy
SCREEN_FLAGS=-J	# joined lines: the decision reads as one
start_console() {	# start_console ENV-ASSIGNMENTS ARGS
	tmux_new 120 40 \
		"cd '$WORK' && env $1 '$IG' console --interval 1 --reports-dir '$REPORTS' $2; echo CONSOLE-EXITED \$?; sleep 60"
}

# The emitter switched on early: F-00 FAILs while F-03, F-04 and F-05 PASS.
# The runbook's three items alone would wait (PENDING); the core's decision
# over every stage is NO-GO, and so must the console's be.
start_console "WEB_EMIT_BOOKING_EVENT_ENABLED=true" ""
shows "console up" "3 Processing (F-03)"
shows "F-00 FAILs" "FAIL ENV_EMIT_ENABLED_EARLY" 10
shows "header shows the core's NO-GO" "NO-GO"
T send-keys g
shows "checklist opens" "Go / no-go (runbook 6)"
shows "required / actual columns" "required         actual"
shows "F-00 row: required PASS, actual FAIL" "PASS             FAIL ENV_EMIT_ENABLED_EARLY"
shows "F-01 not run yet" "not run"
shows "checklist decision NO-GO" "Decision: NO-GO"
shows "the decision's own words" "NO-GO: F-00 env-baseline FAIL ENV_EMIT_ENABLED_EARLY"
WEB_EMIT_BOOKING_EVENT_ENABLED=true igj evidence
eq "the gate runner decides the same" "NO-GO 1" "$(jqv .decision) $RC"
T send-keys Escape q
shows "q quits" "CONSOLE-EXITED 0"

# A mistyped batch: the evidence is PENDING, never GO, in both faces.
typo=F-2026-02-2O
start_console "" "--batch $typo"
shows "console up on the mistyped batch" "3 Processing (F-03)"
T send-keys E
shows "E runs the evidence" "evidence INCONCLUSIVE" 20
T send-keys g
shows "checklist: PENDING" "Decision: PENDING"
shows "F-05 row: required PASS, actual INCONCLUSIVE" "PASS             INCONCLUSIVE PHASE2_BATCH_EMPTY"
shows "checklist words: not enough to sign off" "PENDING: not enough to sign off"
shows "checklist shows the batch status" "Batch status PENDING"
hasnt "never GO" "Decision: GO" "$(screen)"
ig gate evidence --batch "$typo"
has "the gate runner's first line says the same" "DECISION PENDING: not enough to sign off" "$(printf '%s\n' "$OUT" | head -n 1)"
eq "the gate runner exits 2" 2 "$RC"
T send-keys Escape q
shows "q quits again" "CONSOLE-EXITED 0"
finish
