#!/usr/bin/env bash
# SPEC behaviours of the gate runner that no other script pins, each through
# the real binary against the real stack: the config file (--config and the
# XDG default) and its precedence, GATE_PROCESSING_* from the environment,
# F-01's timestamp skew, F-02's failure branches one at a time, evidence
# NO-GO from an ERROR stage, F-05's 20-sample cap, replay --channel and a
# replay that core-api refuses because replay is disabled.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

stack_up
seed degraded
check_of() { jqv ".checks[] | select(.name==\"$1\") | .verdict + \" \" + (.code // \"-\")"; }

# --- the config file: XDG default, --config, precedence ---------------------
# degraded: 2000 events in the window at 97.90%.
mkdir -p "$XDG_CONFIG_HOME/ingestgate"
printf '# thresholds\nGATE_PROCESSING_MIN_SAMPLE = 5000\nGATE_WINDOW_MINUTES = 30\n' \
	> "$XDG_CONFIG_HOME/ingestgate/config"
igj processing
eq "XDG default config read" "5000 30" "$(jqv '"\(.thresholds.minSample) \(.thresholds.windowMinutes)"')"
eq "XDG default config judged" "INCONCLUSIVE PROCESSING_INSUFFICIENT_SAMPLE" "$(jqv '.verdict + " " + .code')"
GATE_PROCESSING_MIN_SAMPLE=60 igj processing
eq "env beats the config file" "60 FAIL" "$(jqv '"\(.thresholds.minSample) \(.verdict)"')"
igj processing --window 45
eq "flag beats the config file" 45 "$(jqv .thresholds.windowMinutes)"
GATE_WINDOW_MINUTES=20 igj processing --window 45
eq "flag beats env" 45 "$(jqv .thresholds.windowMinutes)"
printf 'GATE_PROCESSING_MIN_SAMPLE = 70\n' > "$WORK/other.conf"
igj processing --config "$WORK/other.conf"
eq "--config replaces the XDG file" "70 60 FAIL" "$(jqv '"\(.thresholds.minSample) \(.thresholds.windowMinutes) \(.verdict)"')"
ig gate processing --config "$WORK/missing.conf"
eq "--config naming a missing file is refused" 64 "$RC"
has "--config missing: names the file" "missing.conf" "$ERR"
rm -f "$XDG_CONFIG_HOME/ingestgate/config"
igj processing
eq "no config file: defaults" "50 60" "$(jqv '"\(.thresholds.minSample) \(.thresholds.windowMinutes)"')"

# --- GATE_PROCESSING_* from the environment ----------------------------------
GATE_PROCESSING_MIN_SUCCESS_RATE=0.97 igj processing
eq "MIN_SUCCESS_RATE from env: 97.90% now only WARN" "WARN PROCESSING_SUCCESS_RATE_LOW 0.97" \
	"$(jqv '.verdict + " " + .code + " " + (.thresholds.minSuccessRate|tostring)')"
GATE_PROCESSING_MIN_SUCCESS_RATE=0.97 GATE_PROCESSING_WARN_SUCCESS_RATE=0.975 igj processing
eq "WARN_SUCCESS_RATE from env: 97.90% PASS" "PASS 0.975" "$(jqv '.verdict + " " + (.thresholds.warnSuccessRate|tostring)')"
GATE_PROCESSING_MIN_SUCCESS_RATE=0.98 igj processing
eq "MIN_SUCCESS_RATE from env: 97.90% below 98%" "FAIL 0.98" "$(jqv '.verdict + " " + (.thresholds.minSuccessRate|tostring)')"

# --- F-01: the timestamp skew through the gate ------------------------------
fault '{"clockOffsetSec":400}'
igj contract-smoke
eq "F-01 skew of 400 s" "FAIL INGEST_TIMESTAMP_SKEW" "$(jqv '.verdict + " " + .code')"
eq "F-01 skew exits 1" 1 "$RC"
fault '{"clockOffsetSec":-250}'
igj contract-smoke
eq "F-01 skew of 250 s is inside the 300 s" "PASS" "$(jqv .verdict)"
clear_faults

# --- F-02: each failure branch on its own -----------------------------------
igj admin-rbac
eq "F-02 all three branches pass" "PASS - PASS - PASS -" \
	"$(echo "$(check_of admin-read) $(check_of wrong-token) $(check_of viewer-replay)")"
