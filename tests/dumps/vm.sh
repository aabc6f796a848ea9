#!/usr/bin/env bash
# vm on every fixture dump, against truth.json:
#  - vm PID lists exactly the mappings of /proc/PID/maps (start, end, path)
#    for every workload task;
#  - vm -p of the memory hog shows swapped-out pages on the zram device
#    with plausible, distinct offsets, and physical addresses for resident
#    pages whose bytes (read from the ELF dump) start "wl-hog page";
#  - vm and ps show the same RSS for every task with an address space;
#  - foreach vm runs over all tasks without error lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps vm

# VM_DUMPS='elf' limits the dump files tried (a glob on the suffix).
pat=${VM_DUMPS:-*}

for d in $dirs; do
	[ -f "$d/truth.json" ] || { skip "$(basename "$d"): no truth.json"; continue; }
	for v in "$d"/vmcore.$pat; do
		[ -f "$v" ] || continue
		case "$v" in *.split.2) continue ;; esac
		python3 "$here/vm_check.py" "$CRASH" "$d" "$v"
	done
done
exit 0
