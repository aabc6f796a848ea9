#!/usr/bin/env bash
# irq on every fixture dump, against truth.json: irq -u names and irq -s
# counts match /proc/interrupts (counts may only have grown since it was
# read); -s -c, -b and -d.  One dump file per fixture (ELF) unless
# IRQ_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps irq

pat=${IRQ_DUMPS:-elf}
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
		python3 "$here/irq_check.py" "$CRASH" "$name/$(basename "$v")" "$d" "${files[@]}"
	done
done
exit 0
