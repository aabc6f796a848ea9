#!/usr/bin/env bash
# log on every fixture dump: the serial console's lines (console.log) must
# appear in `log` in the same order, `log` must end with the console's last
# line of the crashed kernel and show the panic, and it must hold
# truth.json's dmesg_tail.  `log -t`, `-m` and `-T` must print as many
# records as `log`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps log

# LOG_DUMPS='elf' limits the dump files tried (a glob on the suffix).
pat=${LOG_DUMPS:-*}

for d in $dirs; do
	name=$(basename "$d")
	[ -f "$d/truth.json" ] || { skip "$name: no truth.json"; continue; }
	for v in "$d"/vmcore.$pat; do
		[ -f "$v" ] || continue
		files=("$v")
		case "$v" in
		*.split.2) continue ;;
		*.split.1) files=("$v" "${v%.1}.2") ;;
		esac
		tag="$name/$(basename "$v")"
		out=$(printf 'log\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "${files[@]}" 2>&1)
		printf '%s\n' "$out" | python3 "$here/log_check.py" "$tag" "$d"
		n=$(printf '%s\n' "$out" | grep -c '^\[ *[0-9]*\.[0-9]*\] ')
		for opt in -t -m -T; do
			o=$(printf 'log %s\n' "$opt" | timeout 300 "$CRASH" -s "$d/vmlinux" "${files[@]}" 2>&1)
			case $opt in
			-t) m=$(printf '%s\n' "$o" | grep -c 'Kernel panic - not syncing') ;;
			-m) m=$(printf '%s\n' "$o" | grep -c '^\[ *[0-9]*\.[0-9]*\] <[0-7]>') ;;
			-T) m=$(printf '%s\n' "$o" | grep -c '^\[[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* .* [0-9]*\] ') ;;
			esac
			case $opt in
			-t) [ "$m" -ge 1 ] && ! printf '%s\n' "$o" | grep -q '^\[ *[0-9]*\.[0-9]*\] ' \
				&& ok "$tag: log -t has no time stamps" || notok "$tag: log -t" ;;
			*) [ "$n" -gt 0 ] && [ "$m" = "$n" ] && ok "$tag: log $opt prints all $n records" \
				|| notok "$tag: log $opt printed $m of $n records" ;;
			esac
		done
		# log -s: the per-CPU safe buffers of 4.11-5.10, or one line saying
		# the kernel has none (never the whole log); once per fixture
		[ "$(basename "$v")" = vmcore.elf ] || continue
		o=$(printf 'sym safe_print_seq\nlog -s\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "${files[@]}" 2>&1)
		if printf '%s\n' "$o" | grep -q '^sym: '; then
			l=$(printf '%s\n' "$o" | grep -v '^sym: ')
			[ "$(printf '%s\n' "$l" | wc -l)" = 1 ] && [[ "$l" == "log: "*"no printk safe buffers"* ]] \
				&& ok "$tag: log -s says in one line that the kernel has no safe buffers" \
				|| notok "$tag: log -s without safe buffers: $(printf '%s\n' "$l" | head -2)"
		else
			printf '%s\n' "$o" | grep -q '^PRINTK_SAFE_SEQ_BUF: ' && ! printf '%s\n' "$o" | grep -q 'Kernel panic' \
				&& ok "$tag: log -s prints the safe buffers, not the log" || notok "$tag: log -s"
		fi
	done
done
exit 0
