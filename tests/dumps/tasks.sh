#!/usr/bin/env bash
# The task table on every fixture dump against truth.json: pids, comms,
# ppids, thread groups, states, one idle task per CPU, on every dump file.
# Through `crash` (ps, sys, foreach, set).  A dump whose filter left out
# pages holding task_structs (6.12-kdump: makedumpfile 1.7.2 takes the
# slab pages of Linux 6.10+ for free pages) must say how many tasks it
# could not read, and why, once per command; the ELF of the same crash
# lists every task.
set -u
. "$(dirname "$0")/lib.bash"
here=$(dirname "$0")
list=$(fixture_dirs 2>/dev/null) || list=""
[ -n "$list" ] || { skip "tasks: no fixture dumps"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ref=$(ref_crash)

while read -r name dir; do
	[ -f "$dir/truth.json" ] || continue
	for f in "$dir"/vmcore.*; do
		case $f in *.split.[2-9]) continue ;; esac
		fn=$name/$(basename "$f")
		files=("$f")
		case $f in *.split.1) files=("$dir"/vmcore.split.*) ;; esac
		if ! printf 'ps\n' | "$CRASH" -s "$dir/vmlinux" "${files[@]}" >"$tmp/ps" 2>"$tmp/err" ||
			! grep -q 'PID    PPID' "$tmp/ps"; then
			skip "$fn: crash cannot open it yet ($(head -1 "$tmp/err"))"
			continue
		fi
		# tasks the dump lost: reported once, with the reason
		lost=$(sed -n 's/^ps: \([0-9]*\) tasks\{0,1\} unreadable: .*/\1/p' "$tmp/err")
		case $(basename "$f") in
		vmcore.elf | vmcore.kdump-flat)
			check "$fn/ps: every task readable in an unfiltered dump" test -z "$lost" ;;
		esac
		case $fn in
		6.12-kdump/vmcore.zlib | 6.12-kdump/vmcore.lzo | 6.12-kdump/vmcore.flat | 6.12-kdump/vmcore.split.1)
			check "$fn/ps: says how many tasks makedumpfile's filter took (${lost:-none})" test -n "$lost" ;;
		esac
		if [ -n "$lost" ]; then
			check "$fn/ps: the unreadable tasks are reported once" \
				test "$(grep -c 'tasks\{0,1\} unreadable' "$tmp/err")" = 1
			check "$fn/ps: ... as excluded from the dump" \
				grep -q "^ps: $lost tasks\{0,1\} unreadable: their pages are excluded from the dump" "$tmp/err"
			check "$fn/ps: ... naming makedumpfile's slab-page behaviour" \
				grep -q '^ps: dump level 31 drops .*makedumpfile before 1.7.7 takes slab pages' "$tmp/err"
		fi
		python3 "$here/tasks_check.py" "$dir/truth.json" "$tmp/ps" "$fn/ps" "${lost:-0}"
		printf 'sys\n' | "$CRASH" -s "$dir/vmlinux" "${files[@]}" >"$tmp/sys" 2>&1
		rel=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["release"])' "$dir/truth.json")
		check "$fn/sys: RELEASE is uname -r" grep -q "^     RELEASE: $rel\$" "$tmp/sys"
		nc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ncpus"])' "$dir/truth.json")
		check "$fn/sys: CPUS" grep -Eq "^        CPUS: $nc( \\[OFFLINE: [0-9]+\\])?\$" "$tmp/sys"
		n=$(grep -c '^[> ] *[0-9]' "$tmp/ps")
		if [ -n "$lost" ]; then
			check "$fn/sys: TASKS matches ps, with the unreadable ones" \
				grep -q "^       TASKS: $n  (and $lost unreadable: excluded from the dump)\$" "$tmp/sys"
		else
			check "$fn/sys: TASKS matches ps" grep -q "^       TASKS: $n\$" "$tmp/sys"
		fi
		printf 'foreach wl-sleeper wl-stopped task -R pid\n' | "$CRASH" -s "$dir/vmlinux" "${files[@]}" >"$tmp/fe" 2>&1
		# both, unless the dump lost a task_struct (ps has what is left):
		# which ones a filtered dump loses changes with every capture
		nfe=$(grep -cE ' (wl-sleeper|wl-stopped)$' "$tmp/ps")
		[ -n "$lost" ] || nfe=2
		check "$fn/foreach: one header per task ($nfe)" test "$(grep -c '^PID: ' "$tmp/fe")" -eq "$nfe"
		# the panic is `echo c` from PID 1: the startup context
		printf 'set\n' | "$CRASH" -s "$dir/vmlinux" "${files[@]}" >"$tmp/set" 2>&1
		check "$fn: panic task is PID 1" grep -Eq '^ +PID: 1$' "$tmp/set"
		# sig: foreach sig prints one block per task; sig -g one per thread
		wthr=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workload"]["threaded"])' "$dir/truth.json")
		printf 'foreach sig\nsig -g %s\n' "$wthr" |
			"$CRASH" -s "$dir/vmlinux" "${files[@]}" >"$tmp/sig" 2>&1
		# one SIGNAL_STRUCT per task ps lists, and one for sig -g when
		# ps lists the threaded workload; on a dump that lost pages, a
		# task whose signal_struct is in an excluded page is one error
		# line saying so instead (which pages a capture loses changes)
		g=$(awk -v p="$wthr" '{f = $1 == ">" ? $2 : $1} f == p {print; exit}' "$tmp/ps" | grep -c .)
		errs=$(grep -v '^foreach: .*unreadable\|^foreach: dump level' "$tmp/sig" | grep '^[a-z]*: ')
		nerr=0 excl=0
		if [ -n "$errs" ]; then
			nerr=$(grep -c . <<<"$errs")
			[ -n "$lost" ] && excl=$(grep -c 'excluded from the dump' <<<"$errs")
		fi
		ss=$(grep -c '^SIGNAL_STRUCT: ' "$tmp/sig")
		check "$fn/foreach sig: one SIGNAL_STRUCT per task ($n) and one for sig -g ($g)${lost:+, $excl excluded}" \
			test $((ss + excl)) -eq $((n + g))
		check "$fn/foreach sig: 64 sigactions each, no errors${lost:+ but for excluded pages}" \
			test "$(grep -c '^ *\[64\] ' "$tmp/sig")" -eq "$ss" -a "$nerr" -eq "$excl"
		# the threads of wl-threaded that ps lists: all of them, unless the
		# dump lost some task_structs (those ps reported unreadable)
		nthr=$(python3 -c 'import json,sys
t = json.load(open(sys.argv[1]))
w = t["workload"]["threaded"]
listed = {int(l.split()[1 if l.startswith(">") else 0]) for l in open(sys.argv[2])
          if l[:1] in " >" and l.split() and l.split()[1 if l.startswith(">") else 0].isdigit()}
print(sum(1 for x in t["tasks"] if x["tgid"] == w and x["pid"] in listed))' "$dir/truth.json" "$tmp/ps")
		check "$fn/sig -g: one block per thread of wl-threaded ($nthr)" \
			test "$(grep -c '^  PID: ' "$tmp/sig")" -eq "$nthr"
		# Debian's crash agrees on PID 1's signal handling where it opens the dump
		if [ -n "$ref" ] && [ "$(basename "$f")" = vmcore.elf ]; then
			# one reference session (its startup costs seconds): sig 1,
			# then task 1, split where the second "PID:" header starts
			split2() { awk -v a="$2" -v b="$3" '/^PID: /{n++} {print > (n <= 1 ? a : b)}' "$1"; }
			printf 'sig 1\ntask 1\n' | "$ref" -s "$dir/vmlinux" "$f" 2>/dev/null |
				grep -v '^WARNING' | sed '/./,$!d' >"$tmp/ref.both"
			printf 'sig 1\ntask 1\n' | "$CRASH" -s "$dir/vmlinux" "$f" >"$tmp/ours.both" 2>&1
			rm -f "$tmp"/sig.ref "$tmp"/task.ref "$tmp"/sig.ours "$tmp"/task.ours
			touch "$tmp"/sig.ref "$tmp"/task.ref
			split2 "$tmp/ref.both" "$tmp/sig.ref" "$tmp/task.ref"
			split2 "$tmp/ours.both" "$tmp/sig.ours" "$tmp/task.ours"
			if grep -q '^SIGNAL_STRUCT' "$tmp/sig.ref"; then
				check "$fn/sig 1: the lines Debian's crash prints" cmp -s "$tmp/sig.ref" "$tmp/sig.ours"
			else
				skip "$fn/sig 1: Debian's crash cannot open this dump"
			fi
			# task 1: the whole task_struct and thread_info, value for value
			if grep -q '^struct task_struct {' "$tmp/task.ref"; then
				# (gdb under a UTF-8 locale shows some byte pairs of char
				# arrays as one wide character: those lines are excused)
				check "$fn/task 1: the $(wc -l <"$tmp/task.ref") lines Debian's crash prints" \
					python3 -c 'import sys
a = open(sys.argv[1], "rb").read().split(b"\n")
b = open(sys.argv[2], "rb").read().split(b"\n")
sys.exit(len(a) != len(b) or any(x != y and max(x) < 128 for x, y in zip(a, b) if x))' \
					"$tmp/task.ref" "$tmp/task.ours"
			fi
		fi
	done
done <<<"$list"
