#!/usr/bin/env bash
# timer on every fixture dump: the timer wheel and hrtimers checked for
# order and symbols, -C, bad input, and the layouts against Debian crash
# where it opens the dump.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps timer
ref=$(ref_crash)
[ -n "$ref" ] || skip "timer: no layout comparison with Debian's crash (not installed, or the sanitizer pass)"
each_elf_dump timer_check.py "$ref"
