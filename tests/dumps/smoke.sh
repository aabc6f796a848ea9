#!/usr/bin/env bash
# Every command of `help` with arguments it cannot use: no option, an
# unknown option, address 0, an all-ones address, a word that is no
# symbol, a huge count.  Each must answer (output or one error line) and
# the session must go on to the end: no crash, no hang, no sanitizer
# report (under `make asan` the binary aborts on one).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps smoke
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

d=$(echo "$dirs" | head -1)
v=$d/vmcore.elf
cmds=$(printf 'help\n' | "$CRASH" -s "$d/vmlinux" "$v" 2>/dev/null |
	sed -n '2,/^$/p' | tr -s ' ' '\n' | grep -E '^[a-z]+$' |
	grep -vxE 'q|exit|quit|repeat|extend|alias|set|help|echo' | sort -u)
[ -n "$cmds" ] || { notok "smoke: no command list from help"; exit 0; }
for c in $cmds; do
	{
		for a in "" "-Z" "0" "ffffffffffffffff" "no_such_symbol_xyz" "-1" "1 99999999999"; do
			printf '%s %s\necho @@done %s %s@@\n' "$c" "$a" "$c" "$a"
		done
		echo "echo @@end@@"
	} >"$tmp/in"
	# bounded by CPU time (a busy machine slows `search 0` over all of
	# memory down, it does not make it hang); the clock only catches a
	# session that waits on nothing
	(ulimit -t 300; timeout 1800 "$CRASH" -s "$d/vmlinux" "$v" <"$tmp/in" >"$tmp/out" 2>&1)
	rc=$?
	n=$(grep -c '^@@done ' "$tmp/out")
	if [ $rc -ge 124 ] || ! grep -q '^@@end@@' "$tmp/out"; then
		notok "$c: the session did not survive bad arguments (rc $rc, $n of 7 done): $(grep -v '^@@' "$tmp/out" | tail -2 | tr '\n' ' ' | cut -c1-200)"
	elif grep -q 'AddressSanitizer\|runtime error:' "$tmp/out"; then
		notok "$c: sanitizer report: $(grep -m1 'AddressSanitizer\|runtime error:' "$tmp/out")"
	else
		ok "$c: 7 kinds of bad arguments, the session goes on"
	fi
done
