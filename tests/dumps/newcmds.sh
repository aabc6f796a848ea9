#!/usr/bin/env bash
# ascii and wr on every fixture dump (issue 16's missing commands): the
# value and chart forms of ascii against Debian's crash on 6.1, wr's one
# refusal line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps newcmds
ref=$(ref_crash)
[ -n "$ref" ] || skip "newcmds: Debian's crash not installed: no layout comparison"
each_elf_dump newcmds_check.py "$ref"
