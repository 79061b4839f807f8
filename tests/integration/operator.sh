#!/usr/bin/env bash
# Who did it (issue 24, item 6): replay, canary, sign-off and the console
# take --operator, else the config's `operator =`, else $USER, else
# $LOGNAME; a write with none of them is refused with a usage error that
# says how to name one, and nothing is written. The console's header shows
# the operator.
. "$(dirname "$0")/lib.sh"
need jq tmux

stack_up
seed degraded
cfg=$XDG_CONFIG_HOME/ingestgate/config
mkdir -p "$(dirname "$cfg")"
audit=$REPORTS/audit/replay.log
last_op() { tail -n 1 "$audit" | jq -r .operator; }

# Nobody: refused, and nothing written.
nobody() { env -u USER -u LOGNAME "$@"; }
for w in "replay --status FAILED --role MANAGER --dry-run" \
    "replay --canary --status FAILED --role MANAGER --dry-run" \
    "signoff --by Dewi --as QA"; do
	OUT=$(nobody "$IG" $w --reports-dir "$REPORTS" 2>"$WORK/err"); RC=$?
	ERR=$(cat "$WORK/err")
	eq "no operator: $w: usage error" 64 "$RC"
	has "no operator: $w: how to name one" "--operator NAME" "$ERR"
	has "no operator: $w: or the config" "'operator = NAME' in the config file" "$ERR"
	eq "no operator: $w: its help" "Try 'ingestgate ${w%% *} --help'." "$(printf '%s\n' "$ERR" | tail -n 1)"
done
[ -e "$audit" ] && fail "a refused replay wrote the audit log" || pass "a refused replay wrote nothing"
[ -n "$(find "$REPORTS" -name signoffs.jsonl 2>/dev/null)" ] && fail "a refused sign-off wrote a line" ||
	pass "a refused sign-off wrote nothing"
OUT=$(USER= LOGNAME='  ' "$IG" replay --status FAILED --role MANAGER --dry-run --reports-dir "$REPORTS" 2>&1); RC=$?
eq "blank USER and LOGNAME are nobody" 64 "$RC"

# Each source, in its order.
run_dry() { OUT=$("$@" "$IG" replay --status FAILED --role MANAGER --dry-run --reports-dir "$REPORTS" $EXTRA 2>&1); RC=$?; }
EXTRA="" run_dry env -u USER LOGNAME=lee
eq "LOGNAME alone: exit 0" 0 "$RC"
eq "LOGNAME alone names the operator" lee "$(last_op)"
EXTRA="" run_dry env USER=carol LOGNAME=lee
eq "USER before LOGNAME" carol "$(last_op)"
printf 'operator = cfg-ops\n' > "$cfg"
EXTRA="" run_dry env USER=carol
eq "config's operator before USER" cfg-ops "$(last_op)"
EXTRA="" run_dry env -u USER -u LOGNAME
eq "config's operator with no USER" cfg-ops "$(last_op)"
EXTRA="--operator dina" run_dry env USER=carol
eq "--operator first" dina "$(last_op)"
printf '[context staging]\nreports-dir = %s\noperator = stg-ops\n' "$REPORTS" > "$cfg"
EXTRA="--context staging" run_dry env -u USER -u LOGNAME
eq "a context's operator" stg-ops "$(last_op)"
rm -f "$cfg"
EXTRA="" run_dry env -u USER -u LOGNAME OPERATOR=x operator=y
eq "an environment variable named operator is not the config key" 64 "$RC"

# The sign-off line records the account beside the person who signs.
ig gate evidence
OUT=$(USER=carol "$IG" signoff --by Dewi --as QA --reports-dir "$REPORTS" 2>&1); RC=$?
line=$(find "$REPORTS" -name signoffs.jsonl -exec tail -n 1 {} \;)
if [ -n "$line" ]; then
	eq "sign-off line: operator" carol "$(printf '%s' "$line" | jq -r .operator)"
	eq "sign-off line: by" Dewi "$(printf '%s' "$line" | jq -r .by)"
else
	fail "no sign-off line was written (exit $RC: $OUT)"
fi

# The console: refused without a name, and the name in its header.
tmux_new 160 30 "env -u USER -u LOGNAME '$IG' console --reports-dir '$REPORTS'; echo CONSOLE-EXITED \$?; sleep 30"
shows "console without an operator: refused" "--operator NAME"
shows "console without an operator: exit 64" "CONSOLE-EXITED 64"
tmux_new 160 30 "env -u USER -u LOGNAME '$IG' console --readonly --interval 1 --reports-dir '$REPORTS'; sleep 30"
shows "a read-only console needs no operator" "READ-ONLY"
tmux_new 160 30 "'$IG' console --operator dina --interval 1 --reports-dir '$REPORTS'; sleep 30"
shows "console header: the operator" "operator dina"
T send-keys q

finish
