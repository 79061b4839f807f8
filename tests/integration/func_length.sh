#!/usr/bin/env bash
# House rules: no function of src/ or ui/ is longer than 80 lines (issue 11)
# and no source file longer than 800 (issue 20: a file that grows splits by
# concept).
# A function is a body that opens with "{" alone in column 0 (the house
# style's definition layout) and closes with "}" in column 0; its name is
# the last identifier before "(" in the lines above the brace.
. "$(dirname "$0")/lib.sh"
need awk

limit=80
files=$(ls "$top_srcdir"/src/*.c "$top_srcdir"/src/*/*.c "$top_srcdir"/ui/*.c)
awk -v limit="$limit" -v top="$top_srcdir/" '
FNR == 1 { sig = ""; inbody = 0 }
inbody && /^}/ {
	n = FNR - start + 1
	total++
	if (n > limit) { f = FILENAME; sub(top, "", f); printf "  %s:%d %s: %d lines\n", f, start, name, n }
	inbody = 0; sig = ""; next
}
inbody { next }
/^\{/ {
	s = sig; name = "?"
	while (match(s, /[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/)) {
		name = substr(s, RSTART, RLENGTH); sub(/[ \t]*\($/, "", name)
		if (name != "__attribute__") break
		s = substr(s, RSTART + RLENGTH)
	}
	start = FNR; inbody = 1; next
}
/^[A-Za-z_]/ { sig = $0; next }
/^[ \t]/ && sig != "" { sig = sig " " $0; next }
{ sig = "" }
END { print "functions read:", total > "/dev/stderr" }
' $files > "$WORK/long" 2> "$WORK/count"
read_n=$(awk '{ print $3 }' "$WORK/count")
eq "functions read" yes "$([ "${read_n:-0}" -gt 300 ] && echo yes)"
eq "no function over $limit lines in src/ or ui/" "" "$(cat "$WORK/long")"

files_limit=800
# playbook_data.c is written by the build from playbook.json.
sources=$(ls $files "$top_srcdir"/src/*/*.h "$top_srcdir"/ui/*.h | grep -v '/playbook_data\.c$')
long_files=$(wc -l $sources |
    awk -v limit="$files_limit" -v top="$top_srcdir/" '$2 != "total" && $1 > limit { f = $2; sub(top, "", f); print "  " f ": " $1 " lines" }')
eq "no source file over $files_limit lines in src/ or ui/" "" "$long_files"
echo "largest files:"
wc -l $sources | sort -rn | sed -n '2,6p' | sed "s|$top_srcdir/||; s/^/ /"
finish
