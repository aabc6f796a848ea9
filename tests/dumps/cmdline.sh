#!/usr/bin/env bash
# crash's command-line options and `set` variables on the fixture dumps:
# --osrelease and -t against the dump's own VMCOREINFO, --log against the
# panic, --hex/--dec over a .crashrc, --zero_excluded on a filtered kdump
# dump, --minimal, -d, -c, -e, --offline, --more, the options accepted
# with a note, bad values, `set -v` in crash's order (and Debian crash's,
# when installed), `set gdb`, `set error`, and `help input|output|all`.
set -u
export LC_ALL=C	# sort and comm of command names
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps cmdline

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home
mkdir -p "$HOME"
cd "$tmp" || exit 1

# one_line RC OUT: the command failed with status 1 and said one line
one_line() { [ "$1" = 1 ] && [ "$(printf '%s\n' "$2" | wc -l)" = 1 ] && [[ $2 == crash:* ]]; }

# ---- without a dump ----
for bad in "-d x" "-d -1" "--offline sometimes" "-e nano" "-m phys_base" "-p 3000" "--cpus 0" \
	"--hash none" "-c /nonexistent/tty" "--offline"; do
	out=$("$CRASH" $bad --no-dump </dev/null 2>&1); rc=$?
	one_line $rc "$out" && ok "bad value '$bad': one line, status 1" || notok "bad value '$bad': rc=$rc '$out'"
