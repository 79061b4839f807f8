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
# Writes (replay, sign-off, the console) need an operator: a test that is
# about who it is names one, or unsets these (operator.sh).
export USER=${USER:-igtest} LOGNAME=${LOGNAME:-igtest}
passes=0
fails=0

# In CI (CI=true) and under ./bootstrap check (INGESTGATE_NO_SKIP=1), which
# installs everything, a missing tool is a failure; elsewhere the test is
# skipped (77).
no_skip() { [ "${CI:-}" = true ] || [ "${INGESTGATE_NO_SKIP:-}" = 1 ]; }
need() {
	local missing=""
	for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
	[ -x "$IG" ] || missing="$missing ingestgate-binary"
	[ -n "$missing" ] || return 0
	if no_skip; then
		echo "FAIL: needed but missing:$missing"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: missing:$missing"
	exit 77
}

cleanup() {
	T kill-server
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

# write_env FILE [KEY LINE]...: a clean runtime env file for the offline
# F-00 tests, every secret a planted marker (PLANTED_SECRET_*) a test can
# grep for; each KEY's line is replaced by LINE (dropped when LINE is empty).
write_env() {
	local f=$1; shift
	cat > "$f" <<'ENV'
CORE_API_BASE_URL=https://core-api.internal:8443
CORE_API_ADMIN_TOKEN=adm_PLANTED_SECRET_A1
INGEST_SERVICE_TOKEN=svc_PLANTED_SECRET_B2
INGEST_SERVICE_SECRET=sec_PLANTED_SECRET_C3
REDIS_URL=redis://:PLANTED_SECRET_D4@127.0.0.1:6379/0
INGEST_REDIS_URL=redis://:PLANTED_SECRET_D4@127.0.0.1:6379/0
OPS_DB_URL=postgresql://ingest:PLANTED_SECRET_E5@127.0.0.1:5432/ops_db
PHASE2_BATCH_CODE=F-2026-02-20
WEB_EMIT_BOOKING_EVENT_ENABLED=false
INGEST_QUEUE_ENABLED=true
INGEST_WEBHOOK_ENABLED=true
INGEST_REPLAY_ENABLED=true
ENV
	while [ $# -gt 1 ]; do
		sed -i "/^$1=/d" "$f"
		[ -n "$2" ] && printf '%s\n' "$2" >> "$f"
		shift 2
	done
}

# shim_build: the fault shim (tests/faults/shim.c, LD_PRELOAD) in $SHIM. A
# preloaded library comes before the sanitizer runtime, which ASan allows
# only when told.
shim_build() {
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	SHIM=$WORK/shim.so
	${CC:-cc} -shared -fPIC -o "$SHIM" "$top_srcdir/tests/faults/shim.c" -ldl ||
		{ echo "FAIL: cannot build the test shim"; echo "0 passed, 1 failed"; exit 1; }
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

# --- The console in tmux (the console and fault tests) ---------------------
# T runs tmux against this test's own server; tmux_new starts a fresh server
# for each console (no race with the last one's end); cleanup kills it.
TSOCK=ig$$
tsock_n=0
T() { tmux -L "$TSOCK" "$@" 2>/dev/null; }
# tmux_new COLS LINES COMMAND: COMMAND in a new COLSxLINES tmux window.
tmux_new() {
	T kill-server
	tsock_n=$((tsock_n + 1))
	TSOCK=ig$$-$tsock_n
	T new-session -d -x "$1" -y "$2" "$3"
}
# start_console ROOT ARGS COLS LINES [LOCALE] [ENV...]: the console on report
# root ROOT in a fresh tmux server; quit: Esc out of any dialog, then q, and
# wait for the exit. (A test with other needs defines its own.)
start_console() {
	local root=$1 args=$2 cols=$3 lines=$4 loc=${5:-C.UTF-8}
	shift 5 2>/dev/null || shift $#
	tmux_new "$cols" "$lines" \
		"cd '$WORK' && env LANG=$loc LC_ALL=$loc $* '$IG' console --reports-dir '$root' $args; echo CONSOLE-EXITED \$?; sleep 120"
}
quit() { T send-keys Escape Escape q; wait_text CONSOLE-EXITED 3 >/dev/null; }
# What the terminal shows (SCREEN_FLAGS: more capture-pane flags, e.g. -J).
screen() { T capture-pane -p ${SCREEN_FLAGS:-}; }
# The 18x72 dialog's inside at 80x24 (rows 3 to 20, columns 6 to 73) as one
# line, so that wrapped text reads as it was written.
dialog_text() {
	screen | python3 -c 'import sys
rows = sys.stdin.read().split("\n")[3:21]
print(" ".join(" ".join(l[6:74].split()) for l in rows if l[6:74].strip()))'
}
# IG_WAIT_SCALE (1) stretches every wait for text: CI sets it for the
# sanitizer build, where a loaded machine runs the console several times
# slower. A wait is an upper bound, so stretching it never passes a screen
# that lacks the text; absence checks (lacks) are not stretched.
wait_ns() { echo $(( $1 * ${IG_WAIT_SCALE:-1} * 1000000000 )); }
# wait_text TEXT [SECONDS]: 0 when TEXT shows up in time in what $WAIT_IN
# prints (the screen unless a test sets WAIT_IN=dialog_text).
wait_text() {
	local end=$(( $(date +%s%N) + $(wait_ns "${2:-5}") ))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		"${WAIT_IN:-screen}" | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# wait_until SECONDS SHELL-CONDITION: 0 once the condition holds (polled,
# the bound stretched as wait_text's): for a screen that must show one thing
# and no longer another, never "wait, then look once".
wait_until() {
	local end=$(( $(date +%s%N) + $(wait_ns "$1") ))
	shift
	while [ "$(date +%s%N)" -lt "$end" ]; do
		eval "$*" && return 0
		sleep 0.1
	done
	return 1
}
wait_screen() { WAIT_IN=screen wait_text "$@"; }	# the whole screen
# shows NAME TEXT [SECONDS]: TEXT shows up within SECONDS (SHOWS_WAIT, 5).
shows() {
	if wait_text "$2" "${3:-${SHOWS_WAIT:-5}}"; then pass "$1"; else
		fail "$1: '$2' not on screen (${WAIT_IN:-screen}):"; screen | head -n 50; fi
}
# shows_re NAME REGEX [SECONDS]: a screen line matches the extended regex.
shows_re() {
	local end=$(( $(date +%s%N) + $(wait_ns "${3:-5}") ))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		if screen | grep -qE -- "$2"; then pass "$1"; return; fi
		sleep 0.1
	done
	fail "$1: no line matches '$2':"; screen | head -n 50
}
# lacks NAME TEXT [SECONDS]: after SECONDS (0), TEXT is not on screen.
lacks() {
	sleep "${3:-0}"
	if screen | grep -qF -- "$2"; then fail "$1: '$2' is on screen:"; screen | head -n 50
	else pass "$1"; fi
}
# The text of pane N (1-4) as the screen shows it now: its frame found by
# the title on its top edge, two columns from 80 on (one below), down to
# its bottom edge (the layout fills the screen, so heights vary).
pane() {
	T capture-pane -p | python3 -c '
import re, sys
n = int(sys.argv[1]); rows = sys.stdin.read().split("\n")
width = int(sys.argv[2])
two = width >= 80
left = 0 if not two or n % 2 == 1 else width // 2
w = width // 2 if two and n % 2 == 1 else width - left
top = None
for i, r in enumerate(rows):
    seg = r[left:left + w]
    if top is None and re.match(r"^[┌+][─-][\[ ]%d " % n, seg):
        top = i
    elif top is not None and seg[:1] in ("└", "+"):
        print("\n".join(x[left:left + w] for x in rows[top:i + 1]))
        break
' "$1" "$(T display -p '#{pane_width}')"
}
wait_pane() {	# wait_pane N TEXT SECONDS
	local end=$(( $(date +%s) + $3 ))
	while [ "$(date +%s)" -le "$end" ]; do
		pane "$1" | grep -qF -- "$2" && return 0
		sleep 0.2
	done
	return 1
}
