/* Rust symbol names made readable: the kernel's Rust code is mangled with
 * the v0 scheme (_R...), older Rust code with the legacy one (_ZN...17h
 * and a 16-digit hash, E).  libiberty's demangler, the one gdb and
 * binutils use, reads both; this is its one home in crash. */
#ifndef CRASH_KERNEL_TYPES_DEMANGLE_H
#define CRASH_KERNEL_TYPES_DEMANGLE_H

/* The demangled name (free() it), or NULL when NAME is not a well-formed
 * Rust symbol (a C name, a C++ one, a damaged one).  The legacy scheme's
 * hash is dropped, as rustfilt and gdb print it. */
char *kdemangle_rust(const char *name);

#endif
