/* C expressions over the crashed kernel, as gdb evaluates them.
 *
 * The language is gdb's C: every C operator with C's precedence and
 * associativity (the comma and ?: included), gdb's '@' (arr[0]@4, an
 * array of 4 elements starting there) and {type} addr, casts to any type
 * (pointer, array, struct, function pointer), integer and floating
 * literals with C's suffixes and typing rules, character and string
 * literals, sizeof and _Alignof of types and expressions, & and * on any
 * lvalue, enumerators as values, 'file.c'::var and func::var scopes, the
 * registers of the current context ($pc, $sp, $fp, $rip, $rax, ...), the
 * value history ($, $$, $$N, $N) and convenience variables ($name, set
 * with '=').  A number is decimal unless written 0x (octal with a leading
 * 0, binary with 0b).  What C leaves undefined is an error, never a silent
 * value: division by zero, INT_MIN / -1, a shift count as wide as the
 * type or negative, signed overflow, a constant too large for 64 bits.
 *
 * A result is a typed value (types.h) that is either an object in kernel
 * memory (an lvalue: type and address, read only when asked) or computed
 * (its bytes are in the value).  kx_print() formats one as gdb's
 * print/FMT does.  Errors are one line in err_get(), worded as gdb words
 * them ("No symbol \"foo\" in current context.").
 *
 * Memory is read through kernel_read(): the dump cannot be written, so
 * assignment works on convenience variables only. */
#ifndef CRASH_KERNEL_TYPES_EXPR_H
#define CRASH_KERNEL_TYPES_EXPR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

/* Where a value is. */
enum kx_where {
	KX_COMPUTED,		/* the bytes are in the value */
	KX_MEMORY,		/* an object in kernel memory at addr */
	KX_REGISTER,		/* a register of the current context (computed) */
};

struct kx_value {
	struct kqtype type;	/* type NULL: void */
	enum kx_where where;
	uint64_t addr;		/* KX_MEMORY */
	int bit_offset;		/* a bitfield in memory: bits past addr */
	int bit_size;		/* 0 unless a bitfield */
	unsigned char bytes[16]; /* KX_COMPUTED/KX_REGISTER contents up to 16 bytes */
	const unsigned char *data; /* longer contents (and symbol below): valid
				      until the next kx_eval(), for ever once
				      recorded with kx_history_add/kx_set_var */
	/* what the text was, for printing it as crash does */
	const char *symbol;	/* the whole expression was this symbol (a
				   variable or function) */
	bool percpu;		/* symbol is a per-cpu variable: addr is its
				   offset in every CPU's area */
	bool no_debug;		/* symbol has no type information */
};

/* Evaluation flags. */
enum {
	KX_NO_SIDE_EFFECTS = 1 << 0, /* types only (whatis, ptype, sizeof):
					memory is not read, nothing assigned */
	KX_CRASH_NUMBERS = 1 << 1,   /* eval: a word of hex digits that is not a
					symbol is hex ("ffff8d6b01208000",
					"41dc065"), and 16k, 64m, 2g multiply */
	KX_SYMBOL_ADDRESSES = 1 << 2, /* eval: a symbol is its address (an
					 unsigned long), not the variable */
};

/* Evaluate text.  0, or -1 with err_get().  k may be NULL: numbers,
 * literals and convenience variables only. */
int kx_eval(struct kernel *k, const char *text, unsigned flags, struct kx_value *out);

/* A type name alone ("struct task_struct *", "int [4]", "pid_t",
 * "void (*)(int)"), as casts and sizeof take them.  0, or -1 with
 * err_get() when text is no type name. */
int kx_parse_typename(struct kernel *k, const char *text, struct kqtype *out);

/* The contents of a value (read from memory for an lvalue; a bitfield is
 * extracted and extended into its type's size): up to len bytes into
 * buf.  0, or -1 with err_get() ("Cannot access memory at address 0x..."). */
int kx_value_bytes(struct kernel *k, const struct kx_value *v, unsigned char *buf, size_t len);
/* An integer, enum, bool, char, pointer or floating value as a 64-bit
 * integer (floating values truncated; an array's or function's address).
 * Signed types are sign-extended. */
int kx_value_int(struct kernel *k, const struct kx_value *v, uint64_t *out);
/* The address a value designates as crash's address arguments take it:
 * an integer or pointer value, or where an lvalue struct, union, array or
 * function lives. */
