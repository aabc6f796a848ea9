#!/usr/bin/env bash
# list and tree (the container walkers) on every fixture dump, against
# truth.json (tasks, pids, modules, VMAs) and Debian crash; bad input.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps walk
ref=$(ref_crash)
[ -n "$ref" ] || skip "walk: no layout comparison with Debian's crash (not installed, or the sanitizer pass)"

for d in $dirs; do
	[ -f "$d/truth.json" ] || { skip "$(basename "$d"): no truth.json"; continue; }
	# one ELF and one compressed form per fixture: the commands do not
	# depend on the reader beyond what dumps/readers checks
	n=0
	for v in "$d"/vmcore.elf "$d"/vmcore.zlib; do
		[ -f "$v" ] || continue
		# the layouts against Debian's crash once per fixture (ELF)
		r=; [ "$v" = "$d/vmcore.elf" ] && r=$ref
		python3 "$here/walk_check.py" "$CRASH" "$d" "$v" ${r:+"$r"}
		n=$((n + 1))
	done
	[ $n -gt 0 ] || notok "$(basename "$d"): no vmcore.elf, .kdump-flat or .zlib"
done
