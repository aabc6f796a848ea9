#!/usr/bin/env bash
# search on every fixture dump: strings and values found in kernel, user
# and physical memory (compared with Debian's crash on 6.1), bad input.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps search
ref=$(ref_crash)
[ -n "$ref" ] || skip "search: Debian's crash not installed: no layout comparison"
each_elf_dump search_check.py "$ref"