fault '{"anyAdminToken":true}'
igj admin-rbac
eq "F-02 a wrong token accepted" "FAIL ADMIN_RBAC_BROKEN" "$(jqv '.verdict + " " + .code')"
eq "F-02 ... only the wrong-token check fails" "PASS - FAIL ADMIN_RBAC_BROKEN PASS -" \
	"$(echo "$(check_of admin-read) $(check_of wrong-token) $(check_of viewer-replay)")"
fault '{"anyAdminToken":false,"anyAdminRole":true}'
igj admin-rbac
eq "F-02 a VIEWER allowed to replay" "FAIL ADMIN_RBAC_BROKEN" "$(jqv '.verdict + " " + .code')"
eq "F-02 ... only the viewer-replay check fails" "PASS - PASS - FAIL ADMIN_RBAC_BROKEN" \
	"$(echo "$(check_of admin-read) $(check_of wrong-token) $(check_of viewer-replay)")"
eq "F-02 broken exits 1" 1 "$RC"
clear_faults

# --- evidence: an ERROR stage is NO-GO --------------------------------------
# Healthy data, every stage PASS, but ops_db refuses the gate's login: F-05
# cannot run (ERROR) while core-api (its own connection) still answers.
seed healthy
igj evidence
# The F-02 failures above put the batch on HOLD: a GO waits for sign-offs.
eq "healthy evidence GO, the batch still on HOLD: exit 2" "GO HOLD 2" "$(jqv '.decision + " " + .batchStatus') $RC"
bad_db=$(printf '%s' "$OPS_DB_URL" | sed 's|://ingest:|://ingest:x|')
OPS_DB_URL=$bad_db igj evidence
eq "F-05 ERROR inside evidence" "ERROR OPS_DB_UNREACHABLE" "$(jqv '.stages[] | select(.id=="F-05") | .verdict + " " + .code')"
eq "an ERROR stage makes evidence NO-GO" NO-GO "$(jqv .decision)"
# Its exit status follows the decision: 1, not merely "not 0" (a crash,
# 128 and up, or 2 for PENDING must not pass).
eq "NO-GO from ERROR exits 1" 1 "$RC"
eq "NO-GO from ERROR holds the batch" HOLD "$(jqv .batchStatus)"

# --- F-05: at most 20 sample rows per check ---------------------------------
sql >/dev/null <<SQL
INSERT INTO payment (batch_code, booking_ref, amount)
SELECT '$PHASE2_BATCH_CODE', 'ORPHAN-' || i, 1 FROM generate_series(1, 25) i;
SQL
igj quality
eq "25 orphans counted" 25 "$(jqv .metrics.payment_orphan)"
eq "20 of them sampled" 20 "$(jqv '.findings[] | select(.check=="payment_orphan") | .samples | length')"
eq "the report keeps the count" 25 "$(jq -r '.metrics.payment_orphan' "$REPORTS/recon/quality/$PHASE2_BATCH_CODE/latest.json")"

# --- replay --channel, and replay refused by core-api ------------------------
seed degraded
failed_in() { sql -c "SELECT count(*) FROM ingest_dead_letter WHERE status = 'FAILED' AND channel = '$1'"; }
eq "FAILED entries per channel before" "6 24" "$(failed_in feed) $(failed_in api)"
ig replay --status FAILED --channel feed --role ADMIN --dry-run
has "--channel reaches the dry run" "6 selected (nothing moved): FAILED DLQ entries (source any, channel \"feed\"" "$OUT"
ig replay --status FAILED --channel feed --role ADMIN --yes
eq "replay --channel exits 0" 0 "$RC"
eq "only that channel's entries moved" "0 24" "$(failed_in feed) $(failed_in api)"
eq "the audit line names the channel" feed "$(tail -n 1 "$REPORTS/audit/replay.log" | jq -r .channel)"

fault '{"flags":{"INGEST_REPLAY_ENABLED":false}}'
ig replay --status FAILED --channel api --role ADMIN --yes
eq "replay disabled on core-api: exit 2" 2 "$RC"
has "replay disabled: says so" INGEST_REPLAY_ENABLED "$ERR"
eq "replay disabled: nothing moved" 24 "$(failed_in api)"
outcome=$(tail -n 1 "$REPORTS/audit/replay.log" | jq -r '.outcome')
[ -n "$outcome" ] && [ "$outcome" != ok ] && pass "replay disabled: audited as refused ($outcome)" ||
	fail "replay disabled: audit outcome '$outcome'"
clear_faults
finish
