#!/usr/bin/env bash
# Module debuginfo (mod -s/-S/-d/-D) on the crash-kind fixtures, whose
# test module's unstripped crashmod.ko sits next to the dump (6.1:
# core_layout), and on every other fixture (6.12: mem[] layout; arm64)
# with Debian's debug .ko of qemu_fw_cfg and dummy: bt -l, dis -l and sym
# in module code, p of a module static, struct of a module-only type, a
# mismatched file refused, a missing one saying where it looked
# (moddebug_check.py).  The two debug .ko files come from the cache's
# linux-image-KREL-dbg package, extracted once into
# build/moddebug-dbg/KREL (never into the fixture cache); a package over
# 600 MB (arm64's 16K-page kernel) is skipped, to bound the first run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps moddebug
kinds=$("$FIXTURES/mkdumps" --list-kinds 2>/dev/null | awk '{print $NF}')
others=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
# dbgdir DUMPDIR: a debug directory (usr/lib/debug) holding the dump's
# kernel's qemu_fw_cfg.ko and dummy.ko, or nothing.
dbgdir() {
	local d=$1 krel deb out
	krel=$(awk '$1 == "kernel" {print $2}' "$d/MANIFEST" 2>/dev/null)
	[ -n "$krel" ] || return 0
	out=$TOP/build/moddebug-dbg/$krel
	if [ ! -f "$out/.done" ]; then
		deb=$(ls "$d"/../../debs/linux-image-"$krel"-dbg_*.deb 2>/dev/null | head -1)
		[ -n "$deb" ] || return 0
		[ "$(stat -L -c %s "$deb")" -le $((600 << 20)) ] || return 0
		rm -rf "$out" && mkdir -p "$out"
		dpkg-deb --fsys-tarfile "$deb" 2>/dev/null |
			tar -x -C "$out" --wildcards '*/qemu_fw_cfg.ko' '*/dummy.ko' 2>/dev/null
		[ -n "$(find "$out" -name qemu_fw_cfg.ko)" ] && touch "$out/.done"
	fi
	[ -f "$out/.done" ] && echo "$out/usr/lib/debug"
}
ref=$(ref_crash) # the tables beside Debian's crash's, on the oops dump
out=$(mktemp -d)
i=0
for d in $kinds $others; do
	i=$((i + 1))
	[ -f "$d/vmcore.elf" ] || { skip "$(basename "$d"): no vmcore.elf" >"$out/$i"; continue; }
	dd=$(dbgdir "$d") # here, not in the background: one extraction per kernel
	MODDBG_DIR=$dd python3 "$here/moddebug_check.py" "$CRASH" "$d" "$d/vmcore.elf" ${ref:+"$ref"} \
		>"$out/$i" 2>&1 &
	# two sessions at a time: the machine is shared
	[ $((i % 2)) = 0 ] && wait
done
wait
for j in $(seq 1 $i); do cat "$out/$j"; done
rm -rf "$out"
