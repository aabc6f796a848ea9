/* Printing types (types.h) and typed values the way crash (through gdb)
 * shows them: declarations like "struct list_head *next;", definitions
 * with "SIZE: N", and values like "{\n  pid = 1,\n  comm = \"init\\000...\"\n}". */
#ifndef CRASH_KERNEL_TYPES_TYPEPRINT_H
#define CRASH_KERNEL_TYPES_TYPEPRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

enum {
	TP_HEX = 1 << 0,	/* integers in hex (p -x, struct -x) */
	TP_OFFSETS = 1 << 1,	/* definitions with [offset] (struct -o) */
};

/* "struct list_head *" for a type, with `name` placed where C wants it
 * ("char comm[16]", "void (*fn)(void)"); name may be NULL. */
void tp_decl(struct kqtype type, const char *name, char *buf, size_t len);
/* The definition of a struct/union/enum (or a typedef's target) with
 * members, then "SIZE: N" when size_line. */
void tp_definition(struct kernel *k, FILE *out, struct kqtype type, unsigned flags, bool size_line);
/* The value of an object of `type` whose bytes are `buf` (len bytes),
 * gdb style, at indent (spaces) for nested lines.  bit_size > 0 for a
 * bitfield. */
void tp_value(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf, size_t len,
	      int indent, unsigned flags);
/* Read the object at addr and print it; -1 with err_get() if unreadable. */
int tp_value_at(struct kernel *k, FILE *out, struct kqtype type, uint64_t addr, int indent,
		unsigned flags);

/* The same for an object whose type does not say its size ("extern char
 * linux_banner[]"): size comes from the symbol table. */
int tp_value_at_sized(struct kernel *k, FILE *out, struct kqtype type, uint64_t addr, long size,
		      int indent, unsigned flags);

/* One member (dotted path) of the struct/union `type` at addr, as the
 * struct command prints it: "  name = value,".  -1 with err_get(). */
int tp_member_value(struct kernel *k, FILE *out, const struct ktype *type, uint64_t addr,
		    const char *m, unsigned flags);

/* A type as gdb's ptype shows it after "type = ": typedefs resolved, a
 * struct, union or enum written out ("struct list_head {\n    struct
 * list_head *next;\n...} *"); no newline at the end. */
void tp_ptype(struct kernel *k, FILE *out, struct kqtype type);

/* " <sym>" or " <sym+off>" when pointer value v points into a kernel-image
 * object, as gdb names pointers; nothing otherwise. */
void tp_pointer_suffix(struct kernel *k, FILE *out, uint64_t v);

#endif
