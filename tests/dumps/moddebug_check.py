#!/usr/bin/env python3
"""Module debuginfo on one fixture dump (moddebug.sh).

On a crash-kind dump (crashmod.ko beside it): before mod -s the module's
frames have no source line and its statics no type; mod -s crashmod FILE
lists the file as OBJECT FILE; then every crashmod frame of the crash
tasks' bt -l (kind_pids) names crashmod.c at a line inside the function
the frame names (the function's lines in the module's source,
tests/fixtures/crashmod/crashmod.c), sym of such a frame's address
and dis -l of crashmod_oops name crashmod.c lines of their function,
p crashmod_max_depth (and 'crashmod.c'::crashmod_max_depth) is 1 << 30
(its initializer), whatis crashmod_write has the module's prototype; mod -d takes it all away again; mod -S DIR
(the dump's directory) loads crashmod alone; mod -D forgets it; a .ko
given for another module is refused in one line, and a module with no
file says where it looked.

With MODDBG_DIR (a debug directory holding Debian's qemu_fw_cfg.ko and
dummy.ko for the dump's kernel), on the kind dumps and the 6.12 ones
(struct module's mem[] layout): mod -S with that as the default path
loads those two, struct fw_cfg_sysfs_entry (a type only the module has)
shows its members, and sym of a qemu_fw_cfg function's address names
drivers/firmware/qemu_fw_cfg.c.

On the oops dump (QEMU route), where Debian's crash (REFCRASH) opens it,
mod -S of an empty directory, mod -s crashmod FILE, mod -S DIR and mod
print what it prints (its "cannot find" lines and warnings aside).

Usage: moddebug_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import atexit
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, strip_warnings  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth = C.truth
check = C.check
dbg = os.environ.get("MODDBG_DIR", "")
here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "fixtures", "crashmod", "crashmod.c")
ko = os.path.join(ddir, "crashmod.ko")
# no host directory answers for the searches: only what the test gives
empty = tempfile.mkdtemp()
atexit.register(os.rmdir, empty)
os.environ["CRASH_DEBUGINFO_DIRS"] = empty
os.environ.pop("CRASH_MODULE_PATH", None)
FRAME = re.compile(r"^ *#\d+ \[[0-9a-f]+\] (\S+) at ([0-9a-f]+)( \[(\w+)\])?")
LINE = re.compile(r"^\s+(\S+): (\d+)$")


def functions(path):
    """{name: (first line, last line)} of the top-level functions of a C
    file: from the line naming the function to its closing brace."""
    res, lines = {}, open(path).read().splitlines()
    for i, l in enumerate(lines):
        m = re.match(r"^(?:static |noinline |int |void |ssize_t |__\w+ )+\**(\w+)\(", l)
        if not m:
            continue
        for j in range(i, len(lines)):
            if lines[j].startswith("}"):
                res[m.group(1)] = (i + 1, j + 1)
                break
    return res


def base(fn):
    """A function's name without gcc's clone suffixes (.isra.0, .cold)."""
    return fn.split(".")[0]


def in_function(fns, fn, file, line):
    """Whether file:line is a line of fn in crashmod.c, or one of a header
    (an inline function expanded in it: cpu_relax() in crashmod_spin)."""
    if not file:
        return False
    if file.endswith(".h"):
        return True
    r = fns.get(base(fn))
    return file.endswith("/crashmod.c") and r is not None and r[0] <= line <= r[1]


def module_frames(lines, mod):
    """(function, address, file, line) of mod's frames in bt -l output;
    file and line None when no source line follows the frame."""
    res = []
    for i, l in enumerate(lines):
        m = FRAME.match(l)
        if not m or m.group(4) != mod:
            continue
        n = LINE.match(lines[i + 1]) if i + 1 < len(lines) else None
        res.append((m.group(1), m.group(2), n.group(1) if n else None,
                    int(n.group(2)) if n else None))
    return res


def mod_line(lines, name):
    return next((l for l in lines if re.match(r"^[0-9a-f]+ +%s +" % name, l)), None)


def check_kind():
    fns = functions(src)
    pids = sorted(set((truth.get("kind_pids") or {}).values()))
    bts = ["bt -l %d" % p for p in pids]
    cmds = (["mod", "p crashmod_max_depth"] + bts[:1] + ["mod -s crashmod " + ko] + bts +
            ["dis -l crashmod_oops", "p crashmod_max_depth", "whatis crashmod_write",
             "p 'crashmod.c'::crashmod_max_depth", "p crashmod_ops", "mod -d crashmod", "mod"] + bts[:1] + ["p crashmod_max_depth",
             "mod -S " + ddir, "mod -D", "mod", "mod -s tun " + ko, "mod -s dummy",
             "mod -s no_such_module"])
    out = C.session(cmds)
    if out is None:
        C.skip("the session timed out")
        return
    r = dict()
    for c, o in zip(cmds, out):
        r.setdefault(c, []).append(o)
    before = mod_line(r["mod"][0], "crashmod")
    check(before and "(not loaded)" in before, "mod lists crashmod \"(not loaded)\" first", before)
    check(any("unknown type" in l for l in r["p crashmod_max_depth"][0]),
          "p of a module static has no type before mod -s", "; ".join(r["p crashmod_max_depth"][0]))
    if bts:
        fr = module_frames(r[bts[0]][0], "crashmod")
        check(fr and all(f[2] is None for f in fr), "bt -l gives crashmod frames no line before mod -s",
              repr(fr))
    loaded = r["mod -s crashmod " + ko][0]
    check(len(loaded) == 2 and loaded[0].split()[:2] == ["MODULE", "NAME"] and
          mod_line(loaded, "crashmod") and loaded[1].endswith("  " + ko + " "),
          "mod -s crashmod FILE lists crashmod with FILE as its OBJECT FILE", "; ".join(loaded))
    seen = 0
    for b in bts:
        frames = module_frames(r[b][-1 if len(r[b]) == 1 else 1], "crashmod")
        check(frames, "%s has crashmod frames" % b)
        bad = [f for f in frames if not in_function(fns, f[0], f[2], f[3])]
        check(frames and not bad, "%s: each of its %d crashmod frames names crashmod.c at a line "
              "of its function (or a header inlined there)" % (b, len(frames)), repr(bad[:3]))
        seen += len(frames)
        if frames and base(frames[0][0]) in fns:
            f = frames[0]
            sym = [l for l in (C.session(["mod -s crashmod " + ko, "sym " + f[1]]) or [[], []])[1]
                   if l.strip()]
            m = re.match(r"^%s \(t\) %s(\+\d+)? \[crashmod\] (\S+): (\d+)$" %
                         (f[1], re.escape(f[0])), sym[0] if sym else "")
            check(m and in_function(fns, f[0], m.group(2), int(m.group(3))),
                  "sym %s names %s in crashmod.c at a line of it" % (f[1], f[0]), "; ".join(sym))
    dis = r["dis -l crashmod_oops"][0]
    srcl = [LINE.match(l) or re.match(r"^(\S+): (\d+)$", l) for l in dis]
    srcl = [(m.group(1), int(m.group(2))) for m in srcl if m]
    lo, hi = fns["crashmod_oops"]
    check(srcl and all(f.endswith("/crashmod.c") and lo <= n <= hi for f, n in srcl) and
          any(l.startswith("0x") for l in dis),
          "dis -l crashmod_oops: its source lines are crashmod.c %d-%d" % (lo, hi), repr(srcl[:4]))
    p = r["p crashmod_max_depth"][1]
    check(len(p) == 1 and re.match(r"^crashmod_max_depth = \$\d+ = 1073741824$", p[0]),
          "p crashmod_max_depth is 1 << 30, its initializer in crashmod.c", "; ".join(p))
    w = r["whatis crashmod_write"][0]
    check(w == ["ssize_t crashmod_write(struct file *, const char *, size_t, loff_t *);"],
          "whatis crashmod_write: the module's prototype", "; ".join(w))
    q = r["p 'crashmod.c'::crashmod_max_depth"][0]
    check(len(q) == 1 and re.match(r"^\$\d+ = 1073741824$", q[0]),
          "p 'crashmod.c'::crashmod_max_depth: gdb's file scope reaches the module", "; ".join(q))
    ops = r["p crashmod_ops"][0]
    check(any(re.match(r"^  proc_write = 0x[0-9a-f]+ <crashmod_write>,$", l) for l in ops) and
          any(re.match(r"^  proc_read = 0x[0-9a-f]+ <seq_read>,$", l) for l in ops),
          "p crashmod_ops names the module's functions as gdb does with its symbols loaded",
          "; ".join(ops[:6]))
    check(r["mod -d crashmod"][0] == [], "mod -d crashmod prints nothing", "; ".join(r["mod -d crashmod"][0]))
    after = mod_line(r["mod"][1], "crashmod")
    check(after and "(not loaded)" in after, "after mod -d, mod lists crashmod \"(not loaded)\"", after)
    if bts:
        fr = module_frames(r[bts[0]][-1], "crashmod")
        check(fr and all(f[2] is None for f in fr), "after mod -d, bt -l gives crashmod frames no line",
              repr(fr[:3]))
    check(any("unknown type" in l for l in r["p crashmod_max_depth"][2]),
          "after mod -d, p of the static has no type again", "; ".join(r["p crashmod_max_depth"][2]))
    s = r["mod -S " + ddir][0]
    cm = mod_line(s, "crashmod")
    check(len(s) == 2 and cm and cm.endswith("  " + ko + " "),
          "mod -S DIR: crashmod from DIR/crashmod.ko, the only module listed", "; ".join(s))
    check(r["mod -D"][0] == [] and "(not loaded)" in (mod_line(r["mod"][2], "crashmod") or ""),
          "mod -D forgets it", "; ".join(r["mod -D"][0]))
    check(r["mod -s tun " + ko][0] == ["mod: %s does not match module tun in the dump" % ko],
          "a .ko of another module is refused in one line", "; ".join(r["mod -s tun " + ko][0]))
    miss = r["mod -s dummy"][0]
    check(len(miss) == 1 and miss[0].startswith("mod: no debuginfo of module dummy found (looked in ")
          and empty in miss[0], "a module without a file says where it looked", "; ".join(miss))
    check(r["mod -s no_such_module"][0] == ["mod: no_such_module: no such module in the dump"],
          "an unknown module is one line", "; ".join(r["mod -s no_such_module"][0]))


def check_debian_modules():
    os.environ["CRASH_DEBUGINFO_DIRS"] = dbg
    cmds = ["mod -S", "struct fw_cfg_sysfs_entry", "sym fw_cfg_sysfs_release_entry"]
    out = C.session(cmds)
    if out is None:
        C.skip("the session timed out")
        return
    s = out[0]
    # the debug directory holds the .ko of the modules the tests load
    # (lib.bash's MODULE_DEBUG_KOS): mod -S lists those the guest loaded
    extra = {"zram", "loop"}
    got = sorted(l.split()[1] for l in s[1:] if l.endswith(".ko ") and l.split()[1] not in extra)
    check(got == ["dummy", "qemu_fw_cfg"] or (got == ["qemu_fw_cfg"] and not mod_line(s, "dummy")),
          "mod -S finds the debug .ko of qemu_fw_cfg and dummy under "
          "DEBUGDIR/lib/modules/RELEASE", "; ".join(s))
    st = out[1]
    check(st and st[0] == "struct fw_cfg_sysfs_entry {" and
          any(re.match(r"^\s+char name\[\d+\];$", l) for l in st) and
          any(re.match(r"^\s+struct kobject kobj;$", l) for l in st),
          "struct fw_cfg_sysfs_entry, a type only qemu_fw_cfg has", "; ".join(st[:3]))
    sym = out[2][0] if out[2] else ""
    m = re.match(r"^([0-9a-f]+) \(t\) fw_cfg_sysfs_release_entry \[qemu_fw_cfg\]$", sym)
    if not m:
        C.notok("sym fw_cfg_sysfs_release_entry names the module: " + sym)
        return
    a = C.session(["mod -s qemu_fw_cfg", "sym %x" % (int(m.group(1), 16) + 4)])
    line = a[1][0] if a and a[1] else ""
    check(re.match(r"^[0-9a-f]+ \(t\) fw_cfg_sysfs_release_entry\+4 \[qemu_fw_cfg\] "
                   r"\S*drivers/firmware/qemu_fw_cfg\.c: \d+$", line),
          "sym of an address in qemu_fw_cfg code names drivers/firmware/qemu_fw_cfg.c", line)


def build_id(path):
    """The GNU build ID of an ELF file (hex), from its notes, or None."""
    import struct
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return None
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
    for i in range(shnum):
        sh = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        if sh[1] != 7:  # SHT_NOTE
            continue
        off, end = sh[4], sh[4] + sh[5]
        while off + 12 <= end:
            nsz, dsz, typ = struct.unpack_from("<III", data, off)
            name_end = off + 12 + ((nsz + 3) & ~3)
            if typ == 3 and data[off + 12:off + 15] == b"GNU":
                return data[name_end:name_end + dsz].hex()
            off = name_end + ((dsz + 3) & ~3)
    return None


def check_build_id_tree():
    """The default path's .build-id tree: DEBUGDIR/.build-id/xx/rest.debug
    found by the build ID of the module in the dump."""
    bid = build_id(ko)
    if not bid:
        C.skip("crashmod.ko has no build ID: no .build-id lookup")
        return
    top = tempfile.mkdtemp()
    link = os.path.join(top, ".build-id", bid[:2], bid[2:] + ".debug")
    os.makedirs(os.path.dirname(link))
    os.symlink(ko, link)
    os.environ["CRASH_DEBUGINFO_DIRS"] = top
    out = C.session(["mod -s crashmod"])
    os.environ["CRASH_DEBUGINFO_DIRS"] = empty
    os.unlink(link)
    os.removedirs(os.path.dirname(link))
    got = out[0] if out else []
    check(len(got) == 2 and got[1].endswith("  " + link + " "),
          "mod -s crashmod finds DEBUGDIR/.build-id/%s/%s.debug by the dump's build ID" %
          (bid[:2], bid[2:]), "; ".join(got))


def check_ref():
    """The tables against Debian's crash (it loads any file: only the
    commands where both load the same are compared)."""
    cmds = ["mod -S " + empty, "mod -s crashmod " + ko, "mod -S " + ddir, "mod"]
    ours = C.session(cmds)
    ref = C.session(cmds, prog=refcrash, timeout=240)
    if ref is None or not any(l.startswith("     MODULE") for o in ref for l in o):
        C.skip("Debian's crash does not open this dump (or timed out): no comparison")
        return
    for c, a, b in zip(cmds, ref, ours or [[] for _ in cmds]):
        a = [l for l in strip_warnings(a) if "cannot find or load object file" not in l]
        check(a == b, "`%s` prints what Debian's crash prints (%d lines)" % (c, len(a)),
              "theirs %r, ours %r" % (a[:3], b[:3]))


route = [l.split()[1] for l in open(os.path.join(ddir, "MANIFEST")) if l.startswith("route ")]
if os.path.exists(ko) and truth.get("kind"):
    check_kind()
    check_build_id_tree()
    if refcrash and truth.get("kind") == "oops" and route != ["kdump"]:
        check_ref()
if dbg:
    check_debian_modules()
elif not os.path.exists(ko):
    C.skip("no crashmod.ko and no Debian debug .ko for this kernel")
