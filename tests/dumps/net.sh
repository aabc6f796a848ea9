#!/usr/bin/env bash
# net on every fixture dump: devices and a task's sockets against
# truth.json, -n and -N, bad input, and the devices against Debian crash
# where it opens the dump.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
: "${CRASH:=$TOP/crash}"

dirs=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
[ -n "$dirs" ] || { skip "net: no fixture dumps"; exit 0; }
[ -x "$CRASH" ] || { notok "net: no crash binary at $CRASH"; exit 0; }
command -v python3 >/dev/null || { skip "net: no python3"; exit 0; }
ref=$(ref_crash)
[ -n "$ref" ] || skip "net: no layout comparison with Debian's crash (not installed, or the sanitizer pass)"

# the fixtures are checked side by side (each check is mostly waiting for
# crash to open its dump); outputs are printed in fixture order
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for d in $dirs; do
	i=$((i + 1))
	if [ ! -f "$d/truth.json" ]; then
		skip "$(basename "$d"): no truth.json" >"$tmp/$i"
	elif [ ! -f "$d/vmcore.elf" ]; then
		# the commands do not depend on the dump reader: the ELF form only
		skip "$(basename "$d"): no vmcore.elf" >"$tmp/$i"
	else
		python3 "$here/net_check.py" "$CRASH" "$d" "$d/vmcore.elf" ${ref:+"$ref"} \
			>"$tmp/$i" 2>&1 &
	fi
done
wait
for j in $(seq 1 $i); do cat "$tmp/$j"; done
