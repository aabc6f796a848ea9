#!/usr/bin/env bash
# kernel-types/kernel.h on every fixture dump, through tests/tools/ktprobe:
# kernel_open (and its refusal of a vmlinux of another release), symbols,
# strings, members (bitfields too), the task list, per-cpu variables, read
# errors, and the startup time with the DWARF name index built (cold) and
# loaded from its cache (warm), and with a corrupt cache.
set -u
. "$(dirname "$0")/lib.bash"
probe=$BUILD/tests/tools/ktprobe
[ -x "$probe" ] || { notok "kernel: $probe not built"; exit 0; }
list=$(fixture_dirs 2>/dev/null) || list=""
[ -n "$list" ] || { skip "kernel: no fixture dumps"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

declare -A rel_of
while read -r name dir; do
	[ -f "$dir/truth.json" ] || continue
	rel=$(json "$dir/truth.json" release)
	rel_of[$name]=$rel
	ncpus=$(json "$dir/truth.json" ncpus)
	# Thread-group leaders in truth.json, "pid comm", sorted.
	python3 - "$dir/truth.json" >"$tmp/want" <<-'EOF'
	import json, sys
	t = json.load(open(sys.argv[1]))["tasks"]
	for x in sorted(t, key=lambda x: x["pid"]):
	    if x["pid"] == x["tgid"]:
	        print(x["pid"], x["comm"][:15])
	EOF
	for f in "$dir"/vmcore.*; do
		case $f in *.split.[2-9]) continue ;; esac
		fn=$name/$(basename "$f")
		core=$f
		case $f in *.split.1) core=$(ls "$dir"/vmcore.split.* | paste -sd,) ;; esac
		out=$("$probe" "$dir/vmlinux" "$core" open -- str linux_banner -- comm init_task \
			-- u64 jiffies -- percpu runqueues "struct rq" cpu -- read 10 8 2>&1)
		if [[ $out == error:* ]]; then notok "$fn: kernel_open: ${out#error: }"; continue; fi
		ok "$fn: kernel_open (${out%%$'\n'*})"
		mapfile -t l <<<"$out"
		[[ ${l[1]} == "Linux version $rel "* ]] && ok "$fn: linux_banner is $rel" ||
			notok "$fn: linux_banner: ${l[1]:0:80}"
		# l[2] is the empty line after the banner's newline.
		[ "${l[3]}" = "swapper/0" ] && ok "$fn: init_task.comm" || notok "$fn: init_task.comm: ${l[3]}"
		j=${l[4]}
		python3 -c '
