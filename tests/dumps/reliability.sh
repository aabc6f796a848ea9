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

# ---- the DWARF index cache is only a cache ----
# damage KIND FIXCRC: rewrites the cache file in place (see the format in
# kernel-types/dwarf_index.c); FIXCRC=1 recomputes the checksum so that
# the checks behind it are reached.
damage() {
	python3 - "$idx" "$1" "$2" <<'PY'
import random, struct, sys, zlib
path, kind, fix = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
b = bytearray(open(path, "rb").read())
H = 128
n, slen = struct.unpack_from("<QQ", b, 16)
ents = H
pool = H + 16 * n
rnd = random.Random(7)
def ent(i):
	return struct.unpack_from("<QIBB2s", b, ents + 16 * i)
def setent(i, die, name, k, decl):
	struct.pack_into("<QIBB2s", b, ents + 16 * i, die, name, k, decl, b"\0\0")
if kind == "count0":
	struct.pack_into("<Q", b, 16, 0)
	del b[H:pool]
elif kind == "randdie":
	for i in range(n):
		d, nm, k, dc = ent(i); setent(i, rnd.randrange(1 << 24), nm, k, dc)
elif kind == "shiftdie":
	for i in range(n):
		d, nm, k, dc = ent(i); setent(i, d + 11, nm, k, dc)
elif kind == "kinds":
	ks = [ent(i)[2] for i in range(n)]; rnd.shuffle(ks)
	for i in range(n):
		d, nm, k, dc = ent(i); setent(i, d, nm, ks[i], dc)
elif kind == "nonul":
	for i in range(pool, len(b)):
		if b[i] == 0: b[i] = 0x41
elif kind == "one":
	# the entry of struct task_struct points at the DIE of another struct
	names = {}
	for i in range(n):
		d, nm, k, dc = ent(i)
		if k == 1:
			s = b[pool + nm:b.index(0, pool + nm)].decode()
			names[s] = i
	t, o = names["task_struct"], names["mm_struct"]
	d, nm, k, dc = ent(t); setent(t, ent(o)[0], nm, k, dc)
elif kind == "random":
	for i in range(H, len(b), 97): b[i] = rnd.randrange(256)
elif kind == "old":
	b = bytearray(b"CRSHIDX3") + b[16:24] + b[24:32] + b[H:]
if fix and kind != "old":
	struct.pack_into("<I", b, 8, 0)
	struct.pack_into("<I", b, 8, zlib.crc32(bytes(b)) & 0xffffffff)
open(path, "wb").write(b)
PY
}
cmds='sys
ps
bt -a
kmem -i
struct task_struct.pid
whatis init_task'
printf '%s\n' "$cmds" | crashs "$vml" "$elf" >"$tmp/clean" 2>&1
idx=$(ls "$XDG_CACHE_HOME"/crash/*.idx 2>/dev/null | head -1)
if [ -z "$idx" ] || ! grep -q '^ *PID: ' "$tmp/clean" || ! grep -q 'TOTAL MEM' "$tmp/clean"; then
	notok "index cache: clean session: $(head -3 "$tmp/clean" | tr '\n' ';')"
else
	cp "$idx" "$tmp/good.idx"
	# another crash's format in the same directory is another file: no
	# rebuilding each other's caches
	[[ $idx == */crash/*.v4.idx ]] && ok "index cache: the format version is in its name (${idx##*/})" ||
		notok "index cache name: $idx"
	for kind in count0 randdie shiftdie kinds nonul one random old; do
		for fix in 1 0; do
			[ "$kind" = old ] && [ $fix = 0 ] && continue
			cp "$tmp/good.idx" "$idx"
			damage $kind $fix
			s=$SECONDS
			printf '%s\n' "$cmds" | crashs "$vml" "$elf" >"$tmp/dmg" 2>&1; rc=$?
			if [ $rc = 0 ] && cmp -s "$tmp/clean" "$tmp/dmg"; then
				ok "index cache damaged ($kind, checksum $([ $fix = 1 ] && echo recomputed || echo stale)): same answers ($((SECONDS - s)) s)"
			else
				notok "index cache $kind/$fix: rc=$rc $(diff "$tmp/clean" "$tmp/dmg" | head -4 | tr '\n' ';')"
			fi
			cmp -s "$idx" "$tmp/good.idx" && ok "index cache $kind/$fix: replaced by a good one" ||
				notok "index cache $kind/$fix: the bad file stays"
		done
	done
	ls "$XDG_CACHE_HOME"/crash/ | grep -v '\.idx$' | grep -q . &&
		notok "index cache: temporary files left: $(ls "$XDG_CACHE_HOME"/crash/)" ||
		ok "index cache: no temporary files left"
