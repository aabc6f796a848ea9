#!/usr/bin/env bash
# kmem on every fixture dump: -i against truth.json's /proc/meminfo, -s
# cache names and counts, kmem ADDR of a task_struct and of a task stack,
# -p against vtop; layouts against Debian's crash on the dumps it opens;
# bad input.  The fixtures run in parallel: Debian's crash needs seconds
# to start on each.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps kmem
ref=$(ref_crash)
[ -n "$ref" ] || skip "kmem: Debian's crash not installed: no layout comparison"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
nref=0
for d in $dirs; do
	i=$((i + 1))
	if [ ! -f "$d/truth.json" ]; then
		skip "$(basename "$d"): no truth.json" >"$tmp/$i"
		continue
	fi
	n=0
	for v in "$d"/vmcore.elf "$d"/vmcore.zlib; do
		[ -f "$v" ] || continue
		# Debian's crash needs ~9 s of CPU to open a dump: run it once
		# per fixture (the layout does not depend on the dump's format),
		# on the first two 6.1 fixtures (a kdump and a qemu dump; the
		# others have the same layout), never on newer kernels: crash
		# 8.0.2 cannot open them and finding out costs seconds too
		r=""
		if [ $n -eq 0 ] && [ $nref -lt 2 ] && grep -q '"release": *"6\.1\.' "$d/truth.json"; then
			r=$ref
			nref=$((nref + 1))
		fi
		python3 "$here/kmem_check.py" "$CRASH" "$d" "$v" ${r:+"$r"} >"$tmp/$i.$n" 2>&1 &
		n=$((n + 1))
	done
	[ $n -gt 0 ] || notok "$(basename "$d"): no vmcore.elf or .zlib" >"$tmp/$i"
done
wait
cat "$tmp"/*
