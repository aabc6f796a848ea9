#!/usr/bin/env bash
# dis on every fixture dump: the panic path disassembled (and compared
# with Debian's crash on 6.1), bad input.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
: "${CRASH:=$TOP/crash}"

dirs=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
[ -n "$dirs" ] || { skip "dis: no fixture dumps"; exit 0; }
[ -x "$CRASH" ] || { notok "dis: no crash binary at $CRASH"; exit 0; }
command -v python3 >/dev/null || { skip "dis: no python3"; exit 0; }
ref=$(ref_crash)
[ -n "$ref" ] || skip "dis: Debian's crash not installed: no layout comparison"

# the dumps are checked side by side (each mostly waits on its sessions);
# their reports are printed in order
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for d in $dirs; do
	i=$((i + 1))
	[ -f "$d/truth.json" ] || { skip "$(basename "$d"): no truth.json" >"$tmp/$i"; continue; }
	[ -f "$d/vmcore.elf" ] || { skip "$(basename "$d"): no vmcore.elf" >"$tmp/$i"; continue; }
	python3 "$here/dis_check.py" "$CRASH" "$d" "$d/vmcore.elf" ${ref:+"$ref"} >"$tmp/$i" 2>&1 &
done
wait
for f in $(ls "$tmp" | sort -n); do cat "$tmp/$f"; done
