#!/usr/bin/env bash
# ipcs, irq and waitq on every fixture dump, against truth.json: ipcs lists
# exactly /proc/sysvipc's objects; irq names and irq -s counts match
# /proc/interrupts (counts may only have grown since it was read); waitq
# log_wait shows the /proc/kmsg reader and the pipe's rd_wait the pipe
# reader.  One dump file per fixture (ELF) unless IPCIRQ_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps ipcirq

pat=${IPCIRQ_DUMPS:-elf}
for d in $dirs; do
	name=$(basename "$d")
	[ -f "$d/truth.json" ] || { skip "$name: no truth.json"; continue; }
	for v in "$d"/vmcore.$pat; do
		[ -f "$v" ] || continue
		files=("$v")
		case "$v" in
		*.split.2) continue ;;
		*.split.1) files=("$v" "${v%.1}.2") ;;
		esac
		python3 "$here/ipcirq_check.py" "$CRASH" "$name/$(basename "$v")" "$d" "${files[@]}"
	done
done
exit 0
