#!/usr/bin/env bash
# net on every fixture dump: devices and a task's sockets against
# truth.json, -n and -N, bad input, and the devices against Debian crash
# where it opens the dump.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps net
ref=$(ref_crash)
[ -n "$ref" ] || skip "net: no layout comparison with Debian's crash (not installed, or the sanitizer pass)"
each_elf_dump net_check.py "$ref"
