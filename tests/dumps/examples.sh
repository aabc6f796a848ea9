#!/usr/bin/env bash
# Issue 16's acceptance test: the EXAMPLES of every command's crash help
# page (examples.txt), adapted to each fixture dump and run in one session
# per dump (ELF dumps: the commands do not depend on the reader); on the
# 6.1 dumps their headers and columns are compared with Debian's crash.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps examples
ref=$(ref_crash)
[ -n "$ref" ] || skip "examples: Debian's crash not installed: no layout comparison"
each_elf_dump examples_check.py "$ref"
