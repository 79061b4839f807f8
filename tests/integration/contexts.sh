#!/usr/bin/env bash
# Contexts (SPEC section 10) on two real stacks: staging healthy, prod-eu
# degraded, plus a context whose core-api port is closed and one whose env
# file is missing. `contexts` (no secrets), `gate --context` with its own env,
# thresholds and report root, `status` and `status --all` (bounded by the
# timeout with a hung core-api; --json), and C in the console switching to
# the other stack's numbers.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq tmux python3

D1=$WORK/s1
D2=$WORK/s2
trap 'for d in "$D1" "$D2"; do [ -f "$d/state" ] && "$STACK" down --dir "$d" >/dev/null 2>&1; done; cleanup' EXIT

"$STACK" up --dir "$D1" >/dev/null || { echo "FAIL: stack up 1"; echo "0 passed, 1 failed"; exit 1; }
"$STACK" up --dir "$D2" >/dev/null || { echo "FAIL: stack up 2"; echo "0 passed, 1 failed"; exit 1; }
"$STACK" seed healthy --dir "$D1" >/dev/null 2>&1 || { echo "FAIL: seed 1"; exit 1; }
"$STACK" seed degraded --dir "$D2" >/dev/null 2>&1 || { echo "FAIL: seed 2"; exit 1; }
envval() { sed -n "s/^$1=//p" "$2" | head -n 1; }
SIM1=$(envval CORE_API_BASE_URL "$D1/env")
SIM2=$(envval CORE_API_BASE_URL "$D2/env")
HOST1=${SIM1#http://}
HOST2=${SIM2#http://}

# A context whose core-api is a closed port (a dead environment).
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
sed "s|^CORE_API_BASE_URL=.*|CORE_API_BASE_URL=http://127.0.0.1:$closed|" "$D1/env" > "$WORK/dead.env"

mkdir -p "$XDG_CONFIG_HOME/ingestgate"
# Relative env-file paths are relative to the config file's folder.
ln -s "$D2/env" "$XDG_CONFIG_HOME/ingestgate/prod.env"
cat > "$XDG_CONFIG_HOME/ingestgate/config" <<EOF
GATE_PROCESSING_MIN_SAMPLE = 10
context = staging

[context staging]
env-file = $D1/env
reports-dir = $WORK/rep-staging

[context prod-eu]
env-file = prod.env
reports-dir = $WORK/rep-prod
GATE_DLQ_MAX_GROWTH = 50

[context prod-us]
env-file = prod.env
reports-dir = $WORK/rep-prod-us

[context dead]
env-file = $WORK/dead.env

[context broken]
env-file = $WORK/no-such.env
EOF
cd "$WORK" || exit 1

# run ARGS...: the binary as an operator runs it (no --reports-dir).
run() { OUT=$("$IG" "$@" 2>"$WORK/stderr"); RC=$?; ERR=$(cat "$WORK/stderr"); }

# --- contexts ---------------------------------------------------------------
run contexts
eq "contexts exits 2 when a context is broken" 2 "$RC"
has "contexts lists staging as the one in use" "* staging" "$OUT"
has "contexts shows staging's core-api host" "$HOST1" "$OUT"
has "contexts shows prod-eu's core-api host" "$HOST2" "$OUT"
has "contexts shows the batch" "F-2026-02-20" "$OUT"
has "contexts shows staging's report root" "$WORK/rep-staging" "$OUT"
has "contexts marks the config default" "(default)" "$OUT"
has "contexts names the broken context's missing file" "context 'broken': env-file $WORK/no-such.env" "$OUT"
leak=""
for k in CORE_API_ADMIN_TOKEN INGEST_SERVICE_TOKEN INGEST_SERVICE_SECRET; do
	for f in "$D1/env" "$D2/env"; do
		v=$(envval "$k" "$f")
		case $OUT$ERR in *"$v"*) leak="$leak $k" ;; esac
	done
done
rpw=$(envval REDIS_URL "$D1/env" | sed -n 's|.*://[^:]*:\([^@]*\)@.*|\1|p')
# The check below means something only with a password to look for.
[ ${#rpw} -ge 8 ] && pass "the Redis password to look for is known" ||
	fail "no Redis password in $D1/env's REDIS_URL: the leak check would prove nothing"
case $OUT$ERR in *"$rpw"*) leak="$leak redis-password" ;; esac
eq "contexts prints no secret" "" "$leak"
run contexts --json
eq "contexts --json is valid JSON with five contexts" 5 "$(printf '%s' "$OUT" | jq '.contexts | length')"
eq "contexts --json: the current one" staging "$(printf '%s' "$OUT" | jq -r '.contexts[] | select(.current) | .name')"
eq "contexts --json: prod-eu is prod" true "$(printf '%s' "$OUT" | jq -r '.contexts[] | select(.name == "prod-eu") | .prod')"
INGESTGATE_CONTEXT=prod-eu run contexts
has "INGESTGATE_CONTEXT moves the mark" "* prod-eu" "$OUT"

# --- gate --context ---------------------------------------------------------
run gate processing --json
eq "default context: staging's healthy stack passes" PASS "$(printf '%s' "$OUT" | jq -r .verdict)"
[ -s "$WORK/rep-staging/gates/ingest-processing/latest.json" ] && pass "staging's report under its own root" || fail "no report under rep-staging"
run gate processing --context prod-eu --json
eq "--context prod-eu: the degraded stack fails" FAIL "$(printf '%s' "$OUT" | jq -r .verdict)"
eq "--context prod-eu exits 1" 1 "$RC"
[ -s "$WORK/rep-prod/gates/ingest-processing/latest.json" ] && pass "prod-eu's report under its own root" || fail "no report under rep-prod"
eq "prod-eu's report is prod-eu's verdict" FAIL "$(jq -r .verdict "$WORK/rep-prod/gates/ingest-processing/latest.json")"
eq "staging's report untouched by prod-eu's run" PASS "$(jq -r .verdict "$WORK/rep-staging/gates/ingest-processing/latest.json")"
run gate dlq-growth --context prod-eu --json
eq "the context's threshold key applies (max growth 50)" 50 "$(printf '%s' "$OUT" | jq -r .thresholds.maxGrowth)"
eq "growth +22 under 50 is WARN" WARN "$(printf '%s' "$OUT" | jq -r .verdict)"
GATE_DLQ_MAX_GROWTH=5 run gate dlq-growth --context prod-eu --json
eq "env beats the context's threshold" 5 "$(printf '%s' "$OUT" | jq -r .thresholds.maxGrowth)"
INGESTGATE_CONTEXT=prod-eu run gate processing --json
eq "INGESTGATE_CONTEXT picks prod-eu" FAIL "$(printf '%s' "$OUT" | jq -r .verdict)"
INGESTGATE_CONTEXT=prod-eu run gate processing --context staging --json
eq "--context beats INGESTGATE_CONTEXT" PASS "$(printf '%s' "$OUT" | jq -r .verdict)"
run gate processing --context stagin
eq "unknown context is a usage error" 64 "$RC"
has "unknown context: nearest name" "did you mean 'staging'" "$ERR"
has "unknown context: the known names" "staging, prod-eu, prod-us, dead, broken" "$ERR"
run gate processing --context broken
eq "missing env file: usage error" 64 "$RC"
has "missing env file named with context and key" "context 'broken': env-file $WORK/no-such.env: No such file or directory" "$ERR"

# --- status -----------------------------------------------------------------
run status
eq "status: the current context only, one line" 1 "$(printf '%s\n' "$OUT" | wc -l)"
case $OUT in *"F-03 PASS "[0-9]*"s, live PASS"*) pass "status: staging's last F-03 report, its age and the live read" ;;
*) fail "status: no 'F-03 PASS <age>, live PASS' in: $OUT" ;; esac
eq "status: staging healthy exits 0" 0 "$RC"
run status --context prod-eu
has "status --context prod-eu: live F-03 FAIL" "live FAIL PROCESSING_SUCCESS_RATE_LOW" "$OUT"
eq "status --context prod-eu exits 1" 1 "$RC"
run status --all --env-file "$D1/env"
eq "status --all refuses a one-environment flag" 64 "$RC"

