#!/usr/bin/env bash
# Checks the fixture dumps themselves: every dump file carries VMCOREINFO
# and truth.json lists the workload's tasks; the crash-kind dumps
# (mkdumps --list-kinds) also show their crash on the console, record it in
# truth.json and keep crashmod.ko with debug info; the arm64 dumps
# (mkdumps --list-arm64) are AArch64 ELF.  Builds the sets first (a no-op
# when they are cached).
set -u
. "$(dirname "$0")/lib.bash"

if ! "$FIXTURES/mkdumps" >&2; then
	notok "mkdumps builds the fixture sets"
fi
list=$(fixture_dirs) || { notok "mkdumps --list"; list=; }
kinds=$("$FIXTURES/mkdumps" --list-kinds) || { notok "mkdumps --list-kinds"; kinds=; }
arm64=$("$FIXTURES/mkdumps" --list-arm64) || { notok "mkdumps --list-arm64"; arm64=; }
sets=${MKDUMPS_SETS:-default kinds arm64}

# VMCOREINFO sits in the ELF notes or in the header area of compressed
# formats, so the first few MB are enough.
has_vmcoreinfo() { head -c 16M "$1" | strings -n 8 | grep -qm1 '^OSRELEASE='; }
# e_machine of an ELF file: 62 x86-64, 183 AArch64 (little-endian only).
elf_machine() { od -An -tu2 -j18 -N2 "$1" | tr -d ' '; }
is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }
manifest() { sed -n "s/^$2 //p" "$1/MANIFEST" | head -1; }

# check_truth DIR KIND: what truth.json must hold ("" when all is there).
check_truth() {
	python3 - "$1/truth.json" "$2" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
kind = sys.argv[2]
bad = []
pids = {x["pid"] for x in t.get("tasks", [])}
if not t.get("workload"):
    bad.append("(no roles)")
bad += [r for r, p in t.get("workload", {}).items() if p not in pids]
if not any(s["used_kb"] > 0 for s in t.get("swaps", [])):
    bad.append("swap unused")
if kind != "sysrq":
    marker = {
        "oops": "BUG: kernel NULL pointer dereference",
        "bug": "kernel BUG at",
        "warn": "WARNING:",
        "softlockup": "soft lockup",
        "hungtask": "blocked for more than",
        "stackoverflow": "stack guard page",
    }.get(kind)
    pc = t.get("panic_console") or []
    if not marker:
        bad.append(f"unknown kind {kind}")
    elif not any(marker in l for l in pc):
        bad.append(f"panic_console lacks {marker!r}")
    if t.get("kind") != kind:
        bad.append(f"kind {t.get('kind')!r} (MANIFEST says {kind})")
    if t.get("module", {}).get("name") != "crashmod":
        bad.append("module name")
    if not t.get("module", {}).get("text", "").startswith("0xffff"):
        bad.append("module .text address")
    want = {"oops": ["trigger"], "bug": ["trigger"], "warn": ["trigger"],
            "stackoverflow": ["trigger"], "softlockup": ["spin"],
            "hungtask": ["hold", "wait"]}.get(kind, [])
    kp = t.get("kind_pids", {})
    bad += [f"kind_pids.{r}" for r in want if kp.get(r) not in pids]
    if kind == "hungtask" and kp.get("wait"):
        w = [x for x in t["tasks"] if x["pid"] == kp["wait"]]
        if not w or w[0]["state"] != "D":
            bad.append("waiter not in D state in the truth")
print(" ".join(bad))
PY
}

check_set() { # check_set SETNAME LIST
	local set=$1 name dir f n kind arch msg
	while read -r name dir; do
		[ -n "$name" ] || continue
		n=0
		kind=$(manifest "$dir" kind); kind=${kind:-sysrq}
		arch=$(manifest "$dir" arch); arch=${arch:-x86_64}
		for f in "$dir"/vmcore.*; do
			[ -f "$f" ] || continue
			n=$((n + 1))
			check "$name/$(basename "$f") carries VMCOREINFO" has_vmcoreinfo "$f"
			if is_elf "$f"; then
				case $arch in
				arm64) [ "$(elf_machine "$f")" = 183 ] && ok "$name/$(basename "$f") is AArch64 ELF" ||
					notok "$name/$(basename "$f"): e_machine $(elf_machine "$f"), not AArch64 (183)" ;;
				x86_64) [ "$(elf_machine "$f")" = 62 ] && ok "$name/$(basename "$f") is x86-64 ELF" ||
					notok "$name/$(basename "$f"): e_machine $(elf_machine "$f"), not x86-64 (62)" ;;
				esac
			fi
		done
		[ $n -gt 0 ] && ok "$name has $n dump files" || notok "$name has no dump files"
		check "$name/vmlinux exists" test -s "$dir/vmlinux"
		if [ "$set" != default ]; then
			# Only the newer sets promise these MANIFEST lines.
			[ -n "$(manifest "$dir" arch)" ] && [ -n "$(manifest "$dir" kind)" ] &&
				ok "$name/MANIFEST has arch ($arch) and kind ($kind)" ||
				notok "$name/MANIFEST lacks arch or kind"
		fi
		[ "$set" = arm64 ] && [ "$arch" != arm64 ] && notok "$name: arch $arch in the arm64 set"
		msg=$(check_truth "$dir" "$kind") || msg="truth.json unreadable"
		if [ -z "$msg" ]; then
			ok "$name/truth.json is complete (workload${kind:+, kind $kind})"
		else
			notok "$name/truth.json: $msg"
		fi
		if [ "$kind" != sysrq ]; then
			if [ -s "$dir/crashmod.ko" ]; then
				check "$name/crashmod.ko has debug info" \
					sh -c "readelf -S '$dir/crashmod.ko' | grep -q '\.debug_info'"
			else
				notok "$name/crashmod.ko missing"
			fi
		fi
	done <<<"$2"
}

if [ -n "$list" ]; then check_set default "$list"; else skip "no default fixture dumps"; fi
for s in kinds arm64; do
	case " $sets " in
	*" $s "*)
		l=$kinds; [ $s = arm64 ] && l=$arm64
		for n in $("$FIXTURES/mkdumps" --names $s); do
			grep -q "^$n " <<<"$l" && ok "$s dump $n is built" || notok "$s dump $n is not built"
		done
		check_set $s "$l"
		;;
	*) skip "$s dumps: not in MKDUMPS_SETS ($sets)" ;;
	esac
done
