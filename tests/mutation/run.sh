#!/usr/bin/env bash
# make mutation: each mutant of tests/mutation/*.mut is applied alone to a
# scratch copy of the source tree, the copy is rebuilt (only what changed),
# the one test the mutant names is run, and the source is restored. A test
# that fails kills the mutant; the kill rate is printed at the end. Slow (a
# rebuild and a test per mutant): not part of make check or CI.
#
# A mutant is a line-substitution record, not a diff, so that it survives
# edits around it (other work moves lines all the time):
#
#   file: src/release/decision.c          the source file
#   test: tests/unit/check_decision       the test that must kill it
#   why:  a WARN stage counted as PASS    what behaviour it breaks (optional)
#   from: <the exact original line, leading tabs included>
#   to:   <the mutated line>
#
# "from" must match exactly one line of the file (after the "from: "
# prefix, tabs and spaces as written); a record that matches no line or
# several is reported STALE (the code moved on: update the record), never
# silently skipped or applied to the wrong place. A mutant whose copy does
# not build is STILLBORN and leaves the rate. Before the mutants, each test
# named is run once on the unmutated copy: a test that fails there cannot
# kill anything and its mutants are reported BASELINE-FAIL.
#
# Usage: tests/mutation/run.sh [PATTERN...]   (PATTERN: part of a mutant's
# file name; none: every mutant). MUTATION_DIR keeps the scratch copy there.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=${top_srcdir:-$(cd "$here/../.." && pwd)}
jobs=${MUTATION_JOBS:-2}
tmo=${MUTATION_TIMEOUT:-300}

mutants=()
for m in "$here"/*.mut; do
	if [ $# -eq 0 ]; then mutants+=("$m"); continue; fi
	for p in "$@"; do case ${m##*/} in *"$p"*) mutants+=("$m"); break ;; esac; done
done
[ ${#mutants[@]} -gt 0 ] || { echo "mutation: no mutant matches" >&2; exit 64; }

scratch=${MUTATION_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/igmut.XXXXXX")}
mkdir -p "$scratch"
chmod 755 "$scratch"	# the integration tests' PostgreSQL runs as postgres
tree=$scratch/tree
log=$scratch/log
mkdir -p "$log"
echo "mutation: scratch copy in $tree (${#mutants[@]} mutants)"

# The copy: the working tree as it is (tracked and new files, not the build),
# built once; later builds recompile only the mutated file.
if [ ! -f "$tree/Makefile" ]; then
	mkdir -p "$tree"
	(cd "$src" && git ls-files -co --exclude-standard -z | grep -zv '^tests/node/node_modules' |
		xargs -0 cp --parents -a -t "$tree") || { echo "mutation: copy failed" >&2; exit 1; }
	[ -e "$src/tests/node/node_modules" ] &&
		ln -sfn "$(readlink -f "$src/tests/node/node_modules")" "$tree/tests/node/node_modules"
	(cd "$tree" && autoreconf -fi >/dev/null 2>&1 && ./configure -q --enable-werror) \
		>"$log/configure.log" 2>&1 || { echo "mutation: configure failed ($log/configure.log)" >&2; exit 1; }
fi
build() {	# build TEST: the program, the simulator and, for a unit test, itself
	local t=(ingestgate tests/sim/core-api-sim)
	case $1 in tests/unit/*) t+=("$1") ;; esac
	(cd "$tree" && make -s -j"$jobs" "${t[@]}") >"$log/build.log" 2>&1
}
runtest() {	# runtest TEST LOG: 0 when the test passes
	local t=$1
	(cd "$tree" && top_srcdir=$tree top_builddir=$tree INGESTGATE=$tree/ingestgate \
		INGESTGATE_SIM=$tree/tests/sim/core-api-sim \
		timeout "$tmo" bash -c 'case $0 in *.sh) exec bash "$0" ;; *) exec "./$0" ;; esac' "$t") \
		>"$2" 2>&1 </dev/null
}
field() { sed -n "s/^$1: //p" "$2" | head -n 1; }

# The substitution itself, in Python: exact whole-line match, one only.
subst() {	# subst FILE FROM TO: 0 applied, 3 no match, 4 several
	python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")
hits = [i for i, l in enumerate(lines) if l == old]
if not hits:
    sys.exit(3)
if len(hits) > 1:
    sys.exit(4)
lines[hits[0]] = new
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
PY
}

build none || { echo "mutation: the unmutated copy does not build ($log/build.log)" >&2; exit 1; }
declare -A base
for m in "${mutants[@]}"; do
	t=$(field test "$m")
	[ -n "${base[$t]:-}" ] && continue
	case $t in tests/unit/*) build "$t" ;; esac
	if runtest "$t" "$log/baseline-${t##*/}.log"; then base[$t]=ok; else base[$t]=fail
		echo "mutation: BASELINE-FAIL $t passes not even unmutated ($log/baseline-${t##*/}.log)"; fi
done

killed=0 survived=0 stale=0 still=0 basefail=0
survivors=""
for m in "${mutants[@]}"; do
	name=${m##*/}; name=${name%.mut}
	f=$(field file "$m"); t=$(field test "$m")
	from=$(sed -n 's/^from: //p' "$m"); to=$(sed -n 's/^to: //p' "$m")
	if [ -z "$f" ] || [ -z "$t" ] || [ ! -f "$tree/$f" ]; then
		printf '%-12s %s (no such file: %s)\n' STALE "$name" "$f"; stale=$((stale + 1)); continue
	fi
	if [ "${base[$t]}" != ok ]; then
		printf '%-12s %s\n' BASELINE-FAIL "$name"; basefail=$((basefail + 1)); continue
	fi
	cp -p "$tree/$f" "$scratch/orig"
	subst "$tree/$f" "$from" "$to"
	case $? in
	0) ;;
	3) printf '%-12s %s (the from line is not in %s)\n' STALE "$name" "$f"; stale=$((stale + 1)); continue ;;
	*) printf '%-12s %s (the from line is in %s more than once)\n' STALE "$name" "$f"; stale=$((stale + 1)); continue ;;
	esac
	if ! build "$t"; then
		printf '%-12s %s\n' STILLBORN "$name"; still=$((still + 1))
		cp "$log/build.log" "$log/$name.build.log"
	elif runtest "$t" "$log/$name.log"; then
		printf '%-12s %s  (%s: %s)\n' SURVIVED "$name" "$t" "$(field why "$m")"
		survived=$((survived + 1)); survivors="$survivors $name"
	else
		printf '%-12s %s\n' KILLED "$name"; killed=$((killed + 1))
	fi
	# Restored with a fresh mtime, so the next build recompiles it.
	cp "$scratch/orig" "$tree/$f"; touch "$tree/$f"
done
build none >/dev/null 2>&1
total=$((killed + survived))
echo "mutation: $killed of $total killed ($still stillborn, $stale stale, $basefail baseline-fail)"
[ -n "$survivors" ] && echo "mutation: survivors:$survivors"
[ -z "${MUTATION_DIR:-}" ] && [ "$survived" -eq 0 ] && rm -rf "$scratch"
[ "$survived" -eq 0 ] && [ "$stale" -eq 0 ] && [ "$basefail" -eq 0 ]
