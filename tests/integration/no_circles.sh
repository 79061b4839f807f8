#!/usr/bin/env bash
# No import circles between the objects of src/ and ui/, nor between their
# folders (the layers), from the linker's view: an edge A -> B when A.o uses
# a symbol that B.o defines; a circle is a strongly connected component of
# more than one node. Reads libingestgate.a and the program's objects, prints
# the folder graph, and checks no decision word in ui/.
. "$(dirname "$0")/lib.sh"
need nm

lib=$top_builddir/libingestgate.a
prog=$(ls "$top_builddir"/src/ingestgate-*.o "$top_builddir"/ui/ingestgate-*.o 2>/dev/null)
if [ ! -f "$lib" ] || [ -z "$prog" ]; then
	echo "FAIL: no objects under $top_builddir"; echo "0 passed, 1 failed"; exit 1
fi
# "object symbol" rows; object names without the automake prefix.
syms() { nm -A "$@" "$lib" $prog 2>/dev/null |
	sed -E 's/^[^:]*\.a:|^([^:]*\/)//; s/^(libingestgate_a|ingestgate)-//; s/\.o:/ /' |
	awk '{ print $NF, $1 }'; }
syms --defined-only -g | sort -u > "$WORK/defs"
syms -u | sort -u | join - "$WORK/defs" | awk '$2 != $3 { print $2, $3 }' |
    sort -u > "$WORK/edges"
eq "objects read" yes "$([ "$(wc -l < "$WORK/edges")" -gt 50 ] && echo yes)"

# Strongly connected components of the edges on stdin ("from to" rows), by
# transitive closure: each circle on a line, its nodes sorted.
circles() {
	sort -u | awk '
{ r[$1, $2] = 1; node[$1]; node[$2] }
END {
	n = 0
	for (v in node) name[n++] = v
	for (k = 0; k < n; k++) for (i = 0; i < n; i++) {
		if (!((name[i], name[k]) in r)) continue
		for (j = 0; j < n; j++)
			if ((name[k], name[j]) in r) r[name[i], name[j]] = 1
	}
	for (i = 0; i < n; i++) {
		if (name[i] in done) continue
		line = name[i]; cnt = 1
		for (j = 0; j < n; j++)
			if (j != i && (name[i], name[j]) in r && (name[j], name[i]) in r) {
				line = line " " name[j]; cnt++; done[name[j]]
			}
		if (cnt > 1) print line
	}
}
' | while read -r l; do echo $l | tr ' ' '\n' | sort | paste -sd ' '; done | sort
}
awk '{ print $1, $2 }' "$WORK/edges" | circles > "$WORK/circles"

# Any circle fails, printed as its sorted objects.
if [ ! -s "$WORK/circles" ]; then
	pass "no import circle among the objects"
else
	sed 's/^/  circle: /' "$WORK/circles"
	fail "import circles among the objects of src/ and ui/"
fi

# The layers: each object's folder from its source file (object names are
# unique across src/ and ui/), folder edges from object edges. Printed so a
# reader sees which folder uses which.
(cd "$top_srcdir" && find src ui -name '*.c') |
    sed -E 's|^(.*)/([^/]+)\.c$|\2 \1|' | sort -u > "$WORK/folder_of"
echo "playbook_data src/playbook" >> "$WORK/folder_of"	# generated in the build tree
awk 'NR == FNR { f[$1] = $2; next }
     !($1 in f) || !($2 in f) { print "unmapped", $1, $2; next }
     f[$1] != f[$2] { print f[$1], f[$2] }' "$WORK/folder_of" "$WORK/edges" |
    sort -u > "$WORK/fedges"
eq "every object mapped to its folder" "" "$(grep '^unmapped' "$WORK/fedges")"
echo "folder graph (folder: the folders it uses):"
awk '{ u[$1] = u[$1] " " $2 } END { for (f in u) print "  " f ":" u[f] }' \
    "$WORK/fedges" | sort
eq "folders read" yes "$([ "$(awk '{ print $1 }' "$WORK/fedges" | sort -u | wc -l)" -ge 8 ] && echo yes)"
circles < "$WORK/fedges" > "$WORK/fcircles"
if [ ! -s "$WORK/fcircles" ]; then
	pass "no circle between folders"
else
	sed 's/^/  folder circle: /' "$WORK/fcircles"
	fail "circles between the folders of src/ and ui/"
fi

# ui/ draws the core's decision and never spells one: the words, and which
# is good or bad, come from src/release/decision.c.
words=$(grep -nwE 'GO|NO-GO|PENDING' "$top_srcdir"/ui/*.[ch])
[ -n "$words" ] && echo "$words"
eq "no decision word spelled in ui/" "" "$words"
finish
