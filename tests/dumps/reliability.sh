#!/usr/bin/env bash
# Bad input found these: each reproduction gives a one-line error or the
# right answer, and the session goes on.  Damaged copies of fixture files
# are made in a temp directory; the fixture cache is never written.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps reliability
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/cache

# The 6.1 kdump fixture (split parts, kdump files) and its ELF dump.
kd=""
for d in $dirs; do [ -f "$d/vmcore.split.1" ] && kd=$d && break; done
[ -n "$kd" ] || { skip "reliability: no fixture with a split dump"; exit 0; }
vml=$kd/vmlinux elf=$kd/vmcore.elf
# crashs VMLINUX DUMP...: a silent batch session, stdin from the caller.
crashs() { timeout 120 "$CRASH" -s --no_crashrc "$@"; }

# ---- commands get their own copy of the words ----
# rd takes its unit flags out of argv; the shell frees its own words.
printf 'rd -8 -8 linux_banner 2\nrd -16 linux_banner 2\nrd -32 -64 -8 linux_banner 3\necho alive\n' |
	crashs "$vml" "$elf" >"$tmp/rd" 2>&1; rc=$?
mapfile -t l <"$tmp/rd"
[ $rc = 0 ] && [ ${#l[@]} = 4 ] && [[ ${l[0]} == *"4c 69 "*Li ]] && [[ ${l[1]} == *"694c 756e "*Linu ]] &&
	[[ ${l[2]} == *"4c 69 6e "*Lin ]] && [ "${l[3]}" = alive ] &&
	ok "rd with one, two and three unit flags: right answers, session goes on" ||
	notok "rd unit flags: rc=$rc $(head -5 "$tmp/rd" | tr '\n' ';')"
# getopt permutes argv (options after operands); so do nested command lines.
printf 'ps 1 -a\nforeach 1 task -R pid\nrd linux_banner -8 2\necho alive\n' |
	crashs "$vml" "$elf" >"$tmp/perm" 2>&1; rc=$?
[ $rc = 0 ] && [ "$(tail -1 "$tmp/perm")" = alive ] && [ "$(grep -c '4c 69 ' "$tmp/perm")" = 1 ] &&
	grep -q '^ARG: ' "$tmp/perm" && grep -q '^  pid = 1,' "$tmp/perm" &&
	! grep -qi 'sanitizer\|double free' "$tmp/perm" &&
	ok "permuted options and nested command lines" ||
	notok "permuted argv: rc=$rc $(head -5 "$tmp/perm" | tr '\n' ';')"
