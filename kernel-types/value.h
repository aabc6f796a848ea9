/* Typed objects in kernel memory: a type (types.h) and an address.
 *
 * A struct kval is a small value (pass and return it by value) that holds
 * no resources; nothing is read until a kv_read_* call.  Members are
 * reached by dotted paths ("se.on_rq", "thread.sp", "numbers[0].nr"); a
 * pointer to a struct is followed as C's -> would.  Every function
 * returns 0, or -1 with err_get() saying what failed: the member that does
 * not exist, the address that could not be read. */
#ifndef CRASH_KERNEL_TYPES_VALUE_H
#define CRASH_KERNEL_TYPES_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel-types/types.h"

struct kernel;

struct kval {
	struct kqtype type;	/* as declared (typedefs kept) */
	uint64_t addr;
	int bit_offset;		/* bitfields: bits past addr's byte */
	int bit_size;		/* 0 unless a bitfield */
};

/* The object of type `type` ("struct task_struct", "pid_t") at addr. */
int kv_typed(struct kernel *k, const char *type, uint64_t addr, struct kval *out);
/* The global variable name, typed from its declaration. */
int kv_symbol(struct kernel *k, const char *name, struct kval *out);

/* Member path of a struct/union value, or of the struct a pointer value
 * points to. */
int kv_member(struct kernel *k, struct kval v, const char *path, struct kval *out);
/* Element i of an array value, or *(p + i) for a pointer value. */
int kv_index(struct kernel *k, struct kval v, long i, struct kval *out);
/* *v of a pointer value (fails on NULL and on void *). */
int kv_deref(struct kernel *k, struct kval v, struct kval *out);

/* Size of the value's type in bytes (-1 if unknown). */
long kv_size(struct kval v);
/* Integers (signedness from the type, bitfields extracted), enums, bools,
 * chars and pointers. */
int kv_read_uint(struct kernel *k, struct kval v, uint64_t *out);
int kv_read_int(struct kernel *k, struct kval v, int64_t *out);
/* A char array (up to its length) or a char * (followed), NUL-terminated
 * into buf. */
int kv_read_string(struct kernel *k, struct kval v, char *buf, size_t len);

/* Shorthand: member path of v, then kv_read_uint. */
int kv_get_uint(struct kernel *k, struct kval v, const char *path, uint64_t *out);

#endif
