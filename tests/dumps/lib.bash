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
