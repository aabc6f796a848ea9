# Shared helpers for the tests on real dumps (sourced, not run).
# ok/notok/skip print the lines tests/run counts.
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
skip() { echo "skip - $*"; }
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
	local d=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else notok "$d"; fi
}
FIXTURES=${FIXTURES:-$TOP/tests/fixtures}
# Every fixture dump as "dir" lines: each dir holds vmlinux, vmcore* and truth.json.
# The arm64 dumps too, unless CRASH_TEST_ARM64=0.
fixture_dirs() {
	"$FIXTURES/mkdumps" --list
	[ "${CRASH_TEST_ARM64:-1}" = 0 ] || "$FIXTURES/mkdumps" --list-arm64
}
# need_dumps NAME: sets $dirs to the fixture dump directories and $CRASH to
# the binary; ends the calling test with one skip/not-ok line when there is
# nothing to run on (no dumps, no binary, no python3).
need_dumps() {
	: "${CRASH:=$TOP/crash}"
	dirs=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
	[ -n "$dirs" ] || { skip "$1: no fixture dumps"; exit 0; }
	[ -x "$CRASH" ] || { notok "$1: no crash binary at $CRASH"; exit 0; }
	command -v python3 >/dev/null || { skip "$1: no python3"; exit 0; }
}
# Debian's crash for layout comparisons, or nothing: none in the sanitizer
# pass (the release pass compared the same layouts, and each reference
# session costs seconds of startup).
ref_crash() {
	[[ "${BUILD:-}" == *asan* ]] && return 0
	command -v crash || true
}
# each_elf_dump CHECKER [REF]: runs $here/CHECKER CRASH DIR DIR/vmcore.elf
# [REF] on every fixture with a truth.json and an ELF dump (the commands do
# not depend on the reader), side by side: each check mostly waits on
# crash opening its dump.  The reports come out in fixture order.
each_elf_dump() {
	local check=$1 ref=${2:-} out i=0 d j
	out=$(mktemp -d)
	for d in $dirs; do
		i=$((i + 1))
		if [ ! -f "$d/truth.json" ]; then
			skip "$(basename "$d"): no truth.json" >"$out/$i"
		elif [ ! -f "$d/vmcore.elf" ]; then
			skip "$(basename "$d"): no vmcore.elf" >"$out/$i"
		else
			python3 "$here/$check" "$CRASH" "$d" "$d/vmcore.elf" ${ref:+"$ref"} >"$out/$i" 2>&1 &
		fi
	done
	wait
	for j in $(seq 1 $i); do cat "$out/$j"; done
	rm -rf "$out"
}
# each_dump_file CHECKER PATTERN: runs $here/CHECKER CRASH NAME/FILE DIR
# FILES... on each fixture's vmcore.PATTERN files (both parts of a split
# dump), one after another.
each_dump_file() {
	local check=$1 pat=$2 d v name
	local -a files
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
			python3 "$here/$check" "$CRASH" "$name/$(basename "$v")" "$d" "${files[@]}"
		done
	done
}

# module_debug_dir DUMPDIR: a debug directory (its usr/lib/debug) holding
# Debian's debug .ko of the modules the tests load debuginfo for
# (qemu_fw_cfg and dummy for moddebug.sh, zram and loop for dev.sh), or
# nothing.  They come from the cache's linux-image-KREL-dbg package,
# extracted once into build/moddebug-dbg/KREL (never into the fixture
# cache); a package over 600 MB (arm64's 16K-page kernel) is skipped, to
# bound the first run.
MODULE_DEBUG_KOS="qemu_fw_cfg dummy zram loop"
module_debug_dir() {
	local d=$1 krel deb out m pats=()
	krel=$(awk '$1 == "kernel" {print $2}' "$d/MANIFEST" 2>/dev/null)
	[ -n "$krel" ] || return 0
	out=$TOP/build/moddebug-dbg/$krel
	mkdir -p "$TOP/build/moddebug-dbg"
	# dev.sh and moddebug.sh may run at once: one extracts, the other waits
	exec 8>"$out.lock"
	flock 8
	if [ "$(cat "$out/.done" 2>/dev/null)" != "$MODULE_DEBUG_KOS" ]; then
		deb=$(ls "$d"/../../debs/linux-image-"$krel"-dbg_*.deb 2>/dev/null | head -1)
		[ -n "$deb" ] || { exec 8>&-; return 0; }
		[ "$(stat -L -c %s "$deb")" -le $((600 << 20)) ] || { exec 8>&-; return 0; }
		rm -rf "$out" && mkdir -p "$out"
		for m in $MODULE_DEBUG_KOS; do pats+=("*/$m.ko"); done
		dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -x -C "$out" --wildcards "${pats[@]}" 2>/dev/null
		[ -n "$(find "$out" -name qemu_fw_cfg.ko)" ] && echo "$MODULE_DEBUG_KOS" >"$out/.done"
	fi
	exec 8>&-
	[ -f "$out/.done" ] && echo "$out/usr/lib/debug"
}
