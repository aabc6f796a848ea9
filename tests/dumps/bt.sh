#!/usr/bin/env bash
# bt on every fixture dump: the panic task's path matches the console's
# call trace (no stale frames), sleeping workload tasks show the kernel
# path their wait channel implies, bt -a covers every CPU, and foreach bt
# runs over all tasks quickly and without errors.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
: "${CRASH:=$TOP/crash}"

run() { # run DIR VMCORE CMD...: one session, commands on stdin
	local d=$1 v=$2; shift 2
	local files=("$v")
	# A split dump is opened with all its parts.
	case $v in *.split.1) files=("$d"/vmcore.split.*) ;; esac
	if [ -n "${TIMEFILE:-}" ]; then # CPU time (user, sys) into $TIMEFILE
		printf '%s\n' "$@" | timeout 120 /usr/bin/time -o "$TIMEFILE" -f '%U %S' \
			"$CRASH" -s "$d/vmlinux" "${files[@]}" 2>&1
	else
		printf '%s\n' "$@" | timeout 120 "$CRASH" -s "$d/vmlinux" "${files[@]}" 2>&1
	fi
}

# Names of the reliable frames of the console's last call trace, from
# panic() down, without "?" (guessed) entries and offsets.  x86_64 prints
# "Call Trace:" between <TASK> marks, arm64 "Call trace:" up to the first
# line that is not indented; arm64 names a return address as it is, so
# one right after a noreturn call (+0x0) names the next function: "*",
# which any frame matches.  Only the kernel's own (timestamped) lines count:
# the workload's truth, written to the same console from user space, can
# land in the middle of the trace.
console_frames() {
	awk '/Kernel panic - not syncing/ && !/end Kernel panic/ {p=1; n=0; delete f}
	     p && /Call [Tt]race:/ {t=1; next}
	     t && !/^\[[ 0-9.]*\]/ {next}
	     t && /<\/TASK>|^\[[ 0-9.]*\] RIP:|^\[[ 0-9.]*\] [^ ]/ {t=0; p=0}
	     t { line=$0; sub(/^\[[ 0-9.]*\] +/, "", line);
	         if (line ~ /^\?/ || line ~ /^</) next;
	         if (line ~ /\+0x0\//) line="*";
	         sub(/\+0x.*/, "", line); f[n++]=line }
	     END { s=0; for (i=0;i<n;i++) { if (f[i]=="panic") s=1; if (s) print f[i] } }' "$1"
}
console_guessed() {
	awk '/Kernel panic - not syncing/ && !/end Kernel panic/ {p=1}
	     p && /Call Trace:/ {t=1; next}
	     t && !/^\[[ 0-9.]*\]/ {next}
	     t && /<\/TASK>|^\[[ 0-9.]*\] RIP:/ {t=0; p=0}
	     t { line=$0; sub(/^\[[ 0-9.]*\] +/, "", line);
	         if (line ~ /^\? /) { sub(/^\? /, "", line); sub(/\+0x.*/, "", line); print line } }' "$1"
}
# Function names of the frame lines of bt output.
frames() { sed -n 's/^ *#[0-9]* \[[0-9a-f]*\] \([^ ]*\) at .*/\1/p' | sed 's/+.*//'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The user-mode register block ending a trace: x86_64's user CS and SS,
# arm64's last line (PSTATE after the syscall number).
user_block='CS: 0033  SS: 002b|ORIG_X0: [0-9a-f]+  SYSCALLNO: [0-9a-f]+  PSTATE:'

dirs=$(fixture_dirs 2>/dev/null | awk '{print $NF}')
[ -n "$dirs" ] || { skip "bt: no fixture dumps"; exit 0; }

for d in $dirs; do
	name=$(basename "$d")
	[ -f "$d/truth.json" ] || { skip "$name: no truth.json"; continue; }
	first=1
	for v in "$d"/vmcore.*; do
		[ -f "$v" ] || continue
		case $v in *.split.[2-9]) continue ;; esac
		tag="$name/$(basename "$v")"
		out=$(run "$d" "$v" "bt")
		got=$(printf '%s\n' "$out" | frames | awk '$0=="panic"{s=1} s')
		want=$(console_frames "$d/console.log")
		if [ -n "$want" ] && paste -d' ' <(printf '%s\n' "$want") <(printf '%s\n' "$got" | head -n "$(printf '%s\n' "$want" | wc -l)") |
			awk '$1 != "*" && $1 != $2 {bad=1} END {exit bad}'; then
			ok "$tag: panic task frames from panic match the console"
		else
			notok "$tag: panic task frames: got [$(echo $got)] want [$(echo $want)]"
		fi
		stale=""
		for g in $(console_guessed "$d/console.log" | sort -u); do
			printf '%s\n' "$want" | grep -qx "$g" && continue
			printf '%s\n' "$got" | grep -qx "$g" && stale="$stale $g"
		done
		if [ -z "$stale" ]; then ok "$tag: no stale frames"; else notok "$tag: stale frames:$stale"; fi
		if printf '%s\n' "$out" | grep -qE "$user_block"; then
			ok "$tag: panic task ends with user-mode registers"
		else
			notok "$tag: no user-mode register block"
		fi
		if printf '%s\n' "$out" | grep -qE '^bt: |unwind stopped'; then
			notok "$tag: bt printed an error: $(printf '%s\n' "$out" | grep -E '^bt: |unwind stopped' | head -1)"
		else
			ok "$tag: bt without errors"
		fi

		# The rest reads the same memory whatever the format: check it on
		# the first dump file only, to keep the test quick.
		[ $first = 1 ] || continue
		first=0

		# bt -a: one header per CPU, CPUs 0..n-1
		ncpus=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ncpus"])' "$d/truth.json")
		cpus=$(run "$d" "$v" "bt -a" | sed -n 's/^PID: .*CPU: \([0-9]*\) .*/\1/p' | sort -n | tr '\n' ' ')
		if [ "$cpus" = "$(seq 0 $((ncpus - 1)) | tr '\n' ' ')" ]; then
			ok "$tag: bt -a shows all $ncpus CPUs"
		else
			notok "$tag: bt -a CPUs [$cpus], want $ncpus"
		fi

		# Sleeping workload tasks: the wait channel's function is on the
		# stack, under schedule, and the trace reaches user mode.
		cmds=() pids=()
		while read -r role pid wchan; do
			[ "$wchan" = 0 ] && continue
			cmds+=("bt $pid"); pids+=("$role:$pid:$wchan")
		done < <(python3 -c '
import json,sys
t=json.load(open(sys.argv[1]))
for role,pid in sorted(t["workload"].items()):
    print(role, pid, t["wchan"].get(str(pid), "0"))' "$d/truth.json")
		all=$(run "$d" "$v" "${cmds[@]}")
		# The wait channel is named as the kernel names it (kallsyms'
		# choice among aliases of one address), exactly.
		for p in "${pids[@]}"; do
			IFS=: read -r role pid wchan <<<"$p"
			blk=$(printf '%s\n' "$all" | awk -v pid="$pid" '/^PID:/ {on = ($2 == pid)} on')
			fr=$(printf '%s\n' "$blk" | frames)
			if printf '%s\n' "$fr" | grep -qxF "$wchan" &&
			   printf '%s\n' "$fr" | grep -q 'schedule' &&
			   printf '%s\n' "$blk" | grep -qE "$user_block"; then
				ok "$tag: $role ($pid) sleeps in $wchan"
			else
				notok "$tag: $role ($pid): want $wchan, got [$(echo $fr)]"
			fi
		done

		# A zombie: its header, then its frames or one line saying why there
		# are none (the stack is freed when it last switches out).
		for pid in $(python3 -c '
import json,sys
t=json.load(open(sys.argv[1]))
print(" ".join(str(x["pid"]) for x in t.get("tasks", []) if x.get("state") == "Z"))' "$d/truth.json"); do
			zo=$(run "$d" "$v" "bt $pid")
			if printf '%s\n' "$zo" | head -1 | grep -q "^PID: $pid " &&
			   { [ "$(printf '%s\n' "$zo" | wc -l)" = 2 ] &&
			     printf '%s\n' "$zo" | sed -n 2p | grep -q 'has exited (zombie): its kernel stack was freed' ||
			     printf '%s\n' "$zo" | grep -q '^ *#0 '; }; then
				ok "$tag: bt $pid (a zombie): its header and its frames or why there are none"
			else
				notok "$tag: bt $pid (a zombie): $(printf '%s\n' "$zo" | head -3 | tr '\n' '|')"
			fi
		done

		# foreach bt: every task, no error line, fast (in CPU time: a
		# busy machine must not fail it).
		fe=$(TIMEFILE=$tmp/cpu1 run "$d" "$v" "foreach bt")
		n=$(printf '%s\n' "$fe" | grep -c '^PID:')
		errs=$(printf '%s\n' "$fe" | grep -E '^bt: |unwind stopped|foreach: ' | head -3)
		if [ "$n" -gt 50 ] && [ -z "$errs" ]; then
			ok "$tag: foreach bt over $n tasks without errors"
		else
			notok "$tag: foreach bt: $n tasks, errors: $errs"
		fi
		# The session (open + foreach bt) minus the open alone.
		TIMEFILE=$tmp/cpu2 run "$d" "$v" "" >/dev/null
		el=$(awk 'NR == FNR { a = $1 + $2; next } { b = $1 + $2 } END { printf "%.2f", a - b }' \
			"$tmp/cpu1" "$tmp/cpu2" 2>/dev/null)
		if awk -v x="${el:-9}" 'BEGIN{exit !(x < 1.0)}'; then
			ok "$tag: foreach bt took ${el}s of CPU"
		else
			notok "$tag: foreach bt took ${el:-?}s of CPU (limit 1s)"
		fi
	done
done
