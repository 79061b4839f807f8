#!/usr/bin/env bash
# Secrets and terminal safety across every gate, fault and key path: the
# stack's fresh tokens, secret and passwords must appear in no stdout, stderr,
# report, audit line or console screen; hostile backend text (ESC, CSI, OSC,
# BEL, C1 controls, invalid UTF-8, right-to-left overrides, very long lines)
# must reach the terminal only sanitised.
. "$(dirname "$0")/../integration/lib.sh"
need redis-server psql curl jq tmux

stack_up
seed degraded
out=$WORK/out
mkdir -p "$out"
pg_pw=$(printf '%s' "$OPS_DB_URL" | sed 's|.*://[^:]*:\([^@]*\)@.*|\1|')
redis_pw=$(printf '%s' "$REDIS_URL" | sed 's|.*://:\([^@]*\)@.*|\1|')
secrets=("$CORE_API_ADMIN_TOKEN" "$INGEST_SERVICE_TOKEN" "$INGEST_SERVICE_SECRET" "$pg_pw" "$redis_pw")
for s in "${secrets[@]}"; do [ ${#s} -ge 12 ] || { fail "planted secret too short: '$s'"; }; done

long=$(printf 'x%.0s' $(seq 1 5000))
sql >/dev/null <<SQL
UPDATE ingest_event_log SET error_message = E'osc \\033]0;PWNED\\007 csi \\033[2J\\033[1;1H bel \\007 c1 \\302\\23331m rtl \\342\\200\\256 evil' WHERE event_id = 'd-31';
UPDATE ingest_event_log SET source = E'src\\033[31m' WHERE event_id = 'd-32';
UPDATE ingest_event_log SET error_message = 'long $long' WHERE event_id = 'd-33';
UPDATE ingest_dead_letter SET source = E'dlq\\033]52;c;SGVsbG8=\\007src' WHERE id = 1;
SQL

n=0
run() {	# run NAME ARGS...: keeps stdout and stderr of one invocation
	local name=$1; shift
	n=$((n + 1))
	"$IG" "$@" --reports-dir "$REPORTS" >"$out/$n-$name.out" 2>"$out/$n-$name.err" </dev/null
}

for g in env-baseline contract-smoke admin-rbac processing dlq-growth quality release evidence; do
	run "$g" gate "$g"
	run "$g-json" gate "$g" --json
done
for f in '{"status":401}' '{"status":503}' '{"garbage":true}' '{"truncated":true}'; do
	fault "$f"
	run fault gate evidence
	clear_faults
done
"$STACK" stop postgres --dir "$STACK_DIR"; run pg-down gate evidence; "$STACK" start postgres --dir "$STACK_DIR"
"$STACK" stop redis --dir "$STACK_DIR"; run redis-down gate evidence; "$STACK" start redis --dir "$STACK_DIR"
run replay-dry replay --status FAILED --role MANAGER --dry-run
run replay replay --status OPEN --role ADMIN --limit 2 --yes
CORE_API_ADMIN_TOKEN=wrong-token run replay-refused replay --status OPEN --role ADMIN --dry-run
run playbook playbook QUEUE_REDIS_UNREACHABLE
env | grep -E '^(CORE_API|INGEST|REDIS|OPS_DB|PHASE2|WEB_EMIT|RUN_EVIDENCE)' > "$WORK/runtime.env"
env -i PATH="$PATH" "$IG" gate env-baseline --env-file "$WORK/runtime.env" --emitter-env "$WORK/runtime.env" \
	--reports-dir "$REPORTS" >"$out/envfile.out" 2>"$out/envfile.err"
printf 'INGEST_SERVICE_SECRET=other\n' > "$WORK/emitter.env"
env -i PATH="$PATH" "$IG" gate env-baseline --env-file "$WORK/runtime.env" --emitter-env "$WORK/emitter.env" \
	--reports-dir "$REPORTS" >"$out/mismatch.out" 2>"$out/mismatch.err"

# The console: every key path, a screen captured after each.
# Everything the console writes to its terminal, byte for byte: capture-pane
# shows the screen tmux rendered, never the OSC sequences it was sent, so the
# pane's raw output is piped to a file, from before the console's first byte.
tmux_new 160 50 "touch '$WORK/go'; while [ ! -e '$WORK/piped' ]; do sleep 0.05; done; cd '$WORK' && '$IG' console --interval 1 --reports-dir '$REPORTS'; sleep 30"
while [ ! -e "$WORK/go" ]; do sleep 0.05; done
T pipe-pane -o "cat >> '$out/console.raw'"
touch "$WORK/piped"
sleep 3
i=0
for keys in e s a p d c r E "3 t" "Enter" "Down Enter" "L" "Escape g" "Escape ?" "Escape x" "Down Right Enter" "y" "Escape 2 t" "Enter" "Escape space" "space R" "Tab Tab"; do
	# shellcheck disable=SC2086
	T send-keys $keys
	sleep 1.2
	i=$((i + 1))
	T capture-pane -p -e > "$out/screen-$i.txt"	# -e keeps what the terminal was sent
done
title=$(T display -p '#{pane_title}')
T kill-server

for s in "${secrets[@]}"; do
	hits=$(grep -rlF -- "$s" "$out" "$REPORTS" 2>/dev/null | head -n 3)
	if [ -z "$hits" ]; then pass "secret ${s:0:4}… appears nowhere"; else fail "secret ${s:0:4}… found in: $hits"; fi
done
# The search above means something only if the places it searched were filled.
eq "every key path left a screen" "$i" "$(ls "$out" | grep -c '^screen-')"
nrep=$(find "$REPORTS" -name '*.json' | wc -l)
[ "$nrep" -ge 30 ] && pass "searched $nrep JSON reports" || fail "only $nrep JSON reports to search"
[ -s "$REPORTS/audit/replay.log" ] && pass "the audit log was searched" || fail "no audit log to search"

# Invalid UTF-8 cannot live in a UTF8 ops_db; the unit tests and the
# sanitiser's fuzz harness cover it.
# Terminal safety: plain output carries no control bytes but newlines.
# Byte patterns under LC_ALL=C: lib.sh sets a UTF-8 locale, in which grep -P
# reads \xc2 as the character U+00C2 and the C1/RLO patterns never match.
ctl_re='[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xae\xab\xaa\xad\xac]|\xe2\x81[\xa6-\xa9]'
# The pattern must find what it looks for: one file per kind of byte.
printf 'c1 \302\233 end\n' > "$WORK/probe-c1"; printf 'rlo \342\200\256 end\n' > "$WORK/probe-rlo"
printf 'lri \342\201\246 end\n' > "$WORK/probe-lri"; printf 'esc \033[2J end\n' > "$WORK/probe-esc"
probes=$(LC_ALL=C grep -lP "$ctl_re" "$WORK"/probe-* | wc -l)
eq "the control-byte pattern finds C1, RLO, LRI and ESC bytes" 4 "$probes"
nout=$(ls "$out"/*.out | wc -l)
[ "$nout" -ge 20 ] && pass "$nout outputs to search for control bytes" || fail "only $nout outputs to search"
bad=$(LC_ALL=C grep -lP "$ctl_re" "$out"/*.out "$out"/*.err 2>/dev/null | head -n 3)
if [ -z "$bad" ]; then pass "gate output holds no escape or control bytes"; else fail "control bytes in: $bad"; fi
grep -q "osc  csi  bel  c1 31m rtl  evil" "$out"/*-processing.out && pass "hostile message shown sanitised" || fail "sanitised message not shown"
grep -q "PWNED" "$out"/*.out && fail "OSC payload text leaked" || pass "OSC payload dropped"
grep -q "long xxxxxxxx" "$out"/*-processing.out && pass "the long message is shown" || fail "long message missing"
longest=$(cat "$out"/*.out | awk '{ if (length($0) > m) m = length($0) } END { print m }')
[ "$longest" -lt 1200 ] && pass "a 5000-character message is cut (longest line $longest)" || fail "line of $longest characters"
hasnt "console title untouched" PWNED "$title"
raw=$(wc -c < "$out/console.raw" 2>/dev/null || echo 0)
[ "$raw" -gt 10000 ] && grep -aq "Processing (F-03)" "$out/console.raw" &&
	pass "the console's raw output was recorded ($raw bytes)" ||
	fail "the console's raw output was not recorded ($raw bytes)"
grep -q 'dlqsrc' "$out"/screen-*.txt && pass "the hostile DLQ source was drawn (sanitised)" ||
	fail "the hostile DLQ source never reached the screen: the OSC checks below prove nothing"
LC_ALL=C grep -qaP '\x1b\]52' "$out/console.raw" && fail "an OSC 52 clipboard write reached the console" ||
	pass "no OSC 52 clipboard write reached the console"
LC_ALL=C grep -qaP '\x1b\](0|1|2);' "$out/console.raw" && fail "an OSC title write reached the console" ||
	pass "no OSC title write reached the console"
grep -qa 'SGVsbG8=' "$out/console.raw" && fail "the OSC 52 payload reached the console" ||
	pass "the OSC 52 payload did not reach the console"
finish
