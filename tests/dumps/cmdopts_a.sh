#!/usr/bin/env bash
# The options of dis, sym, struct/union, whatis, rd, search, log, ps,
# files, vm, tree and extend (issue 16 item 2) on every fixture dump:
# each against the truth or against the command's other forms (sym -p/-n
# against the neighbours sym -l lists, struct -c 2 against two reads...).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps cmdopts_a
each_elf_dump cmdopts_a_check.py
