#!/usr/bin/env bash
# Module debuginfo (mod -s/-S/-d/-D) on the crash-kind fixtures, whose
# test module's unstripped crashmod.ko sits next to the dump (6.1:
# core_layout), and on every other fixture (6.12: mem[] layout; arm64)
# with Debian's debug .ko of qemu_fw_cfg and dummy: bt -l, dis -l and sym
# in module code, p of a module static, struct of a module-only type, a
# mismatched file refused, a missing one saying where it looked
# (moddebug_check.py).  The debug .ko files come from the cache's
# linux-image-KREL-dbg package (module_debug_dir in lib.bash).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps moddebug
kinds=$("$FIXTURES/mkdumps" --list-kinds 2>/dev/null | awk '{print $NF}')
others=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
ref=$(ref_crash) # the tables beside Debian's crash's, on the oops dump
out=$(mktemp -d)
i=0
for d in $kinds $others; do
	i=$((i + 1))
	[ -f "$d/vmcore.elf" ] || { skip "$(basename "$d"): no vmcore.elf" >"$out/$i"; continue; }
	dd=$(module_debug_dir "$d") # here, not in the background: one extraction per kernel
	MODDBG_DIR=$dd python3 "$here/moddebug_check.py" "$CRASH" "$d" "$d/vmcore.elf" ${ref:+"$ref"} \
		>"$out/$i" 2>&1 &
	# two sessions at a time: the machine is shared
	[ $((i % 2)) = 0 ] && wait
done
wait
for j in $(seq 1 $i); do cat "$out/$j"; done
rm -rf "$out"