# prod-eu's core-api hangs (and prod-us, on the same stack, with it): two
# hung contexts read one after the other would take two timeouts. dead's
# port is closed. Timeout 3 s, limit timeout + 1.5 s (start-up under ASan on
# a loaded 2-core machine), while serial reads would take 6 s or more.
export INGEST_HTTP_TIMEOUT_MS=3000
curl -sf -X POST -H 'Content-Type: application/json' -d '{"latencyMs":20000}' "$SIM2/__sim/faults" >/dev/null || fail "cannot set the hang"
t0=$(date +%s%N)
run status --all
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -lt 4500 ] && pass "status --all with a hung context answers in ${ms} ms (< timeout + 1.5 s)" || fail "status --all took ${ms} ms"
eq "status --all: one line per context" 5 "$(printf '%s\n' "$OUT" | wc -l)"
has "status --all: staging still live" "staging  PASS" "$OUT"
has "status --all: the hung one is ERROR" "prod-eu  ERROR" "$OUT"
has "status --all: the second hung one is ERROR" "prod-us  ERROR" "$OUT"
has "status --all: the hung one's code" "live ERROR CORE_API_UNREACHABLE" "$OUT"
has "status --all: the closed port is ERROR" "dead     ERROR" "$OUT"
has "status --all: the broken one says why" "context 'broken': env-file" "$OUT"
has "status --all: prod-eu's last report and its age" "F-03 FAIL " "$OUT"
eq "status --all exits with the worst (ERROR: 2)" 2 "$RC"
t0=$(date +%s%N)
run status --all --json
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -lt 4500 ] && pass "status --all --json in ${ms} ms" || fail "status --all --json took ${ms} ms"
printf '%s' "$OUT" | jq -e . >/dev/null && pass "status --json is valid JSON" || fail "status --json invalid: $OUT"
eq "status --json: staging live F-03" PASS "$(printf '%s' "$OUT" | jq -r '.contexts[] | select(.name == "staging") | .live.processing.verdict')"
eq "status --json: prod-eu live F-03 code" CORE_API_UNREACHABLE "$(printf '%s' "$OUT" | jq -r '.contexts[] | select(.name == "prod-eu") | .live.processing.code')"
eq "status --json: prod-eu's last F-03 report" FAIL "$(printf '%s' "$OUT" | jq -r '.contexts[] | select(.name == "prod-eu") | .gates.processing.verdict')"
eq "status --json: age is a number" number "$(printf '%s' "$OUT" | jq -r '.contexts[] | select(.name == "prod-eu") | .gates.processing.ageSeconds | type')"
eq "status --json: exit status" 2 "$(printf '%s' "$OUT" | jq -r .exitStatus)"
eq "status --json: the exit agrees" 2 "$RC"
curl -sf -X DELETE "$SIM2/__sim/faults" >/dev/null
unset INGEST_HTTP_TIMEOUT_MS

