#!/bin/sh
# Turns standard input into a C array named $1, NUL-terminated, so that a
# data file is compiled into the binary without xxd.
set -e
name=$1
echo "/* Generated from a data file by build-aux/embed.sh; do not edit. */"
echo "extern const char ${name}[];"
echo "const char ${name}[] = {"
od -An -v -tx1 | sed -e 's/[0-9a-f][0-9a-f]/0x&,/g' -e 's/^ *//'
echo "0x00 };"
