#!/usr/bin/env bash
# A dump is untrusted input: a copy of a fixture dump with random pages
# overwritten by random bytes (fixed seeds) must not crash, hang or
# upset the sanitizers in any command that walks kernel structures; each
# may fail with its one-line error, and the session goes on to the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps corrupt
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

d=$(echo "$dirs" | head -1)
[ -f "$d/vmcore.elf" ] || { skip "corrupt: no vmcore.elf in $d"; exit 0; }
cmds='sys
ps
bt -a
foreach bt
foreach vm
foreach files
foreach sig
log
kmem -s
kmem -i
runq
irq
irq -s
ipcs
mount
dev
net
timer
timer -r
mod
list task_struct.tasks -h init_task
tree -t xarray &init_pid_ns.idr.idr_rt
swap
waitq log_wait
task 1
vtop ffffffffc0000000
search -c Linux
echo END'
for seed in 1 2 3 4; do
	python3 - "$seed" "$d/vmcore.elf" "$tmp/c.elf" <<-'EOF'
	import os, random, shutil, sys
	random.seed(int(sys.argv[1]))
	shutil.copyfile(sys.argv[2], sys.argv[3])
	size = os.path.getsize(sys.argv[3])
	with open(sys.argv[3], "r+b") as f:
	    # a tenth of the pages past the headers and notes
	    for _ in range(size // 4096 // 10):
	        f.seek(random.randrange(1 << 20, size - 4096) & ~4095)
	        f.write(os.urandom(4096))
	EOF
	timeout 600 "$CRASH" -s "$d/vmlinux" "$tmp/c.elf" <<<"$cmds" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -q '^crash: ' "$tmp/out"; then
		# the damage hit what the open checks (linux_banner): refused
		ok "corrupt seed $seed: refused in one line ($(cut -c1-60 "$tmp/out")...)"
	elif [ $rc -ge 124 ] || ! grep -q '^END$' "$tmp/out"; then
		notok "corrupt seed $seed: the session did not reach its end (rc $rc): $(tail -2 "$tmp/out" | tr '\n' ' ' | cut -c1-200)"
	elif grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$tmp/out"; then
		notok "corrupt seed $seed: $(grep -m1 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$tmp/out")"
	else
		ok "corrupt seed $seed: 28 commands on a dump with 10% of its pages random, the session goes on"
	fi
done
rm -f "$tmp/c.elf"
