#!/usr/bin/env bash
# A dump is untrusted input: a copy of a fixture dump with random pages
# overwritten by random bytes or stray pointers (fixed seeds) must not crash, hang or
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
analyze
analyze -v
echo END'
# direct-map addresses make damage that walkers follow further than noise
po=$(printf 'ptov 0\n' | "$CRASH" -s "$d/vmlinux" "$d/vmcore.elf" 2>/dev/null | awk 'NR == 2 { print $1 }')
for seed in 1 2 3 4 5 6; do
	python3 - "$seed" "$d/vmcore.elf" "$tmp/c.elf" "${po:-0}" <<-'EOF'
	import os, random, shutil, struct, sys
	random.seed(int(sys.argv[1]))
	shutil.copyfile(sys.argv[2], sys.argv[3])
	size = os.path.getsize(sys.argv[3])
	po = int(sys.argv[4], 16)
	with open(sys.argv[3], "r+b") as f:
	    # a fifth of the pages past the headers and notes: random bytes,
	    # or plausible pointers into the first 512 MB of the direct map
	    for _ in range(size // 4096 // 5):
	        f.seek(random.randrange(1 << 20, size - 4096) & ~4095)
	        if random.random() < 0.5 or not po:
	            f.write(os.urandom(4096))
	        else:
	            b = po + random.randrange(0, 1 << 29)
	            f.write(b"".join(struct.pack("<Q", b + random.randrange(0, 1 << 16) * 8)
	                             for _ in range(512)))
	EOF
	timeout 600 "$CRASH" -s "$d/vmlinux" "$tmp/c.elf" <<<"$cmds" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -aq '^crash: ' "$tmp/out"; then
		# the damage hit what the open checks (linux_banner): refused
		ok "corrupt seed $seed: refused in one line ($(cut -c1-60 "$tmp/out" | tr -c '[:print:]' ' ')...)"
	elif [ $rc -ge 124 ] || ! grep -aq '^END$' "$tmp/out"; then
		notok "corrupt seed $seed: the session did not reach its end (rc $rc): $(tail -2 "$tmp/out" | tr -c '[:print:]' ' ' | cut -c1-200)"
	elif grep -aq 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$tmp/out"; then
		notok "corrupt seed $seed: $(grep -a -m1 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$tmp/out" | tr -c '[:print:]' ' ')"
	else
		ok "corrupt seed $seed: $(($(wc -l <<<"$cmds") - 1)) commands on a dump with a fifth of its pages damaged, the session goes on"
	fi
done
rm -f "$tmp/c.elf"
