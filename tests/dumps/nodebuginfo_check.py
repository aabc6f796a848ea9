#!/usr/bin/env python3
"""One fixture dump opened twice, with its debug vmlinux and with nothing
but the dump (kallsyms, BTF, ORC from memory): every command of the list
must print the same, line for line.  Usage: CRASH DIR VMCORE [STRIPPED]:
with STRIPPED (the vmlinux without its debug info, objcopy --strip-debug)
the second session is STRIPPED and the dump: the vmlinux's symbols and
the dump's BTF.

Only what depends on the symbol and type source may differ, and nothing
here does: the KERNEL: line of the banner and sys says which sources the
session used, and is left out."""
import os
import subprocess
import sys

COMMANDS = [
    "sys", "ps", "bt", "bt -a", "log", "vm", "files", "mod", "kmem -i",
    "kmem -s", "ipcs", "irq", "swap", "runq", "struct task_struct",
    "p init_task.comm", "list task_struct.tasks -s task_struct.pid -h init_task",
    "foreach bt",
]


# Nothing to find by build ID: the session without the vmlinux must use
# the dump's own kallsyms and BTF (buildid.sh tests the finding).
ENV = dict(os.environ, CRASH_DEBUGINFO_DIRS="/nonexistent")
ENV.pop("DEBUGINFOD_URLS", None)


STDERR = "(stderr)"


def session(crash, files):
    """Each command's output (stdout and stderr) in a dict, or a string
    saying why the session did not open."""
    script = "".join(c + "\n" for c in COMMANDS)
    try:
        p = subprocess.run([crash] + files, input=script, capture_output=True, text=True,
                           timeout=600, errors="replace", env=ENV)
    except subprocess.TimeoutExpired:
        return "timed out"
    out = {}
    cur = None
    for line in (p.stdout).splitlines():
        if line.startswith("crash> "):
            cur = line[len("crash> "):]
            out[cur] = []
        elif cur is not None and not line.lstrip().startswith("KERNEL: "):
            out[cur].append(line)
    if not out:
        err = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return err
    out[STDERR] = p.stderr.splitlines()
    return out


def main():
    crash, d, vmcore = sys.argv[1:4]
    stripped = sys.argv[4] if len(sys.argv) > 4 else None
    name = d.rstrip("/").split("/")[-1]
    if stripped:
        name += " (stripped vmlinux)"
    ref = session(crash, [d + "/vmlinux", vmcore])
    if isinstance(ref, str):
        print(f"skip - {name}: no session with the vmlinux ({ref})")
        return
    got = session(crash, [stripped, vmcore] if stripped else [vmcore])
    if not stripped and not isinstance(got, str) and \
            any("kallsyms lists no data symbols" in l for l in got.get(STDERR, [])):
        # e.g. Debian's arm64 6.1 (no CONFIG_KALLSYMS_ALL): nothing in the
        # dump says where its BTF or its variables are
        print(f"skip - {name}: the kernel's kallsyms has no data symbols: no types "
              "without the vmlinux")
        return
    if isinstance(got, str):
        print(f"not ok - {name}: no session without the vmlinux: {got}")
        return
    for c in COMMANDS:
        a, b = ref.get(c), got.get(c)
        if a is None:
            print(f"skip - {name}: {c}: no output with the vmlinux")
            continue
        if b == a:
            print(f"ok - {name}: {c}: the same without debuginfo ({len(a)} lines)")
            continue
        if b is None:
            print(f"not ok - {name}: {c}: no output without debuginfo")
            continue
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        x = a[i] if i < len(a) else "(end)"
        y = b[i] if i < len(b) else "(end)"
        print(f"not ok - {name}: {c}: line {i + 1} differs: {x.strip()!r} with the vmlinux, "
              f"{y.strip()!r} without")
    # a module's own type, from its BTF (the workload loads zram)
    if stripped is None and any(" zram " in line for line in ref.get("mod", [])):
        try:
            p = subprocess.run([crash, "-s", vmcore], input="struct zram\n", capture_output=True,
                               text=True, timeout=600, errors="replace", env=ENV)
            out = p.stdout
        except subprocess.TimeoutExpired:
            out = "timed out"
        if "struct zram {" in out and "SIZE: " in out:
            print(f"ok - {name}: struct zram read from the zram module's BTF")
        else:
            print(f"not ok - {name}: struct zram from the module's BTF: {out.strip()[:200]!r}")


if __name__ == "__main__":
    main()
