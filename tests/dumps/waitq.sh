#!/usr/bin/env bash
# waitq on every fixture dump, against truth.json: log_wait shows the
# /proc/kmsg reader and the pipe's rd_wait the pipe reader.  One dump file
# per fixture (ELF) unless WAITQ_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps waitq

pat=${WAITQ_DUMPS:-elf}
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
		python3 "$here/waitq_check.py" "$CRASH" "$name/$(basename "$v")" "$d" "${files[@]}"
	done
done
exit 0
