#!/usr/bin/env python3
"""put_section.py RESULTS HEADING SECTION: RESULTS.md with its section whose
heading starts with HEADING (a plain "## ..." prefix) replaced by SECTION,
which goes at the end; the other sections are left as they are. Each bench
script writes its own section through this, so a run of one does not lose
another's figures."""
import re
import sys

path, heading, section = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    text = open(path).read()
except FileNotFoundError:
    text = ""
text = re.sub(r"\n" + re.escape(heading) + r".*?(?=\n## |\Z)", "", text, flags=re.S)
open(path, "w").write(text.rstrip("\n") + "\n\n" + section + "\n")
