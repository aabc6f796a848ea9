#!/usr/bin/env bash
# arm64-only facts on every arm64 fixture dump, each form: the machine and
# page size, the kernel image, linear map, vmalloc and module mappings
# read the same virtually and physically (rd at vtop's PHYSICAL), the
# page-table walk's levels for the VA bits TTBR1 translates, the panic
# task's return addresses free of pointer-authentication bits, and the
# disassembler's AArch64 output.
set -u
. "$(dirname "$0")/lib.bash"
: "${CRASH:=$TOP/crash}"
list=$("$FIXTURES/mkdumps" --list-arm64 2>/dev/null) || list=""
[ -n "$list" ] || { skip "arm64: no arm64 fixture dumps"; exit 0; }

# vmcoreinfo KEY DUMP: a VMCOREINFO value of an ELF dump
vmcoreinfo() {
	python3 - "$2" "$1" <<'PY'
import struct, sys
f = open(sys.argv[1], "rb"); h = f.read(64)
phoff, = struct.unpack_from("<Q", h, 32); phnum, = struct.unpack_from("<H", h, 56)
f.seek(phoff); ph = f.read(56 * phnum)
for i in range(phnum):
    t, _, off, _, _, fs, _, _ = struct.unpack_from("<IIQQQQQQ", ph, 56 * i)
    if t != 4:
        continue
    f.seek(off); d = f.read(fs); p = 0
    while p + 12 <= len(d):
        n, s, _ = struct.unpack_from("<III", d, p); p += 12
        name = d[p:p + n].rstrip(b"\0"); p += (n + 3) & ~3
        desc = d[p:p + s]; p += (s + 3) & ~3
        if name == b"VMCOREINFO":
            for l in desc.decode(errors="replace").splitlines():
                if l.startswith(sys.argv[2] + "="):
                    print(l.split("=", 1)[1])
PY
}

while read -r name dir; do
	[ -f "$dir/vmcore.elf" ] || continue
	psz=$(vmcoreinfo PAGESIZE "$dir/vmcore.elf")
	t1sz=$(vmcoreinfo 'NUMBER(TCR_EL1_T1SZ)' "$dir/vmcore.elf")
	for f in "$dir"/vmcore.*; do
		case $f in *.split.[2-9]) continue ;; esac
		files=("$f")
		case $f in *.split.1) files=("$dir"/vmcore.split.*) ;; esac
		fn=$name/$(basename "$f")
		out=$(printf '%s\n' "sys" "p/x linux_banner" "sym init_task" "bt" \
			"vtop linux_banner" "vtop init_task" | timeout 300 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>&1)
		grep -q '^     MACHINE: aarch64' <<<"$out" && ok "$fn: sys says aarch64" ||
			notok "$fn: sys: $(grep MACHINE <<<"$out")"
		# the walk: levels for 64 - T1SZ bits of VA with this granule
		vab=$((64 - t1sz)); shift_=$(python3 -c "import math; print(int(math.log2($psz)))")
		want=$(( (vab - shift_ + shift_ - 4) / (shift_ - 3) ))
		got=$(awk '/^PAGE DIRECTORY/ {on=1; n=0; next} on && /^   [A-Z0-9]+: / {n++} on && /^  PAGE: / {print n; exit}' <<<"$out")
		[ -n "$got" ] && [ "$got" -le "$want" ] && [ "$got" -ge 1 ] &&
			ok "$fn: vtop walks $got of $want levels ($vab-bit VA, ${psz}-byte pages)" ||
			notok "$fn: vtop levels [$got], want up to $want"
		# PAC bits stripped: every return address is a kernel address
		bad=$(sed -n 's/^ *#[0-9]* \[[0-9a-f]*\] .* at \([0-9a-f]*\).*/\1/p' <<<"$out" | grep -v '^ffff' | head -3)
		[ -z "$bad" ] && ok "$fn: bt return addresses without PAC bits" || notok "$fn: bt addresses: $bad"
		# rd -p at vtop's PHYSICAL reads what rd reads at the address:
		# the kernel image, a slab object (linear map), a module's text
		# and a vmalloc'ed stack
		mod=$(printf 'mod\n' | timeout 120 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>/dev/null |
			awk 'NR > 1 && $3 ~ /^[0-9a-f]+$/ {print $3; exit}')
		task1=$(printf 'ps 1\n' | timeout 120 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>/dev/null |
			awk '$1 == "1" || $2 == "1" {for (i = 1; i <= NF; i++) if (length($i) == 16) {print $i; exit}}')
		stack=
		[ -n "$task1" ] && stack=$(printf 'struct task_struct.stack %s\n' "$task1" |
			timeout 120 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>/dev/null |
			sed -n 's/.*stack = \(0x[0-9a-f]*\).*/\1/p' | head -1)
		for a in linux_banner ${task1:+$task1} ${mod:+$mod} ${stack:+$stack}; do
			pa=$(printf 'vtop %s\n' "$a" | timeout 120 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>/dev/null |
				awk 'NR == 2 {print $2}')
			v=$(printf 'rd -64 %s 4\n' "$a" | timeout 120 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>/dev/null | awk '{print $2, $3}')
			p=$(printf 'rd -p -64 %s 4\n' "$pa" | timeout 120 "$CRASH" -s "$dir/vmlinux" "${files[@]}" 2>/dev/null | awk '{print $2, $3}')
			[ -n "$pa" ] && [ -n "$v" ] && [ "$v" = "$p" ] && ok "$fn: rd -p at vtop's result of $a reads what rd reads" ||
				notok "$fn: $a: vtop [$pa] rd [$v] rd -p [$p]"
		done
	done
	# dis: AArch64 as gdb prints it
	d=$(printf 'dis sysrq_handle_crash\n' | timeout 120 "$CRASH" -s "$dir/vmlinux" "$dir/vmcore.elf" 2>&1)
	grep -qP '^0x[0-9a-f]+ <sysrq_handle_crash\+\d+>:\tbl\t0x[0-9a-f]+ <panic>$' <<<"$d" &&
		ok "$name: dis shows the bl to panic" || notok "$name: dis: $(head -3 <<<"$d")"