int kx_value_address(struct kernel *k, const struct kx_value *v, uint64_t *addr);

/* --- printing, as gdb's print/FMT --- */

struct kx_format {
	char letter;		/* 0: natural; x d u o t a c f s z (i: x only) */
	int size;		/* x/FMT's unit, 1 2 4 8 (b h w g); 0: the type's */
	int radix;		/* 16: natural integers in hex (crash's -x,
				   set radix 16); 10 or 0: decimal */
};

/* Parse a gdb format "/x", "/4xg", "x" (the slash optional) into count
 * (for x: how many units; -1 when not given), format and size.  0, or -1
 * with err_get() ("Undefined output format \"q\"."). */
int kx_parse_format(const char *text, int *count, struct kx_format *f);

/* The value as gdb's print/FMT shows it after "$N = ": a top-level
 * pointer with its type ("(struct list_head *) 0x... <init_task+2192>"),
 * a function as "{void (void)} 0x... <schedule>", structs member by
 * member (set print pretty, the session's), arrays with repeats and the
 * element limit of set print.  0, or -1 with err_get() when memory could
 * not be read (nothing printed then). */
int kx_print(struct kernel *k, FILE *out, const struct kx_value *v, const struct kx_format *f);

/* --- the value history and convenience variables (kept with the kernel) --- */

/* Record v as the next history value: returns its number N ($N). */
int kx_history_add(struct kernel *k, const struct kx_value *v);
/* Set or read a convenience variable ($name without the '$'). */
void kx_set_var(struct kernel *k, const char *name, const struct kx_value *v);
int kx_get_var(struct kernel *k, const char *name, struct kx_value *out);
/* gdb's $_ and $__ after x and info line: the last address examined (a
 * pointer) and the contents there. */
void kx_set_last_examined(struct kernel *k, uint64_t addr, const struct kx_value *contents);

/* --- the current context --- */

/* The current task, whose registers $pc, $sp, ... name (those of the CPU
 * it ran on for an active task) and whose CPU a bare ":" cpuspec means:
 * fn returns it (0: none) and sets *cpu to the CPU it was running on at
 * the time of the dump, else the one it last ran on (-1: unknown).  The
 * shell sets this once per kernel. */
void kx_set_context(struct kernel *k, uint64_t (*fn)(void *arg, int *cpu), void *arg);
uint64_t kx_context_task(struct kernel *k);
/* The CPU the current task was running on at the time of the dump, or the
 * CPU it last ran on; -1 when unknown. */
int kx_context_cpu(struct kernel *k);

/* --- gdb's print settings (set print ..., one set per process) --- */

struct kx_settings {
	bool pretty;		/* set print pretty: one member per line */
	unsigned repeats;	/* set print repeats: runs longer than this print
				   as <repeats N times>; 0: unlimited (never) */
	unsigned elements;	/* set print elements: at most this many array
				   elements or string characters; 0: unlimited */
	bool null_stop;		/* set print null-stop: char arrays end at a NUL */
	bool symbol;		/* set print symbol: pointers with <symbol+off> */
	bool unions;		/* set print union: members of unions in structs */
	bool address;		/* set print address: addresses before strings,
				   functions and pointers */
};
/* Crash's settings: pretty on, repeats unlimited (crash turns gdb's
 * <repeats N times> off), elements 256, null-stop off, symbol on, union
 * on, address on.  The returned struct may be changed. */
struct kx_settings *kx_settings(void);

/* --- the older interface (API 1.3), on the one above --- */

struct kexpr {
	bool has_type;		/* type is valid (an rvalue may have none) */
	struct kqtype type;
	bool lvalue;		/* the object lives at addr */
	uint64_t addr;
	uint64_t value;		/* rvalue (or the lvalue's value once read) */
	int bit_offset, bit_size; /* a bitfield lvalue */
	bool bare_symbol;	/* the whole expression was one symbol name */
};

/* Evaluate; 0, or -1 with err_get().  k may be NULL (numbers only). */
int kexpr_eval(struct kernel *k, const char *expr, struct kexpr *out);
/* The integer value of a result (reads an integer/pointer lvalue). */
int kexpr_int(struct kernel *k, struct kexpr *e, uint64_t *v);

#endif
