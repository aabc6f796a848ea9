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
: "${CRASH:=$TOP/crash}"

dirs=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
[ -n "$dirs" ] || { skip "ipcirq: no fixture dumps"; exit 0; }
[ -x "$CRASH" ] || { notok "ipcirq: no crash binary at $CRASH"; exit 0; }
command -v python3 >/dev/null || { skip "ipcirq: no python3"; exit 0; }
# A binary built without the kernel-types layer cannot open a dump at all.
first=$(echo "$dirs" | head -1)
if printf 'log -t\n' | timeout 300 "$CRASH" -s "$first/vmlinux" "$first/vmcore.elf" 2>&1 | grep -q 'no kernel support'; then
	skip "ipcirq: this crash binary cannot open dumps (no kernel support built)"
	exit 0
fi

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
