#!/usr/bin/env bash
# The options of dev, net, sys, runq and mod (issue 16 item 2) on every
# fixture dump, the kinds dumps included for mod -t: against the truth,
# against what the dump says through other commands, and against Debian's
# crash where it opens the dump (6.1).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps moreopts
ref=$(ref_crash)
[ -n "$ref" ] || skip "moreopts: Debian's crash not installed: no layout comparison"
kinds=$("$FIXTURES/mkdumps" --list-kinds 2>/dev/null | awk '{print $NF}' | head -1)
dirs="$dirs $kinds"
each_elf_dump moreopts_check.py "$ref"
