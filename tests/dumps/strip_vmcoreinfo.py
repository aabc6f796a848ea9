#!/usr/bin/env python3
"""Copy an ELF dump with its VMCOREINFO note renamed (VMCOREINFX), as a
QEMU dump made without the vmcoreinfo device has none: the tests open
such a copy to check that the kernel's own VMCOREINFO in memory is found.

Usage: strip_vmcoreinfo.py IN OUT"""
import shutil
import struct
import sys

src, dst = sys.argv[1], sys.argv[2]
shutil.copyfile(src, dst)
renamed = 0
with open(dst, "r+b") as f:
    eh = f.read(64)
    if eh[:4] != b"\x7fELF" or eh[4] != 2:
        sys.exit("%s: not a 64-bit ELF file" % src)
    phoff, = struct.unpack_from("<Q", eh, 32)
    phentsize, phnum = struct.unpack_from("<HH", eh, 54)
    for i in range(phnum):
        f.seek(phoff + i * phentsize)
        ph = f.read(56)
        ptype, = struct.unpack_from("<I", ph, 0)
        off, = struct.unpack_from("<Q", ph, 8)
        size, = struct.unpack_from("<Q", ph, 32)
        if ptype != 4:  # PT_NOTE
            continue
        f.seek(off)
        notes = bytearray(f.read(size))
        p = 0
        while p + 12 <= len(notes):
            namesz, descsz, _ = struct.unpack_from("<III", notes, p)
            name = bytes(notes[p + 12:p + 12 + namesz]).rstrip(b"\0")
            if name == b"VMCOREINFO":
                notes[p + 12 + 9] = ord("X")
                renamed += 1
            p += 12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
        f.seek(off)
        f.write(notes)
if not renamed:
    sys.exit("%s: no VMCOREINFO note" % src)