# --- the console ------------------------------------------------------------
tmux_new 120 40 "cd '$WORK' && '$IG' console --interval 1; echo CONSOLE-EXITED \$?; sleep 60"
shows "console: staging in the header" " ingestgate · staging · batch"
shows "console: staging's success rate" "success 99.75%"
T send-keys C
shows "C opens the chooser" "Switch context"
shows "the chooser marks the one in use" "staging  (in use)"
T send-keys Enter
shows "C switches: prod-eu in the header" " prod-eu · batch"
shows "C switches: prod-eu's core-api host" "core-api $HOST2"
shows "C switches: the other stack's success rate" "success 97.90%" 8
hasnt "nothing of staging under prod-eu's name" "99.75%" "$(screen)"
T send-keys C Enter
shows "C again: on to prod-us" " ingestgate · prod-us · batch" 3
T send-keys C Enter
shows "C again: on to the dead context" " dead · batch" 3
T send-keys C Enter
shows "C again: the broken one is refused, named" "context 'broken': env-file" 3
T send-keys q
shows "q quits after switching" "CONSOLE-EXITED 0" 5
tmux_new 120 40 "cd '$WORK' && '$IG' console --ascii --context prod-eu; echo CONSOLE-EXITED \$?; sleep 60"
shows "--ascii marks a prod context with !" " !prod-eu - batch"
T send-keys q
shows "q quits" "CONSOLE-EXITED 0"

finish
