#!/usr/bin/env bash
# arch/ on every fixture ELF dump: KASLR offset and phys_base found from
# VMCOREINFO and from the CPU state must agree; kernel text, direct-map
# and vmalloc/module addresses must translate and read back sensibly.
# Uses tests/tools/arch_probe (symbols from System.map, or nm of vmlinux
# where the System.map is Debian's placeholder).
. "$(dirname "$0")/lib.bash"
probe=$BUILD/tests/tools/arch_probe
[ -x "$probe" ] || { skip "arch: $probe not built"; exit 0; }
cache=$BUILD/arch-symcache
mkdir -p "$cache"

symmap() { # symmap VMLINUX: path of a "addr type name" map for it
	local v map real
	v=$(readlink -f "$1")
	map=$(dirname "$v")/System.map
	if [ -f "$map" ] && [ "$(wc -l <"$map")" -gt 1000 ]; then echo "$map"; return; fi
	real=$cache/$(echo "$v" | md5sum | cut -c1-16).map
	[ -s "$real" ] || nm "$v" >"$real.tmp" && mv "$real.tmp" "$real" 2>/dev/null
	echo "$real"
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
hexadd() { printf '%x' $((0x$1 + 0x$2)); }

found=0
while read -r name dir; do
	[ -f "$dir/vmcore.elf" ] || continue
	found=1
	core=$dir/vmcore.elf
	map=$(symmap "$dir/vmlinux")
	release=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["release"])' "$dir/truth.json")

	vi=$("$probe" "$core" "$map" info)
	case $vi in error*) notok "$name: open with VMCOREINFO: $vi"; continue ;; esac
	ok "$name: open ($(field source "$vi"), kaslr $(field kaslr "$vi"), phys_base $(field phys_base "$vi"))"
	levels=$(field levels "$vi")
	arm64=0; grep -q '^arch arm64' "$dir/MANIFEST" && arm64=1
	want=4; grep -q '^cpu .*la57=off' "$dir/MANIFEST" || { grep -q '^route qemu' "$dir/MANIFEST" && want=5; }
	if [ $arm64 = 1 ]; then
		skip "$name: arm64 translation levels are arm64.sh's check ($levels)"
	else
		[ "$levels" = "$want" ] && ok "$name: $levels-level paging" || notok "$name: levels $levels, MANIFEST says $want"
	fi

	# CPU-state path (QEMU dumps carry the QEMU CPU notes; arm64's carry
	# no TTBR: without the VMCOREINFO note the kernel's copy in memory
	# gives the layout, the same as the note's).
	cs=$("$probe" "$core" "$map" -n info)
	if [ $arm64 = 1 ]; then
		grep -q "source=VMCOREINFO in memory" <<<"$cs" && [ "$(sed 's/source=[^ ]* in memory/source=VMCOREINFO/' <<<"$cs")" = "$vi" ] &&
			ok "$name: without the VMCOREINFO note, the copy in memory gives the same layout" ||
			notok "$name: arm64 without the VMCOREINFO note: $cs (with it: $vi)"
	elif grep -q '^route qemu' "$dir/MANIFEST"; then
		for f in kaslr phys_base levels page_offset vmalloc; do
			[ "$(field $f "$cs")" = "$(field $f "$vi")" ] && ok "$name: CPU-state $f agrees with VMCOREINFO" ||
				notok "$name: CPU-state $f '$(field $f "$cs")' vs VMCOREINFO '$(field $f "$vi")' ($cs)"
		done
		# and with no symbols at all (only CR3/CR4 and the text mapping)
		nos=$("$probe" "$core" /dev/null -n info)
		[ "$(field kaslr "$nos")" = "$(field kaslr "$vi")" ] && ok "$name: KASLR found without symbols" ||
			notok "$name: KASLR without symbols: $nos"
	else
		case $cs in error*) ok "$name: no CPU-state notes, refused without VMCOREINFO" ;;
		*) notok "$name: opened without VMCOREINFO or QEMU notes: $cs" ;; esac
	fi
	# --kaslr given by the user
	uk=$("$probe" "$core" "$map" $([ $arm64 = 1 ] || echo -n) -k "$(field kaslr "$vi")" info)
	[ "$(field phys_base "$uk")" = "$(field phys_base "$vi")" ] || grep -q '^route kdump' "$dir/MANIFEST" &&
		ok "$name: --kaslr OFFSET" || notok "$name: --kaslr: $uk"

	# Kernel text: linux_banner through the kernel-image mapping.
	banner=$("$probe" "$core" "$map" str linux_banner)
	[[ $banner == "Linux version $release "* ]] && ok "$name: linux_banner reads '${banner:0:40}...'" ||
		notok "$name: linux_banner: $banner"

	# Direct map: the banner's physical page seen at page_offset + paddr,
	# and the same page through the page tables.
	bva=$("$probe" "$core" "$map" symva linux_banner)
	bpa=$("$probe" "$core" "$map" vtop "$bva")
	dva=$(hexadd "$(field page_offset "$vi")" "$bpa")
	a=$("$probe" "$core" "$map" u64 "$bva"); b=$("$probe" "$core" "$map" u64 "$dva")
	[ -n "$a" ] && [ "$a" = "$b" ] && [[ $a != error* ]] && ok "$name: direct map $dva reads as text $bva" ||
		notok "$name: direct map $dva: '$b' vs text '$a'"
	w=$("$probe" "$core" "$map" walk "$bva")
	wpa=$(field paddr "$w")
	[ "$wpa" = "$bpa" ] && [ "$(grep -c ' => ' <<<"$w")" -ge 2 ] && ok "$name: page-table walk of text agrees" ||
		notok "$name: walk of $bva: $w (fixed map says $bpa)"
	w=$("$probe" "$core" "$map" walk "$dva")
	[ "$(field paddr "$w")" = "$bpa" ] && ok "$name: page-table walk of direct map agrees ($(field size "$w")-byte page)" ||
		notok "$name: walk of $dva: $w"

	# vmalloc: CPU 0's kernel stack (VMAP_STACK) when it is in vmalloc.
	sp=$("$probe" "$core" "$map" regs | sed -n 's/^cpu0 .* sp=\([0-9a-f]*\).*/\1/p')
	vmalloc=$(field vmalloc "$vi")
	if [ -n "$sp" ] && (( 0x$sp >= 0x$vmalloc )) && (( 0x$sp < 0x$vmalloc + (1 << 45) )); then
		r=$("$probe" "$core" "$map" vtop "$sp")
		[[ $r != error* ]] && ok "$name: vmalloc stack $sp -> $r" || notok "$name: vmalloc stack $sp: $r"
	else
		skip "$name: CPU 0 stack not in vmalloc (sp=$sp)"
	fi
	# Module space: the first module on the `modules` list.
	mva=$("$probe" "$core" "$map" symva modules)
	m1=$("$probe" "$core" "$map" u64 "$mva")
	if [[ $m1 == error* ]] || [ -z "$m1" ]; then notok "$name: read modules: $m1"
	elif (( 0x$m1 >= 0xffffffffc0000000 )); then
		n2=$("$probe" "$core" "$map" u64 "$m1")
		p2=$("$probe" "$core" "$map" u64 "$(hexadd "$m1" 8)")
		[ "$p2" = "$mva" ] || (( 0x$p2 >= 0xffffffffc0000000 )) && [[ $n2 != error* ]] &&
			ok "$name: module list entry $m1 readable (next $n2, prev $p2)" ||
			notok "$name: module $m1: next '$n2' prev '$p2' (modules at $mva)"
	else
		skip "$name: no modules loaded"
	fi
	# CPU registers: one per CPU of the truth, kernel-mode IP of CPU 0 in text.
	ncpus=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ncpus"])' "$dir/truth.json")
	regs=$("$probe" "$core" "$map" regs)
	[ "$(grep -c '^cpu.*valid=1' <<<"$regs")" = "$ncpus" ] && ok "$name: registers for $ncpus CPUs" ||
		notok "$name: registers: $regs"
done < <(fixture_dirs)
[ "$found" = 1 ] || skip "arch: no fixture dumps"
