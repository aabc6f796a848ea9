#!/usr/bin/env bash
# The expression language on every fixture dump (expr_check.py): static
# data against gdb on the fixture's vmlinux, values against truth.json and
# the other commands, and the lines Debian's crash prints where it opens
# the dump.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps expr
ref=$(ref_crash)
[ -n "$ref" ] || skip "expr: no comparison with Debian's crash (not installed, or the sanitizer pass)"
command -v gdb >/dev/null || skip "expr: gdb is not installed: static data not compared with gdb"
sel=()
for d in $dirs; do
	[ -f "$d/truth.json" ] || { skip "$(basename "$d"): no truth.json"; continue; }
	sel+=("$d")
done
[ ${#sel[@]} -gt 0 ] && python3 "$here/expr_check.py" "$CRASH" "$ref" "${sel[@]}"
