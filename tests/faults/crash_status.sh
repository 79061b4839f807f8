#!/usr/bin/env bash
# Status before report (issue 25 item 1, SPEC section 5): runs killed with
# SIGKILL at every moment a file is published (just before each rename or
# link, through a test shim) and at random moments; after each kill, and
# after the next complete run, any report of the batch saying FAIL, NO-GO
# or HOLD implies a batch status of HOLD. CRASH_STATUS_RANDOM sets the
# number of random kills (default 10).
. "$(dirname "$0")/../integration/lib.sh"
need redis-server psql curl jq cc python3

shim_build
stack_up
seed healthy
export RUN_EVIDENCE_QUALITY_CHECK=false	# after stack_up, which sets it
B=$PHASE2_BATCH_CODE
randoms=${CRASH_STATUS_RANDOM:-10}

# The invariant over one report root: prints what breaks it.
broken() {
	python3 - "$1" "$B" <<'PY'
import json, os, sys
root, batch = sys.argv[1], sys.argv[2]
st_path = os.path.join(root, "release-evidence", batch.replace("/", "_"), "batch-status.json")
try:
    status = json.load(open(st_path)).get("status")
except FileNotFoundError:
    status = None
for d, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".json") or f == "batch-status.json" or f.startswith("."):
            continue
        try:
            r = json.load(open(os.path.join(d, f)))
        except ValueError:
            print(f"unreadable {f}"); continue
        if r.get("batch") != batch:
            continue
        claims = r.get("verdict") == "FAIL" or r.get("decision") == "NO-GO" or r.get("batchStatus") == "HOLD"
        if claims and status != "HOLD":
            print(f"{os.path.relpath(os.path.join(d, f), root)} says "
                  f"{r.get('verdict')}/{r.get('decision')}/{r.get('batchStatus')}, batch status {status}")
PY
}

kills=0 bad=0 n=0
# run_killed KIND HOW: a fresh root made READY by GO evidence, then a
# failing run of KIND (evidence: NO-GO, gate: F-00 FAIL) killed as HOW
# says (a number: before that publish; r: a random moment), the invariant,
# a complete GO evidence after it, and the invariant again.
run_killed() {
	local kind=$1 how=$2 root pid msg
	n=$((n + 1)); root=$WORK/r$n
	"$IG" gate evidence --reports-dir "$root" >/dev/null 2>&1
	set -- gate evidence
	[ "$kind" = gate ] && set -- gate env-baseline --offline
	if [ "$how" = r ]; then
		INGEST_QUEUE_ENABLED=false "$IG" "$@" --reports-dir "$root" >/dev/null 2>&1 &
		pid=$!
		sleep "0.$(printf '%03d' $((RANDOM % 150)))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	else
		INGEST_QUEUE_ENABLED=false LD_PRELOAD=$SHIM SHIM_KILL_AT=$how \
			"$IG" "$@" --reports-dir "$root" >/dev/null 2>&1
	fi
	kills=$((kills + 1))
	msg=$(broken "$root")
	"$IG" gate evidence --reports-dir "$root" >/dev/null 2>&1
	msg=$msg$(broken "$root")
	if [ -n "$msg" ]; then
		bad=$((bad + 1))
		echo "  after a kill of $kind at $how: $msg"
	fi
	rm -rf "$root"
}

# How many publish points a complete failing run has.
points() {
	rm -f "$WORK/count"
	INGEST_QUEUE_ENABLED=false LD_PRELOAD=$SHIM SHIM_COUNT=$WORK/count \
		"$IG" "$@" --reports-dir "$WORK/count-root" >/dev/null 2>&1
	cat "$WORK/count"
}
ev_points=$(points gate evidence)
gate_points=$(points gate env-baseline --offline)
eq "a NO-GO evidence run publishes through many points" yes "$([ "${ev_points:-0}" -ge 10 ] && echo yes)"
for k in $(seq 1 "$ev_points"); do run_killed evidence "$k"; done
for k in $(seq 1 "$gate_points"); do run_killed gate "$k"; done
for k in $(seq 1 "$randoms"); do run_killed evidence r; done
echo "kills: $kills ($ev_points + $gate_points at every publish point, $randoms at random moments)"
eq "no report claims a HOLD the batch status does not hold" 0 "$bad"
finish
