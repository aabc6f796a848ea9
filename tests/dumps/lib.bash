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
fixture_dirs() { "$FIXTURES/mkdumps" --list; }
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