fi

# ---- only regular files and block devices are opened ----
mkfifo "$tmp/fifo"
for args in "$vml $tmp/fifo" "$tmp/fifo $elf" "$vml $tmp" "$vml /dev/null"; do
	out=$(timeout 10 "$CRASH" -s --no_crashrc $args </dev/null 2>&1); rc=$?
	[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
		[[ $out == "crash: "*"not a regular file or a block device" ]] &&
		ok "refused before open: ${args##* } ($out)" || notok "crash $args: rc=$rc '$out'"
done

# ---- write errors on the output are reported ----
printf 'sys > /dev/full\nlog >> /dev/full\necho alive\n' | crashs "$vml" "$elf" >"$tmp/full" 2>"$tmp/full.err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$tmp/full")" = alive ] &&
	[ "$(cat "$tmp/full.err")" = "sys: write to /dev/full: No space left on device
log: write to /dev/full: No space left on device" ] &&
	ok "write to /dev/full: one line per command, status 1, session goes on" ||
	notok "/dev/full: rc=$rc $(cat "$tmp/full" "$tmp/full.err" | head -4 | tr '\n' ';')"
printf 'sys\n' | crashs "$vml" "$elf" >/dev/full 2>"$tmp/full.err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$tmp/full.err")" = "sys: write to standard output: No space left on device" ] &&
	ok "standard output on /dev/full: reported" || notok "stdout /dev/full: rc=$rc $(head -2 "$tmp/full.err")"
# A pipe whose reader went away: no message, no SIGPIPE death.
printf 'log | head -1\nlog | true\nbt -a | sleep 0\necho alive\n' | crashs "$vml" "$elf" >"$tmp/pipe" 2>&1; rc=$?
[ $rc = 0 ] && [ "$(wc -l <"$tmp/pipe")" = 2 ] && [ "$(tail -1 "$tmp/pipe")" = alive ] &&
	ok "pipes closed early: quiet, session goes on" || notok "closed pipes: rc=$rc $(head -4 "$tmp/pipe" | tr '\n' ';')"

# ---- SIGINT while waiting for piped input is not the end of it ----
# (the second command arrives in two pieces, a SIGINT between them)
{ echo 'echo one'; sleep 1; printf 'echo t'; sleep 1; echo 'wo'; sleep 1; echo 'echo three'; } |
	timeout 30 "$CRASH" -s --no-dump --no_crashrc >"$tmp/sigint" 2>&1 &
pid=$!
for t in 0.5 1 1; do sleep $t; kill -INT $pid 2>/dev/null; done
wait $pid; rc=$?
[ $rc = 0 ] && [ "$(cat "$tmp/sigint" | tr '\n' ' ')" = "one two three " ] &&
	ok "SIGINT during piped input: every command still run" ||
	notok "SIGINT on piped input: rc=$rc '$(cat "$tmp/sigint" | tr '\n' ' ')'"

# ---- a vmlinux without debug info: one line at open, one per command ----
if objcopy --strip-debug "$vml" "$tmp/vmlinux.nodebug" 2>/dev/null; then
	cmds='sys
