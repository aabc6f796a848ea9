#!/usr/bin/env bash
# dis on every fixture dump: the panic path disassembled (and compared
# with Debian's crash on 6.1), bad input.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps dis
ref=$(ref_crash)
[ -n "$ref" ] || skip "dis: Debian's crash not installed: no layout comparison"
each_elf_dump dis_check.py "$ref"
