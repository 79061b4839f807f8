#!/usr/bin/env bash
# make install (issue 24, item 1): prefix and DESTDIR honoured; the binary,
# the man page and the three completions land where each belongs; the
# installed binary works from any folder (nothing it reads at run time
# lives in the source tree); make uninstall takes it all back.
. "$(dirname "$0")/lib.sh"
need make man

dest=$WORK/dest
# A make of its own: not the test harness's jobserver.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" "$@"; }

mk install DESTDIR="$dest" prefix=/opt/ig >"$WORK/install.log" 2>&1; RC=$?
eq "make install DESTDIR=... prefix=/opt/ig: exit 0" 0 "$RC"
[ "$RC" = 0 ] || cat "$WORK/install.log"
for f in bin/ingestgate share/man/man1/ingestgate.1 \
    share/bash-completion/completions/ingestgate \
    share/zsh/vendor-completions/_ingestgate \
    share/fish/vendor_completions.d/ingestgate.fish; do
	[ -s "$dest/opt/ig/$f" ] && pass "installed: $f" || fail "not installed: $f"
done
[ -e "$top_builddir/opt" ] || [ -e /opt/ig ] && fail "something escaped DESTDIR" || pass "nothing outside DESTDIR"

# From another folder, with no source tree in reach.
bin=$dest/opt/ig/bin/ingestgate
cd /
out=$("$bin" --version); RC=$?
eq "installed --version" "0:ingestgate $(sed -n 's/^AC_INIT(\[ingestgate\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")" "$RC:$out"
out=$("$bin" help); RC=$?
eq "installed help: exit 0" 0 "$RC"
has "installed help: the commands" "completion" "$out"
out=$("$bin" playbook DLQ_GROWTH_HIGH --lang id); RC=$?
eq "installed playbook (built in, from /): exit 0" 0 "$RC"
has "installed playbook: the entry" "DLQ_GROWTH_HIGH" "$out"
write_env "$WORK/e.env" PHASE2_BATCH_CODE PHASE2_BATCH_CODE=F-1
out=$("$bin" gate env-baseline --offline --env-file "$WORK/e.env" --reports-dir "$WORK/r"); RC=$?
eq "installed gate from /: exit 0" 0 "$RC"
eq "installed gate: result line" INGEST_ENV_BASELINE_RESULT=PASS "$(printf '%s\n' "$out" | tail -n 1)"
page=$(MANWIDTH=100 man -l "$dest/opt/ig/share/man/man1/ingestgate.1" 2>"$WORK/man.err"); RC=$?
eq "man -l on the installed page: exit 0" 0 "$RC"
for s in INSTALL FILES ENVIRONMENT; do has "man page: $s section" "$s" "$page"; done
has "man page: names the completion folders" "vendor_completions.d" "$page"
# The page as the README offers it on a fresh clone (not built yet).
page=$(man -l "$top_srcdir/man/ingestgate.1.in" 2>/dev/null); RC=$?
eq "man -l man/ingestgate.1.in (fresh clone): exit 0" 0 "$RC"
has "the unbuilt page reads" "ingestgate" "$page"
has "README: says how to read the page before a build" "man -l man/ingestgate.1.in" "$(cat "$top_srcdir/README.md")"

# The installed bash completion completes.
got=$(bash -c 'source "$1"; COMP_WORDS=(ingestgate gate proc); COMP_CWORD=2
	_ingestgate; echo "${COMPREPLY[*]}"' _ "$dest/opt/ig/share/bash-completion/completions/ingestgate")
eq "installed bash completion: gate proc<TAB>" processing "$got"
cd "$WORK"

mk uninstall DESTDIR="$dest" prefix=/opt/ig >"$WORK/uninstall.log" 2>&1; RC=$?
eq "make uninstall: exit 0" 0 "$RC"
eq "make uninstall: no file left" "" "$(find "$dest" -type f)"

finish