ps
bt -a
bt
kmem -i
swap
p jiffies
task 1
log
struct task_struct
sym linux_banner
rd linux_banner 2'
	printf '%s\n' "$cmds" | crashs "$tmp/vmlinux.nodebug" "$elf" >"$tmp/nodbg" 2>"$tmp/nodbg.err"; rc=$?
	first=$(head -1 "$tmp/nodbg.err")
	[ "$first" = "crash: $tmp/vmlinux.nodebug has no debug info (DWARF): install the -dbg package's vmlinux" ] &&
		ok "no debug info: said in one line at open" || notok "no debug info at open: '$first'"
	# the ten type commands fail with one line each; sym and rd still work
	[ "$(wc -l <"$tmp/nodbg.err")" = 11 ] && [ "$(cut -d: -f1 "$tmp/nodbg.err" | sort | uniq -c | awk '$1 > 1 && $2 != "bt"' | wc -l)" = 0 ] &&
		[ "$(wc -l <"$tmp/nodbg")" = 2 ] && grep -q '(D) linux_banner' "$tmp/nodbg" && grep -q 'Li' "$tmp/nodbg" &&
		! grep -q 'TOTAL MEM\|SWAP_INFO' "$tmp/nodbg" &&
		ok "no debug info: each command that needs types fails in one line, the others work" ||
		notok "no debug info: $(cat "$tmp/nodbg" "$tmp/nodbg.err" | head -16 | tr '\n' ';')"
	grep -q 'jiffies.*has unknown type' "$tmp/nodbg.err" && ok "no debug info: p of a variable is an error, not its address" ||
		notok "no debug info: p jiffies: $(grep '^p:' "$tmp/nodbg.err")"
else
	skip "no debug info: no objcopy"
fi

# ---- one part of a split dump ----
# Which pages each part holds is makedumpfile's choice for that boot (it
# may leave a part's range empty): the headers say, and the checks follow.
sp1=$kd/vmcore.split.1 sp2=$kd/vmcore.split.2
printf 'ps\n' | crashs "$vml" "$sp1" >"$tmp/part" 2>"$tmp/part.err"; rc=$?
printf 'ps\n' | crashs "$vml" "$sp1" "$sp2" >"$tmp/whole" 2>&1
range2=$(printf 'help -D\n' | crashs "$vml" "$sp1" "$sp2" 2>/dev/null | grep 'split 1 pfns' | sed -n 2p |
	sed -E 's/.*pfns \[(0x[0-9a-f]+|0), (0x[0-9a-f]+)\).*/\1 \2/')
read -r lo2 hi2 <<<"$range2"
w=$(head -1 "$tmp/part.err")
if [ -n "$lo2" ] && [ "$((lo2))" -lt "$((hi2))" ]; then
	[[ $w =~ ^crash:\ $sp1:\ part\ of\ a\ split\ dump:\ pfns\ \[0x[0-9a-f]+,\ 0x[0-9a-f]+\)(,\ \[0x[0-9a-f]+,\ 0x[0-9a-f]+\))*\ are\ in\ parts\ not\ given ]] &&
		ok "split part alone: the missing pfn ranges said at open" || notok "split part alone: '$w'"
	pa=$(grep -o 'physical address 0x[0-9a-f]* is not in this part of the split dump' "$tmp/part.err" | head -1 | awk '{print $3}')
	if [ -z "$pa" ]; then
		# no read of this session fell there: take the first page of the range
		pa=$(printf '0x%x' $((lo2 * 4096)))
	fi
	out=$(printf 'rd -p %s\n' "$pa" | crashs "$vml" "$sp1" 2>&1 | tail -1)
	[ "$out" = "rd: physical address $pa is not in this part of the split dump" ] &&
		ok "split part alone: rd -p $pa of the other part fails as not in this part" ||
		notok "split part rd: $out"
	out=$(printf 'rd -p %s\n' "$pa" | crashs "$vml" "$sp1" "$sp2" 2>&1)
	[[ $out == *"${pa#0x}:  "* || $out == *"excluded"* ]] && ok "split: $pa is the other part's with both parts" ||
		notok "split whole rd $pa: $out"
	[ "$(grep -c '^ ' "$tmp/whole")" -ge "$(grep -c '^ ' "$tmp/part")" ] &&
		ok "split: a part alone lists no more tasks than the whole dump" ||
		notok "split: tasks whole $(grep -c '^ ' "$tmp/whole") part $(grep -c '^ ' "$tmp/part")"
