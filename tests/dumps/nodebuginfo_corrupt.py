#!/usr/bin/env python3
"""A dump whose kallsyms or BTF is damaged, opened with no vmlinux: one
line saying what is wrong, never a crash, and with damaged BTF the
session goes on (the symbols still work).  Usage: CRASH DIR VMCORE.ELF
(a copy of the ELF dump is patched in a temporary directory)."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

ENV = dict(os.environ, CRASH_DEBUGINFO_DIRS="/nonexistent")
ENV.pop("DEBUGINFOD_URLS", None)


def elf_layout(path):
    """(PT_LOAD list of (paddr, offset, filesz), VMCOREINFO dict)."""
    with open(path, "rb") as f:
        eh = f.read(64)
        phoff, = struct.unpack_from("<Q", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
        loads, info = [], {}
        for i in range(phnum):
            p_type, _, off, _, paddr, filesz = struct.unpack_from("<IIQQQQ", ph, i * phentsize)
            if p_type == 1:
                loads.append((paddr, off, filesz))
            elif p_type == 4:
                f.seek(off)
                notes = f.read(filesz)
                pos = 0
                while pos + 12 <= len(notes):
                    nsz, dsz, _ = struct.unpack_from("<III", notes, pos)
                    name = notes[pos + 12:pos + 12 + nsz].rstrip(b"\0")
                    dpos = pos + 12 + ((nsz + 3) & ~3)
                    if name == b"VMCOREINFO":
                        for line in notes[dpos:dpos + dsz].decode("ascii", "replace").splitlines():
                            if "=" in line:
                                k, v = line.split("=", 1)
                                info[k] = v
                    pos = dpos + ((dsz + 3) & ~3)
    return loads, info


def run(crash, files, script):
    try:
        p = subprocess.run([crash, "-s"] + files, input=script, capture_output=True, text=True,
                           timeout=300, errors="replace", env=ENV)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", "timed out"


def file_offset(crash, vmcore, loads, va):
    """The dump file offset of a kernel virtual address (vtop in a session)."""
    _, out, _ = run(crash, [vmcore], "vtop %x\n" % va)
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.split()[:1] == ["VIRTUAL"] and i + 1 < len(lines):
            pa = int(lines[i + 1].split()[1], 16)
            for paddr, off, size in loads:
                if paddr <= pa < paddr + size:
                    return off + pa - paddr
    return None


def main():
    crash, d, vmcore = sys.argv[1:4]
    name = d.rstrip("/").split("/")[-1]
    loads, info = elf_layout(vmcore)
    need = ["SYMBOL(kallsyms_num_syms)", "SYMBOL(kallsyms_token_index)"]
    if not all(k in info for k in need):
        print(f"skip - {name}: damaged kallsyms: VMCOREINFO names no kallsyms")
        return
    _, out, _ = run(crash, [vmcore], "sym __start_BTF\n")
    btf = int(out.split()[0], 16) if out.split() else None
    spots = {
        "count": file_offset(crash, vmcore, loads, int(info[need[0]], 16)),
        "tokens": file_offset(crash, vmcore, loads, int(info[need[1]], 16)),
        "btf": file_offset(crash, vmcore, loads, btf) if btf else None,
    }
    tmp = tempfile.mkdtemp()
    try:
        copy = os.path.join(tmp, "vmcore.elf")
        shutil.copyfile(vmcore, copy)
        cases = [
            ("count", b"\xff\xff\xff\x7f", "kallsyms_num_syms says 2^31 symbols"),
            ("tokens", bytes(range(255, 0, -1)) * 2, "the token index points past its table"),
            ("btf", b"\x00" * 64, "the BTF header is zeros"),
        ]
        for spot, patch, what in cases:
            off = spots[spot]
            if off is None:
                print(f"skip - {name}: damaged {spot}: not found in the dump file")
                continue
            with open(copy, "r+b") as f:
                f.seek(off)
                orig = f.read(len(patch))
                f.seek(off)
                f.write(patch)
            rc, out, err = run(crash, [copy], "sys\nstruct task_struct.comm\nsym schedule\n")
            with open(copy, "r+b") as f:
                f.seek(off)
                f.write(orig)
            errs = [l for l in err.splitlines() if l.strip()]
            if rc is None or rc < 0 or "Sanitizer" in err or "runtime error" in err:
                print(f"not ok - {name}: {what}: the session crashed or hung (rc {rc}): "
                      f"{err.strip()[-200:]!r}")
            elif spot == "btf":
                # the symbols still work; the type command fails in one line
                why = [l for l in errs if l.startswith("crash: no debuginfo")]
                bad = [l for l in errs if l.startswith("struct:")]
                if "(T) schedule" in out and len(bad) == 1 and why and "BTF" in why[0]:
                    print(f"ok - {name}: {what}: said at startup ({why[0][:90]}), symbols "
                          f"work, types fail in one line")
                else:
                    print(f"not ok - {name}: {what}: {errs[:4]!r} {out[:120]!r}")
            elif rc != 0 and len(errs) == 1 and errs[0].startswith("crash: "):
                print(f"ok - {name}: {what}: refused in one line ({errs[0][:100]})")
            elif rc == 0 and "(T) schedule" in out:
                print(f"ok - {name}: {what}: read anyway, session works")
            else:
                print(f"not ok - {name}: {what}: rc {rc}, {errs[:4]!r}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