import sys
j = int(sys.argv[1])
# jiffies starts 300 s before wrapping 32 bits (INITIAL_JIFFIES); allow
# any usual HZ and up to a year of uptime.
ok = any(0 <= j - ((1 << 32) - 300 * hz) < 366 * 86400 * hz for hz in (100, 250, 300, 1000))
sys.exit(0 if ok else 1)' "$j" 2>/dev/null && ok "$fn: jiffies plausible ($j)" || notok "$fn: jiffies $j"
		want_cpu=$(for ((c = 0; c < ncpus; c++)); do echo "cpu=$c $c"; done)
		got_cpu=$(printf '%s\n' "${l[@]:5:$ncpus}")
		[ "$got_cpu" = "$want_cpu" ] && ok "$fn: per-cpu runqueues[cpu].cpu == cpu on $ncpus cpus" ||
			notok "$fn: per-cpu runqueues: $(echo $got_cpu)"
		r=${l[5 + ncpus]}
		[[ $r == "error: read error: kernel virtual address 10 ("[a-z]*")" ]] && [[ $r != *"read error"*"read error"* ]] && ok "$fn: read error names the address" ||
			notok "$fn: read error: $r"

		"$probe" "$dir/vmlinux" "$core" tasks >"$tmp/tasks" 2>&1
		# /proc adds a workqueue's name to a kworker's comm
		# ("kworker/0:1-events"): the kernel's comm is a prefix of it.
		res=$(python3 - "$tmp/want" "$tmp/tasks" <<-'EOF'
		import sys
		want = {int(l.split(' ', 1)[0]): l.rstrip('\n').split(' ', 1)[1] for l in open(sys.argv[1]) if l.strip()}
		got = {}
		for l in open(sys.argv[2]):
		    f = l.rstrip('\n').split(' ', 2)
		    if len(f) == 3 and f[0] == f[1]:
		        got[int(f[0])] = f[2]
		# a dump that left out a task's page ends the walk there, saying so
		cut = any("page excluded from the dump" in l for l in open(sys.argv[2]) if l.startswith("error: "))
		# the forker's children (wl-many) may still be being made when the
		# workload writes its truth, on a slow machine: one made later is
		# in the dump and not in the truth (proof run of issue 12)
		late = {p for p in got if p not in want and got[p] == "wl-many"}
		bad = [f"{p}:{want.get(p)}/{got.get(p)}" for p in sorted(set(want) | set(got))
		       if (p not in want and p not in late) or (p not in got and not cut) or
		       (p in got and p in want and not want[p].startswith(got[p]))]
		print(len(got), "(ends at an excluded page)" if cut and not bad else " ".join(bad[:5]))
		EOF
		)
		if [[ $res =~ ^[1-9][0-9]*\ \(ends\ at\ an\ excluded\ page\)$ ]]; then
			ok "$fn: init_task.tasks walk: ${res%% *} of truth's leaders, then an error naming the excluded page"
		elif [[ $res =~ ^[1-9][0-9]*\ $ ]]; then
			ok "$fn: init_task.tasks walk = truth's ${res% } thread-group leaders"
		else
			notok "$fn: tasks walk (leaders, pid:truth/walk): $res ($(head -1 "$tmp/tasks"))"
		fi
		# every pid of truth.json (threads too) is in init_pid_ns's idr
		# (kwalk_idr over the xarray, struct pid read through kv_*)
		"$probe" "$dir/vmlinux" "$core" pids >"$tmp/pids" 2>&1
		res=$(python3 - "$dir/truth.json" "$tmp/pids" "$tmp/tasks" <<-'EOF'
		import json, sys
		want = {t["pid"] for t in json.load(open(sys.argv[1]))["tasks"]}
		# forker children made after the truth was written (see above):
		# leaders of the tasks walk named wl-many that the truth lacks
		for l in open(sys.argv[3]):
		    f = l.rstrip("\n").split(" ", 2)
		    if len(f) == 3 and f[0] == f[1] and f[0].isdigit() and f[2] == "wl-many":
		        want.add(int(f[0]))
		got = {}
		for l in open(sys.argv[2]):
		    f = l.split()
		    if len(f) == 2 and f[0].isdigit():
		        got[int(f[0])] = int(f[1])
		bad = [i for i, nr in got.items() if i != nr]
		cut = any("page excluded from the dump" in l for l in open(sys.argv[2]) if l.startswith("error: "))
		if cut and got and set(got) <= want and not bad:
		    print("cut")
		    sys.exit()
		print("ok" if set(got) == want and not bad else
		      "missing %s extra %s index!=nr %s" % (sorted(want - set(got))[:5], sorted(set(got) - want)[:5], bad[:5]))
		EOF
		)
		if [ "$res" = cut ]; then
			ok "$fn: init_pid_ns.idr walk: truth's pids, then an error naming the excluded page"
		elif [ "$res" = ok ]; then
			ok "$fn: init_pid_ns.idr walk = the pids of truth.json"
		else
			notok "$fn: idr walk: $res ($(head -1 "$tmp/pids"))"
		fi
		# cpumasks: every CPU of the machine is possible; 0 is online
		out=$("$probe" "$dir/vmlinux" "$core" cpumask cpu_possible_mask -- cpumask cpu_online_mask 2>&1)
		want=$(seq -s ' ' 0 $((ncpus - 1)))
		[ "$(sed -n 1p <<<"$out")" = "$ncpus: $want" ] && [[ $(sed -n 2p <<<"$out") == [1-9]*": 0"* ]] &&
			ok "$fn: cpumasks: possible = the $ncpus CPUs, online holds CPU 0" ||
			notok "$fn: cpumasks: $(tr '\n' ' ' <<<"$out")"
	done

	# Types: dotted paths, anonymous members, bitfields, pointers, enums.
	f=$dir/vmcore.elf
	[ -f "$f" ] || continue
	out=$("$probe" "$dir/vmlinux" "$f" sizeof "struct task_struct *" -- sizeof pid_t -- sizeof "unsigned long" \
		-- sizeof "unsigned short" -- percpu jiffies "struct rq" cpu \
		-- offsetof "struct task_struct" se.on_rq -- bits "struct task_struct" in_execve \
		-- enum PIDTYPE_PID -- sizeof "struct no_such_struct_x" \
		-- offsetof "struct task_struct" no_such_member 2>&1)
	mapfile -t l <<<"$out"
	[ "${l[0]}" = 8 ] && [ "${l[1]}" = 4 ] && ok "$name: sizeof pointer, typedef" ||
		notok "$name: sizeof: ${l[0]} ${l[1]}"
	[ "${l[2]}" = 8 ] && [ "${l[3]}" = 2 ] && ok "$name: sizeof C spellings of base types" ||
		notok "$name: sizeof unsigned long/short: ${l[2]} ${l[3]}"
	[ "${l[4]}" = "error: jiffies is not a per-cpu symbol" ] && ok "$name: per-cpu lookup of a global refused" ||
		notok "$name: percpu jiffies: ${l[4]}"
	l=("${l[@]:0:2}" "${l[@]:5}")
	[[ ${l[2]} =~ ^[0-9]+$ ]] && ok "$name: offsetof dotted path se.on_rq = ${l[2]}" ||
		notok "$name: se.on_rq: ${l[2]}"
	[[ ${l[3]} =~ ^off=[0-9]+\ bit=[0-7]\ width=1\ size=1$ ]] && ok "$name: bitfield in_execve (${l[3]})" ||
		notok "$name: bitfield in_execve: ${l[3]}"
	[ "${l[4]}" = 0 ] && ok "$name: enumerator PIDTYPE_PID" || notok "$name: PIDTYPE_PID: ${l[4]}"
	[[ ${l[5]} == "error: no type \"struct no_such_struct_x\""* ]] && [[ ${l[6]} == "error: struct task_struct has no member \"no_such_member\"" ]] &&
		ok "$name: absent type and member fail with one line" || notok "$name: absent: ${l[5]} / ${l[6]}"

	# A name at an address that several symbols share is the one the
	# kernel prints: the first in the dump's own kallsyms there (arm64
	# 6.1 has some 60 such addresses, x86_64 400).
	out=$("$probe" "$dir/vmlinux" "$f" aliases 2>&1)
	last=$(tail -1 <<<"$out")
	[[ $last =~ ^checked=([0-9]+)\ mismatched=0$ ]] && [ "${BASH_REMATCH[1]}" -ge 50 ] &&
		ok "$name: symbol aliases named as the kernel's kallsyms names them ($last)" ||
		notok "$name: symbol aliases against kallsyms: $(head -5 <<<"$out" | tr '\n' ';')"
	# Startup time: index built (cold), then from its cache (warm).
	export XDG_CACHE_HOME=$tmp/cache-$name
	s=$(date +%s%N)
	"$probe" "$dir/vmlinux" "$f" open -- timesizes >"$tmp/cold" 2>&1
	cold=$((($(date +%s%N) - s) / 1000000))
	s=$(date +%s%N)
	/usr/bin/time -o "$tmp/warmcpu" -f '%U %S' "$probe" "$dir/vmlinux" "$f" open -- timesizes >"$tmp/warm" 2>&1
	warm=$((($(date +%s%N) - s) / 1000000))
	# the bound is on CPU time: a busy machine must not fail it
	warmcpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/warmcpu" 2>/dev/null)
	idx=$(ls "$XDG_CACHE_HOME"/crash/*.idx 2>/dev/null | head -1)
	if grep -q '^lookups_ms' "$tmp/cold" && grep -q '^lookups_ms' "$tmp/warm" && [ -n "$idx" ]; then
		ok "$name: startup + 200 type lookups: ${cold} ms building the index, ${warm} ms from its cache"
	else
		notok "$name: timing runs: $(cat "$tmp/cold" "$tmp/warm" | grep error | head -1)"
	fi
	[ "${warmcpu:-99999}" -lt 1000 ] && ok "$name: warm startup under 1 s of CPU (${warmcpu} ms)" ||
		notok "$name: warm startup ${warmcpu:-?} ms of CPU"
	# A corrupt or short cache is ignored (and rebuilt).
	if [ -n "$idx" ]; then
		head -c 5000 "$idx" >"$idx.t" && mv "$idx.t" "$idx"
		"$probe" "$dir/vmlinux" "$f" offsetof "struct task_struct" tasks >"$tmp/short" 2>&1 &&
			ok "$name: short index cache ignored" || notok "$name: short cache: $(cat "$tmp/short")"
		dd if=/dev/urandom of="$idx" bs=1k count=64 conv=notrunc status=none
		"$probe" "$dir/vmlinux" "$f" offsetof "struct task_struct" tasks >"$tmp/bad" 2>&1 &&
			ok "$name: corrupt index cache ignored" || notok "$name: corrupt cache: $(cat "$tmp/bad")"
	fi
	unset XDG_CACHE_HOME
done <<<"$list"

# A vmlinux of another release is refused with one line.
vm612="" d61=""
while read -r name dir; do
	case ${rel_of[$name]:-} in 6.12*) vm612=$dir/vmlinux ;; 6.1.*) d61=$dir/vmcore.elf ;; esac
done <<<"$list"
if [ -n "$vm612" ] && [ -n "$d61" ]; then
	out=$("$probe" "$vm612" "$d61" open 2>&1)
	[ "$(wc -l <<<"$out")" = 1 ] && [[ $out == "error: $d61: vmlinux and vmcore do not match: vmlinux is 6.12"*", dump is 6.1."* ]] &&
		ok "mismatched vmlinux refused: ${out#error: }" || notok "mismatched vmlinux: $out"
else
	skip "mismatched vmlinux: needs a 6.1 and a 6.12 fixture"
fi
