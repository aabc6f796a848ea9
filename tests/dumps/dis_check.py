#!/usr/bin/env python3
"""dis on one fixture dump: the panic path disassembled, and compared
with Debian's crash where it opens the dump (6.1); bad input.

Usage: dis_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth, tag = C.truth, C.tag
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check


def run(cmds, prog=None, timeout=120):
    return C.session(cmds, prog, timeout)


INSN = re.compile(r"^0x([0-9a-f]+) <([^>]+)>:\t(\S+)")


def insns(lines):
    return [INSN.match(l) for l in lines if INSN.match(l)]


# ---- dis ----
cmds = ["dis sysrq_handle_crash", "dis panic 5", "dis -r panic+20", "dis -l sysrq_handle_crash",
        "dis nosuchsymbol_xyz", "dis panic zz", "dis -q panic"]
out = run(cmds)
if out is None:
    notok("session timed out")
    sys.exit(0)
dcrash, dcount, drev, dline, bad1, bad2, bad3 = out

ins = insns(dcrash)
check(len(ins) >= 3 and ins[0].group(2) == "sysrq_handle_crash",
      "dis sysrq_handle_crash disassembles %d instructions from the symbol" % len(ins))
check(len(ins) == len(dcrash), "dis sysrq_handle_crash prints only instruction lines",
      str([l for l in dcrash if not INSN.match(l)][:2]))
last = dcrash[-1] if dcrash else ""
# panic() does not return: the compiler may end the function with the call
check(bool(ins) and (ins[-1].group(3) in ("ret", "int3", "jmp") or "<panic>" in last),
      "the last instruction is ret, int3, jmp or the call to panic", last)
check(any("call" in l and "<panic>" in l for l in dcrash), "the panic path calls <panic>")
check(len(insns(dcount)) == 5, "dis panic 5 prints 5 instructions")
r = insns(drev)
check(bool(r) and r[0].group(2) == "panic" and r[-1].group(2).startswith("panic+")
      and int(r[-1].group(2).split("+")[1]) <= 20 and len(r) == len(drev),
      "dis -r panic+20 runs from panic up to panic+20")
check(len(insns(dline)) == len(ins) and any(re.match(r"^\S+\.[ch]: \d+$", l) for l in dline),
      "dis -l shows source lines before the instructions")
for what, o in (("a bad symbol", bad1), ("a bad count", bad2), ("a bad option", bad3)):
    check(len(o) == 1 and o[0].startswith("dis: "), "dis with %s gives one error line" % what,
          str(o[:3]))

if refcrash:
    rout = run(["dis sysrq_handle_crash"], prog=refcrash)
    if rout is None:
        skip("Debian crash timed out")
    elif not insns(rout[0]):
        skip("Debian crash cannot open this dump: no comparison")
    else:
        rins = insns(rout[0])
        check([m.group(3) for m in rins] == [m.group(3) for m in ins] and rins,
              "dis sysrq_handle_crash: %d instructions, same mnemonics as Debian crash" % len(rins))
        rl = [l for l in rout[0] if INSN.match(l)]
        check(rl == dcrash, "dis sysrq_handle_crash: same lines as Debian crash",
              str([x for x in zip(rl, dcrash) if x[0] != x[1]][:2]))
