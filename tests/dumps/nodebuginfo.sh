#!/usr/bin/env bash
# Every fixture dump opened with no vmlinux (symbols from the dump's
# kallsyms, types from its BTF, unwinding with the ORC tables in memory)
# prints what it prints with the debug vmlinux: sys, ps, bt, bt -a, log,
# vm, files, mod, kmem -i/-s, ipcs, irq, swap, runq, struct task_struct,
# p init_task.comm, list and foreach bt (nodebuginfo_check.py).  And on
# the first fixture, the vmlinux stripped of its debug info: its own
# symbols, the dump's BTF; and that dump with its kallsyms or BTF damaged
# (nodebuginfo_corrupt.py): one line, never a crash.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps nodebuginfo
each_elf_dump nodebuginfo_check.py
for d in $dirs; do
	[ -f "$d/vmcore.elf" ] && [ -f "$d/vmlinux" ] || continue
	tmp=$(mktemp -d)
	if objcopy --strip-debug "$d/vmlinux" "$tmp/vmlinux" 2>/dev/null; then
		python3 "$here/nodebuginfo_check.py" "$CRASH" "$d" "$d/vmcore.elf" "$tmp/vmlinux"
		rm -f "$tmp/vmlinux"
		TMPDIR=$tmp python3 "$here/nodebuginfo_corrupt.py" "$CRASH" "$d" "$d/vmcore.elf"
	else
		skip "nodebuginfo: $(basename "$d"): objcopy --strip-debug failed"
	fi
	rm -rf "$tmp"
	break
done
