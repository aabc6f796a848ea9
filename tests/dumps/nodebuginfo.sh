#!/usr/bin/env bash
# Every fixture dump opened with no vmlinux (symbols from the dump's
# kallsyms, types from its BTF, unwinding with the ORC tables in memory)
# prints what it prints with the debug vmlinux: sys, ps, bt, bt -a, log,
# vm, files, mod, kmem -i/-s, ipcs, irq, swap, runq, struct task_struct,
# p init_task.comm, list and foreach bt (nodebuginfo_check.py).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps nodebuginfo
each_elf_dump nodebuginfo_check.py