done <<<"$list"

# A QEMU dump made without the vmcoreinfo device has no VMCOREINFO note:
# the kernel's own copy in memory gives the layout.  On the first QEMU
# dump, a copy with the note renamed opens with one warning line and
# prints what the dump with the note prints.
first=$(awk '$2 ~ /qemu/ {print $2; exit}' <<<"$list")
if [ -n "$first" ] && [ -f "$first/vmcore.elf" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/crash-novi.XXXXXX")
	cmds=$(printf '%s\n' "sys" "ps" "bt" "vtop linux_banner")
	if python3 "$(dirname "$0")/strip_vmcoreinfo.py" "$first/vmcore.elf" "$tmp/vmcore.elf"; then
		with=$(timeout 300 "$CRASH" -s "$first/vmlinux" "$first/vmcore.elf" <<<"$cmds" 2>/dev/null)
		without=$(timeout 300 "$CRASH" -s "$first/vmlinux" "$tmp/vmcore.elf" <<<"$cmds" 2>"$tmp/err")
		n=$(basename "$first")
		grep -q "^     MACHINE: aarch64" <<<"$without" && [ "$(grep -v ' DUMPFILE: ' <<<"$with")" = "$(grep -v ' DUMPFILE: ' <<<"$without")" ] &&
			ok "$n without its VMCOREINFO note: sys, ps, bt and vtop print what they print with it" ||
			notok "$n without its VMCOREINFO note: $(diff <(echo "$with") <(echo "$without") | head -5 | tr '\n' ' ')"
		grep -q "no VMCOREINFO note: the kernel's own copy in its memory is used" "$tmp/err" &&
			[ "$(grep -c . "$tmp/err")" = 1 ] && ok "$n without its VMCOREINFO note: one line says the copy in memory is used" ||
			notok "$n without its VMCOREINFO note: stderr: $(head -3 "$tmp/err" | tr '\n' ' ')"
	else
		notok "$first: cannot make a copy without the VMCOREINFO note"
	fi
	rm -rf "$tmp"
fi
