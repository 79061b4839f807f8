#!/usr/bin/env bash
# SPEC section 2: an env file means what the Node apps' dotenv says. Runs the
# real dotenv package (tests/node, pinned) and src/config/envfile.c (through the
# test-only tests/integration/envfile_dump) over every file of
# tests/fixtures/env/dotenv/ and over generated files, comparing every key and
# value. In CI a missing node or dotenv is a failure, never a skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
dump=$top_builddir/tests/integration/envfile_dump

nm=$top_srcdir/tests/node/node_modules
[ -d "$nm/dotenv" ] || nm=${INGESTGATE_NODE_MODULES:-$nm}
missing=""
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -d "$nm/dotenv" ] || missing="$missing dotenv($nm)"
[ -x "$dump" ] || missing="$missing $dump"
if [ -n "$missing" ]; then
	if [ "${CI:-}" = true ] || [ "${INGESTGATE_NO_SKIP:-}" = 1 ]; then
		echo "FAIL: needed but missing:$missing (./bootstrap check installs them)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: missing:$missing"
	exit 77
fi
exec node "$here/dotenv_oracle.js" "$nm" "$dump" \
	"$top_srcdir/tests/fixtures/env/dotenv" "${ORACLE_GENERATED:-3000}"
