#!/usr/bin/env bash
# ipcs on every fixture dump, against truth.json: the three sections list
# exactly /proc/sysvipc's objects, -m/-s/-q one section each, -M the pages
# of a segment, -i and -n.  One dump file per fixture (ELF) unless
# IPCS_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps ipcs

pat=${IPCS_DUMPS:-elf}
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
		python3 "$here/ipcs_check.py" "$CRASH" "$name/$(basename "$v")" "$d" "${files[@]}"
	done
done
exit 0