done
out=$("$CRASH" --buildinfo 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^ *build_version: ' <<<"$out" && grep -q '^compiler version: ' <<<"$out" &&
	ok "--buildinfo" || notok "--buildinfo: rc=$rc '$out'"
for t in input output; do
	out=$("$CRASH" -h $t 2>&1); rc=$?
	[ $rc = 0 ] && [ "$(wc -l <<<"$out")" -gt 15 ] && grep -q '^Entering commands$\|^Command output$' <<<"$out" &&
		ok "crash -h $t prints the topic" || notok "crash -h $t: rc=$rc"
	out2=$(printf 'help %s\n' $t | "$CRASH" -s --no-dump --no_crashrc 2>&1)
	[ "$out" = "$out2" ] && ok "help $t is crash -h $t" || notok "help $t differs from crash -h $t"
done
grep -q '|' <<<"$("$CRASH" -h output)" && grep -q 'CRASHPAGER' <<<"$("$CRASH" -h output)" &&
	ok "help output: pipes and the pager" || notok "help output lacks pipes or pager"
# help all: a page for every word of help's list but the aliases it shows
# (crash's list has exit), and the usage and both topics
listed=$(printf 'help\n' | "$CRASH" -s --no-dump --no_crashrc | awk '/^$/{n++} n==1 && NF' | tr -s ' ' '\n' | grep . | sort)
aliases=$(printf 'alias\n' | "$CRASH" -s --no-dump --no_crashrc | awk 'NR > 1 {print $2}' | sort)
want=$(comm -23 <(printf '%s\n' "$listed") <(printf '%s\n' "$aliases"))
out=$("$CRASH" -h all 2>&1); rc=$?
pages=$(grep -A1 '^NAME$' <<<"$out" | sed -n 's/^  \([^ ]*\) - .*/\1/p' | sort)
[ $rc = 0 ] && [ "$pages" = "$want" ] && grep -q '^Usage' <<<"$out" && grep -q '^Entering commands' <<<"$out" &&
	grep -q '^Command output' <<<"$out" && ok "crash -h all: usage, topics and the $(wc -l <<<"$pages") pages of help's list" ||
	notok "crash -h all: rc=$rc; pages not listed or missing: $(comm -3 <(printf '%s\n' "$pages") <(printf '%s\n' "$want") | tr '\n' ' ')"
out=$(printf 'set edit\nset offline\nset scroll\nset debug\nset console\n' |
	"$CRASH" -s --no-dump --no_crashrc -e emacs --offline hide --more -d 2 -c /dev/null 2>&1)
[ "$out" = "edit: emacs
offline: hide
scroll: off (more)
debug: 2
console: /dev/null" ] && ok "-e, --offline, --more, -d, -c show in set" || notok "options in set: '$out'"
out=$(printf 'set scroll on\nset hash off silent on\nset debug 1\nset zzz 1\n' |
	"$CRASH" -s --no-dump --no_crashrc 2>&1)
[ "$out" = "scroll: on (less)
hash: off
silent: on
debug: 1
set: unknown variable: zzz" ] && ok "set: several variables in a line, unknown one refused" || notok "set: '$out'"

# ---- on dumps: a kdump-compressed one (filtered) and an ELF one ----
kd= el=
for d in $dirs; do
	[ -f "$d/truth.json" ] || continue
	[ -z "$kd" ] && [ -f "$d/vmcore.zlib" ] && kd=$d
	[ -z "$el" ] && [ -f "$d/vmcore.elf" ] && [ ! -f "$d/vmcore.zlib" ] && el=$d
done
pairs=()
[ -n "$kd" ] && pairs+=("$kd/vmcore.zlib")
[ -n "$el" ] && pairs+=("$el/vmcore.elf")
[ ${#pairs[@]} = 0 ] && { skip "cmdline: no kdump or ELF fixture with truth.json"; exit 0; }

for v in "${pairs[@]}"; do
	d=$(dirname "$v")
	tag="$(basename "$d")/$(basename "$v")"
	release=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["release"])' "$d/truth.json")
	out=$("$CRASH" --osrelease "$v" 2>&1); rc=$?
	[ $rc = 0 ] && [ "$out" = "$release" ] && ok "$tag: --osrelease is truth's uname -r" ||
		notok "$tag: --osrelease: rc=$rc '$out' (truth $release)"

	out=$(timeout 300 "$CRASH" --log "$v" 2>/dev/null); rc=$?
	[ $rc = 0 ] && grep -q 'Kernel panic - not syncing' <<<"$out" && ok "$tag: --log shows the panic" ||
		notok "$tag: --log: rc=$rc, $(wc -l <<<"$out") lines"

	# -t: the CRASHTIME the kernel wrote into the dump, as date(1) prints it
	ct=$(grep -a -o -m1 'CRASHTIME=[0-9]*' "$v" | head -1 | cut -d= -f2)
	out=$(timeout 300 "$CRASH" -t "$d/vmlinux" "$v" 2>/dev/null); rc=$?
	if [ -n "$ct" ]; then
		want=$(LC_ALL=C date -d "@$ct" '+%a %b %e %T %Z %Y')
		[ $rc = 0 ] && [ "$out" = "$want" ] && ok "$tag: -t is the dump's CRASHTIME" ||
			notok "$tag: -t: rc=$rc '$out' (CRASHTIME $want)"
	else
		[ $rc = 0 ] && LC_ALL=C date -d "$out" >/dev/null 2>&1 && ok "$tag: -t prints a date" ||
			notok "$tag: -t: rc=$rc '$out'"
	fi

	# --hex over a .crashrc's radix, --dec over it too
	echo 'set radix 16' >"$HOME/.crashrc"
	out=$(printf 'p 10\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>/dev/null | tail -1)
	[ "$out" = '$1 = 0xa' ] && ok "$tag: .crashrc set radix 16" || notok "$tag: .crashrc radix: '$out'"
	out=$(printf 'p 10\n' | timeout 300 "$CRASH" -s --dec "$d/vmlinux" "$v" 2>/dev/null | tail -1)
	[ "$out" = '$1 = 10' ] && ok "$tag: --dec over .crashrc" || notok "$tag: --dec: '$out'"
	rm -f "$HOME/.crashrc"
	out=$(printf 'p 10\nset radix\n' | timeout 300 "$CRASH" -s --hex "$d/vmlinux" "$v" 2>/dev/null)
	[ "$out" = '$1 = 0xa
output radix: 16 (hex)' ] && ok "$tag: --hex: p 10 prints 0xa" || notok "$tag: --hex: '$out'"

	# options with no meaning here: one line each on stderr, the session works
	printf 'p 1\n' | timeout 300 "$CRASH" -s -S -f -k -p 4096 -o copy.elf -m phys_base=0 --active \
		--no_kallsyms --no_modules --readnow --cpus 2 --hash 64 -S "$d/vmlinux" "$v" >out 2>err; rc=$?
	n=$(grep -c '^crash: \(-S\|-f\|-k\|-p\|-o\|-m\|--active\|--no_kallsyms\|--no_modules\|--readnow\|--cpus\|--hash\): ' err)
	[ $rc = 0 ] && [ "$(cat out)" = '$1 = 1' ] && [ "$n" = 12 ] && [ ! -e copy.elf ] &&
		ok "$tag: 12 options accepted with one note each, once" || notok "$tag: notes: rc=$rc n=$n $(head -3 err)"

	# --no_panic: the context starts at swapper on CPU 0
	out=$(printf 'set\n' | timeout 300 "$CRASH" -s --no_panic "$d/vmlinux" "$v" 2>&1)
	grep -q '^ *PID: 0$' <<<"$out" && grep -q '^ *CPU: 0$' <<<"$out" && grep -q 'COMMAND: "swapper/0"' <<<"$out" &&
		ok "$tag: --no_panic: context swapper/0" || notok "$tag: --no_panic: '$out'"

	# -d 1: how the dump was opened, on the console given with -c
	: >console
	printf 'set debug\n' | timeout 300 "$CRASH" -s -d 1 -c console "$d/vmlinux" "$v" >out 2>err; rc=$?
	[ $rc = 0 ] && [ "$(cat out)" = 'debug: 1' ] && grep -q '^crash: dump: format: ' console && [ ! -s err ] &&
		ok "$tag: -d 1 -c FILE: the dump's headers on the console" || notok "$tag: -d/-c: rc=$rc $(head -2 err)"

	# --minimal: log, rd, sym work; others are refused in one line
	out=$(printf 'rd jiffies\nsym jiffies\nps\nlog\n' | timeout 300 "$CRASH" --minimal "$d/vmlinux" "$v" 2>err); rc=$?
	grep -q '^crash> rd jiffies' <<<"$out" && grep -q 'jiffies' <<<"$out" && grep -q 'Kernel panic' <<<"$out" &&
		! grep -q '^ *PID ' <<<"$out" && ! grep -q '^ *KERNEL: ' <<<"$out" &&
		[ "$(grep -c 'ps: not available in a --minimal session' err)" = 1 ] &&
		ok "$tag: --minimal: rd, sym, log; ps refused; no sys block" || notok "$tag: --minimal: $(cat err)"

	# set -v: crash's variables in crash's order
	names=$(printf 'set -v\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>/dev/null | awk -F: '{gsub(/ /,"",$1); print $1}' | tr '\n' ' ')
	want="scroll radix refresh print_max print_array console debug core hash silent edit namelist dumpfile unwind zero_excluded null-stop gdb scope offline redzone error "
	ours="output "	# ours, after crash's: output text|json
	[ "$names" = "$want$ours" ] && ok "$tag: set -v: crash 8.0.2's variables in its order, then ours" || notok "$tag: set -v: '$names'"

	# set -a: a sleeping task becomes its CPU's active one: ps marks it,
	# set -c finds it, bt starts from the CPU's registers, not its stack
	pick=$(printf 'ps\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>/dev/null |
		awk '$1 != ">" && $5 == "IN" && $3 ~ /^[0-9]+$/ {print $1, $3; exit}')
	if [ -z "$pick" ]; then
		skip "$tag: set -a: no sleeping task"
	else
		read -r pid cpu <<<"$pick"
		out=$(printf 'set -a %s\nps %s\nset -c %s\nbt %s\n' $pid $pid $cpu $pid |
			timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>&1)
		grep -q "^> *$pid " <<<"$out" && [ "$(grep -c "^ *PID: $pid\$" <<<"$out")" = 2 ] &&
			! grep -q '__schedule' <<<"$out" && grep -q '(ACTIVE)\|(PANIC)' <<<"$out" &&
			ok "$tag: set -a $pid: active on cpu $cpu for ps, set -c and bt" ||
			notok "$tag: set -a $pid: '$out'"
	fi
	out=$(printf 'set -a 999999\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>&1); rc=$?
	[ $rc = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && ok "$tag: set -a of no task: one line" || notok "$tag: set -a 999999: '$out'"

	# --offline hide: bt -c says so for each CPU sys counts offline (the
	# CPUs panic() stopped leave cpu_online_mask), bt -a shows them all
	ncpu=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ncpus"])' "$d/truth.json")
	off=$(printf 'sys\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>/dev/null |
		sed -n 's/^ *CPUS: [0-9]* \[OFFLINE: \([0-9]*\)\]$/\1/p')
	off=${off:-0}
	out=$(printf 'bt -c 0-%d\nbt -a\n' $((ncpu - 1)) | timeout 300 "$CRASH" -s --offline hide "$d/vmlinux" "$v" 2>&1)
	[ "$(grep -c '^bt: CPU [0-9]* is OFFLINE\.$' <<<"$out")" = "$off" ] &&
		[ "$(grep -c '^PID: ' <<<"$out")" = $((2 * ncpu - off)) ] &&
		ok "$tag: --offline hide: bt -c leaves out the $off offline CPUs, bt -a none" ||
		notok "$tag: --offline hide ($off offline): '$(grep 'OFFLINE\|^PID' <<<"$out")'"

	# -L: the session goes on whether mlockall worked or not
	out=$(printf 'p 3\n' | timeout 300 "$CRASH" -s -L "$d/vmlinux" "$v" 2>err); rc=$?
	[ $rc = 0 ] && [ "$out" = '$1 = 3' ] && { [ ! -s err ] || grep -q '^crash: -L: mlockall: ' err; } &&
		ok "$tag: -L" || notok "$tag: -L: rc=$rc '$out' $(cat err)"

	# set gdb on: lines go to gdb, "crash ..." lines to crash
	out=$(printf 'set gdb on\np 2+3\ncrash p 7\nset gdb off\nset gdb\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>&1)
	[ "$out" = 'gdb: on
$1 = 5
$2 = 7
gdb: off
gdb: off' ] && ok "$tag: set gdb on|off" || notok "$tag: set gdb: '$out'"

	# set print_max and null-stop: the expression printer's settings
	out=$(printf 'set print_max 2\np init_task.comm\nset print_max 0\nset null-stop on\np init_task.comm\n' |
		timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>&1)
	[ "$out" = 'print_max: 2
$1 = "sw"...
print_max: 0
null-stop: on
$2 = "swapper/0"' ] && ok "$tag: set print_max, set null-stop" || notok "$tag: print_max/null-stop: '$out'"

	# set error FILE: error lines go there only
	out=$(printf 'set error %s/errs\nrd 0\nset error default\n' "$tmp" | timeout 300 "$CRASH" -s "$d/vmlinux" "$v" 2>err)
	[ "$(wc -l <errs)" = 1 ] && grep -q '^rd: ' errs && [ ! -s err ] && ok "$tag: set error FILE" ||
		notok "$tag: set error: $(cat errs err)"
	rm -f errs
done

# --zero_excluded on a filtered kdump dump: find a physical page the dump
# left out, then read it with the option and with set zero_excluded.
if [ -n "$kd" ]; then
	v=$kd/vmcore.zlib
	tag="$(basename "$kd")/vmcore.zlib"
	cmds=$(for i in $(seq 1 128); do printf 'rd -p %x\n' $((i * 0x400000)); done)
	addr=$(printf '%s\n' "$cmds" | timeout 300 "$CRASH" -s "$kd/vmlinux" "$v" 2>&1 |
		sed -n 's/^rd: physical address 0x\([0-9a-f]*\): page excluded from the dump$/\1/p' | head -1)
	if [ -z "$addr" ]; then
		skip "$tag: --zero_excluded: no excluded page found in the first 512 MB"
	else
		out=$(printf 'rd -p %s\n' "$addr" | timeout 300 "$CRASH" -s --zero_excluded "$kd/vmlinux" "$v" 2>&1)
		[[ $out =~ ^\ *$addr:\ \ 0000000000000000\  ]] && ok "$tag: --zero_excluded: excluded page $addr reads zeros" ||
			notok "$tag: --zero_excluded: '$out'"
		out=$(printf 'set zero_excluded on\nrd -p %s\nset zero_excluded off\nrd -p %s\n' "$addr" "$addr" |
			timeout 300 "$CRASH" -s "$kd/vmlinux" "$v" 2>&1)
		grep -q "^ *$addr:  0000000000000000 " <<<"$out" && grep -q 'page excluded from the dump' <<<"$out" &&
			ok "$tag: set zero_excluded on, then off" || notok "$tag: set zero_excluded: '$out'"
	fi
fi

# Debian's crash: the same set -v names (it opens the 6.1 dumps)
ref=$(ref_crash)
if [ -n "$ref" ] && [ -n "$kd" ] && [[ $(basename "$kd") == 6.1* ]]; then
	names=$(printf 'set -v\n' | timeout 120 "$ref" -s "$kd/vmlinux" "$kd/vmcore.zlib" 2>/dev/null |
		awk -F: '/^ *[a-z_-]+: /{gsub(/ /,"",$1); print $1}' | tr '\n' ' ')
	if [ -z "$names" ]; then
		skip "Debian crash: no set -v output (timed out under load?)"
	else
		[ "$names" = "$want" ] && ok "set -v names are Debian crash's" || notok "set -v: Debian crash has '$names'"
	fi
fi
