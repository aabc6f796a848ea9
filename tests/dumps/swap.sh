#!/usr/bin/env bash
# swap on every fixture dump: the areas of /proc/swaps (truth.json), size
# and used within what the kernel's slot caches may hold back.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps swap

# SWAP_DUMPS='elf' limits the dump files tried (a glob on the suffix).
pat=${SWAP_DUMPS:-*}

for d in $dirs; do
	[ -f "$d/truth.json" ] || { skip "$(basename "$d"): no truth.json"; continue; }
	for v in "$d"/vmcore.$pat; do
		[ -f "$v" ] || continue
		case "$v" in *.split.2) continue ;; esac
		python3 "$here/swap_check.py" "$CRASH" "$d" "$v"
	done
done
exit 0
