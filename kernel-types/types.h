/* The kernel's types as one model, whatever they were read from.
 *
 * A type source (the vmlinux's DWARF today; the kernel's own BTF when no
 * debuginfo is at hand) fills this model on demand; callers never see the
 * source.  A struct ktype is owned by the kernel's type cache and lives
 * as long as the struct kernel; everything about it is read lazily (the
 * members of a struct when first asked for), so looking a type up is
 * cheap.  Qualifiers are not types of their own: a struct kqtype pairs a
 * type with them, and a NULL type is void.
 *
 * Types by name are also reachable through kernel.h's string functions
 * (kernel_sizeof, kernel_offsetof, ...), which most walkers use; this
 * header is for code that needs the types themselves: the printers, the
 * expression evaluator, struct/union/whatis/ptype. */
#ifndef CRASH_KERNEL_TYPES_TYPES_H
#define CRASH_KERNEL_TYPES_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;
struct ktype;

enum ktype_kind {
	KT_VOID,
	KT_INT,		/* integers and chars */
	KT_BOOL,
	KT_FLOAT,
	KT_POINTER,
	KT_ARRAY,
	KT_STRUCT,
	KT_UNION,
	KT_ENUM,
	KT_TYPEDEF,
	KT_FUNCTION,
};

enum ktype_qualifier {
	KQ_CONST = 1,
	KQ_VOLATILE = 2,
	KQ_RESTRICT = 4,
	KQ_ATOMIC = 8,
};

/* A type and its qualifiers; type NULL is void. */
struct kqtype {
	const struct ktype *type;
	unsigned quals;
};

struct kmember {
	const char *name;	/* NULL for an anonymous struct or union */
	struct kqtype type;
	uint64_t bit_offset;	/* from the start of the enclosing type */
	int bit_size;		/* 0 unless a bitfield */
};

struct kenumerator {
	const char *name;
	int64_t value;		/* an unsigned enum's big values wrap */
};

struct kparam {
	const char *name;	/* may be NULL */
	struct kqtype type;
};

/* --- what a type is --- */

enum ktype_kind ktype_kind(const struct ktype *t);
/* The tag or name as the source spells it ("task_struct", "pid_t",
 * "long unsigned int"); NULL for an anonymous type, a pointer, an array
 * or a function. */
const char *ktype_name(const struct ktype *t);
/* Size in bytes; -1 for void, functions, incomplete types and arrays of
 * unknown length. */
long ktype_size(const struct ktype *t);
/* Integers and enums: signedness; and whether it is a one-byte character
 * type (printed with its character, as gdb does). */
bool ktype_is_signed(const struct ktype *t);
bool ktype_is_char(const struct ktype *t);
/* A struct, union or enum with its definition (looked up by name when the
 * type at hand is only a declaration). */
bool ktype_is_complete(const struct ktype *t);
/* What a pointer points to, an array's element, a typedef's type, a
 * function's return type, an enum's compatible integer type. */
struct kqtype ktype_target(const struct ktype *t);
/* Elements of an array; -1 when it has no length (flexible). */
long ktype_length(const struct ktype *t);
/* Members of a struct or union, in order. */
size_t ktype_nmembers(const struct ktype *t);
const struct kmember *ktype_member_at(const struct ktype *t, size_t i);
/* Enumerators of an enum, in order. */
size_t ktype_nenumerators(const struct ktype *t);
const struct kenumerator *ktype_enumerator_at(const struct ktype *t, size_t i);
/* Parameters of a function type, and whether it takes more ("..."). */
size_t ktype_nparams(const struct ktype *t);
const struct kparam *ktype_param_at(const struct ktype *t, size_t i);
bool ktype_is_variadic(const struct ktype *t);
/* Whether a function type says nothing about its parameters (K&R "()")
 * rather than "(void)". */
bool ktype_params_unknown(const struct ktype *t);

/* Typedefs followed (qualifiers dropped); NULL stays NULL. */
const struct ktype *ktype_strip(const struct ktype *t);
/* Typedefs followed, qualifiers collected. */
struct kqtype ktype_strip_q(struct kqtype t);
/* The same type (kind, name, size, and what it is made of). */
bool ktype_same(const struct ktype *a, const struct ktype *b);

/* --- finding types --- */

/* A type by its C name: "struct task_struct", "union thread_union",
 * "enum pid_type", a typedef ("pid_t"), a base type in any C spelling
 * ("unsigned long", "long unsigned int"), a bare struct/union name, with
 * qualifiers and trailing "*"s.  0, or -1 with err_get(). */
int ktype_lookup(struct kernel *k, const char *name, struct kqtype *out);
/* The declared type of a global variable or function. */
int ktype_of_symbol(struct kernel *k, const char *name, struct kqtype *out);
/* What a global variable is, for a type source that does not say (the
 * kernel's BTF describes only the per-CPU ones): the walker that knows
 * the symbol declares it, with the type's C name ("struct task_struct",
 * "unsigned long", "struct list_head"); ktype_of_symbol falls back on
 * these.  Declared at startup by KTYPE_DECLARE_SYMBOLS in the walker's
 * file; the arrays live as long as the program. */
struct ktype_symbol_decl {
	const char *symbol;
	const char *type;
};
void ktype_declare_symbols(const struct ktype_symbol_decl *decls, size_t n);
#define KTYPE_DECLARE_SYMBOLS(arr)                                              \
	__attribute__((constructor)) static void declare_##arr(void)            \
	{                                                                       \
		ktype_declare_symbols(arr, sizeof(arr) / sizeof((arr)[0]));     \
	}
/* An enumerator's value and its enum type. */
int ktype_lookup_enumerator(struct kernel *k, const char *name, int64_t *value,
			    const struct ktype **type);
/* Every named type of a kind (KT_STRUCT, KT_UNION, KT_ENUM, KT_TYPEDEF,
 * KT_INT for base types), and with KT_FUNCTION every function and
 * variable with debug information; for completion and listings. */
void ktype_each_name(struct kernel *k, enum ktype_kind kind,
		     void (*fn)(void *arg, const char *name), void *arg);
/* Where the types come from: "DWARF" or "BTF"; NULL when the session has
 * none (err_get() says why). */
const char *ktype_source(struct kernel *k);

/* --- members and derived types --- */

/* A member path of a struct or union (typedefs followed): names joined by
 * '.', through anonymous structs and unions, with [N] indexes into array
 * members ("se.on_rq", "thread.sp", "numbers[0].nr"). */
struct kmember_ref {
	struct kqtype type;
	long offset;		/* bytes from the start */
	int bit_offset;		/* bitfields: bits past offset (0-7) */
	int bit_size;		/* 0 unless a bitfield */
};
int ktype_member(const struct ktype *t, const char *path, struct kmember_ref *out);

/* Pointer to, and array of, a type (made once, kept with the kernel). */
const struct ktype *ktype_pointer_to(struct kernel *k, struct kqtype target);
const struct ktype *ktype_array_of(struct kernel *k, struct kqtype element, long length);

#endif