else
	# part 2 holds no pfns: part 1 alone is the whole dump
	[ -z "$(grep 'are in parts not given' "$tmp/part.err")" ] &&
		ok "split part alone: holds every pfn (part 2's range is empty): no warning" ||
		notok "split part alone warns, yet part 2 is empty: '$w'"
	cmp -s "$tmp/whole" "$tmp/part" &&
		ok "split: part 1 alone lists the whole dump's tasks" ||
		notok "split: tasks whole $(grep -c '^ ' "$tmp/whole") part $(grep -c '^ ' "$tmp/part")"
fi
out=$(crashs "$vml" "$sp2" </dev/null 2>&1); rc=$?
[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ $out == "crash: $sp2: "*"not in this part of the split dump"* ]] &&
	ok "split part without the kernel's pages: one line naming the file" || notok "split part 2 alone: rc=$rc $out"

# ---- every open-time error names the dump file ----
python3 - "$kd/vmcore.zlib" "$tmp" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
for name, a, c in [("nophysbase", b"NUMBER(phys_base)", b"NUMBER(phys_bXse)"),
		   ("badrel", b"OSRELEASE=6", b"OSRELEASE=7"), ("badbid", b"BUILD-ID=", b"BUILD-ID=0")]:
	open(sys.argv[2] + "/v." + name, "wb").write(b.replace(a, c, 1))
PY
for n in nophysbase badrel badbid; do
	out=$(crashs "$vml" "$tmp/v.$n" </dev/null 2>&1); rc=$?
	[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ $out == "crash: $tmp/v.$n: "* ]] &&
		ok "open error names the dump ($n): $out" || notok "open error $n: rc=$rc $out"
done

# ---- implausible kdump page descriptors: one line at open ----
python3 - "$kd/vmcore.zlib" "$tmp" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
bs, sub, bmb = struct.unpack_from("<iiI", b, 428)
bm_off = (1 + sub) * bs; bm_len = bmb * bs // 2
desc = bm_off + 2 * bm_len
n = sum(bin(x).count("1") for x in b[bm_off + bm_len:bm_off + 2 * bm_len])
c = bytearray(b); c[desc:desc + 24 * n] = b"\xff" * (24 * n)
open(sys.argv[2] + "/v.ffdesc", "wb").write(c)
for i in range(n):
	b[desc + 24 * i + 12:desc + 24 * i + 16] = b"\xff" * 4
open(sys.argv[2] + "/v.ffflags", "wb").write(b)
PY
for v in ffdesc ffflags; do
	out=$(printf 'sys\n' | crashs "$vml" "$tmp/v.$v" 2>&1); rc=$?
	[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
		[[ $out == "crash: $tmp/v.$v: kdump page descriptors are implausible"* ]] &&
		ok "page descriptors of 0xff ($v): refused in one line" || notok "$v: rc=$rc $(head -3 <<<"$out" | tr '\n' ';')"
done

# ---- foreach: an error in how the per-task command is called, once ----
printf 'foreach bt -f xyz\nforeach bt -Z\nforeach files xyz\nforeach task -R\nforeach bt | grep -c "^PID:"\nforeach task -R pid | grep -c "^PID:"\n' |
	crashs "$vml" "$elf" >"$tmp/fe" 2>"$tmp/fe.err"; rc=$?
mapfile -t l <"$tmp/fe"
[ $rc = 1 ] && [ "$(cat "$tmp/fe.err")" = "bt: invalid task or pid value: xyz
bt: invalid option -- 'Z'
files: invalid task or pid value: xyz
task: option requires an argument -- 'R'" ] &&
	ok "foreach: the per-task command's option or argument error said once, foreach stops" ||
	notok "foreach usage errors: rc=$rc $(head -6 "$tmp/fe.err" | tr '\n' ';')"
[ ${#l[@]} = 2 ] && [ "${l[0]}" = "${l[1]}" ] && [ "${l[0]}" -gt 50 ] &&
	ok "foreach bt still runs for every task (${l[0]})" || notok "foreach bt: ${l[*]}"
