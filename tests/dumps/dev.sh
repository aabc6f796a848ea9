#!/usr/bin/env bash
# dev on every fixture dump: the devices behind truth.json's swap (zram),
# its modules (loop) and its open files (/dev/console, /dev/null); exact
# output of Debian's crash on the 6.1 dumps it opens; bad input gives one
# error line.  Debian's crash takes ~15 s a dump, so it runs on two 6.1
# dumps (in parallel) unless DEV_REF_ALL=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps dev
ref=$(ref_crash)
[ -n "$ref" ] || skip "dev: Debian's crash not installed: no layout comparison"
# the debug .ko of zram and loop, for kernels whose modules' kallsyms
# has no data symbols (arm64 6.1): dev names their operations after mod -S
map=$(mktemp)
for d in $dirs; do
	dd=$(module_debug_dir "$d")
	[ -n "$dd" ] && printf '%s\t%s\n' "$d" "$dd" >>"$map"
done
MODDBG_MAP=$map python3 "$here/dev_check.py" "$CRASH" "${ref:-}" $dirs
rm -f "$map"
exit 0
