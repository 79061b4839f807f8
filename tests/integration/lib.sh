# Shared by the integration tests: a real stack per test file, the binary
# under test, and assertions that count. Sourced, not run.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
IG=${INGESTGATE:-$top_builddir/ingestgate}
export INGESTGATE_SIM=${INGESTGATE_SIM:-$top_builddir/tests/sim/core-api-sim}
STACK=$top_srcdir/tests/stack/stack
WORK=$(mktemp -d "${TMPDIR:-/tmp}/igt.XXXXXX")
chmod 755 "$WORK"	# PostgreSQL runs as postgres and must reach the stack folder
REPORTS=$WORK/reports
STACK_DIR=$WORK/stack
export XDG_CONFIG_HOME=$WORK/config
export LC_ALL=C.UTF-8	# the console and tmux captures are compared as UTF-8
passes=0
fails=0

# In CI a missing server is a failure; elsewhere the test is skipped (77).
need() {
	local missing=""
	for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
	[ -x "$IG" ] || missing="$missing ingestgate-binary"
	[ -n "$missing" ] || return 0
	if [ "${CI:-}" = true ]; then
		echo "FAIL: needed but missing:$missing"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: missing:$missing"
	exit 77
}

cleanup() {
	[ -f "$STACK_DIR/state" ] && "$STACK" down --dir "$STACK_DIR" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

stack_up() {
	local exports
	exports=$("$STACK" up --dir "$STACK_DIR") || { echo "FAIL: stack up"; echo "0 passed, 1 failed"; exit 1; }
	eval "$exports"
	SIM=$CORE_API_BASE_URL
}

seed() { "$STACK" seed "$@" --dir "$STACK_DIR" >/dev/null 2>&1 || { echo "FAIL: seed $*"; exit 1; }; }
sql() { "$STACK" sql --dir "$STACK_DIR" -tA "$@"; }
rcli() { "$STACK" redis --dir "$STACK_DIR" "$@"; }
fault() { curl -sf -X POST -H 'Content-Type: application/json' -d "$1" "$SIM/__sim/faults" >/dev/null; }
clear_faults() { curl -sf -X DELETE "$SIM/__sim/faults" >/dev/null; }

# ig ARGS...: runs the binary, keeping stdout in $OUT, stderr in $ERR, exit in $RC.
ig() {
	OUT=$("$IG" "$@" --reports-dir "$REPORTS" 2>"$WORK/stderr")
	RC=$?
	ERR=$(cat "$WORK/stderr")
}

# igj GATE [ARGS...]: a gate with --json; the document in $OUT.
igj() { local g=$1; shift; ig gate "$g" --json "$@"; }

pass() { passes=$((passes + 1)); echo "ok   $*"; }
fail() { fails=$((fails + 1)); echo "FAIL $*"; }

eq() {	# eq NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

has() {	# has NAME NEEDLE HAYSTACK
	case $3 in *"$2"*) pass "$1" ;; *) fail "$1: '$2' not found in: $(printf '%s' "$3" | head -c 600)" ;; esac
}

hasnt() {
	case $3 in *"$2"*) fail "$1: '$2' must not appear" ;; *) pass "$1" ;; esac
}

jqv() { printf '%s' "$OUT" | jq -r "$1"; }

finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
