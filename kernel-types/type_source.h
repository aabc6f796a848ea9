/* Private to kernel-types/: how a type source fills the type model of
 * types.h.  A source (dwarf_types.c; btf_types.c) names its types by a
 * 64-bit id of its own (a DIE offset, a BTF type id) and answers a few
 * questions about an id; the cache (types.c) makes one struct ktype per
 * id, on demand, and asks for the rest of it only when it is needed. */
#ifndef CRASH_KERNEL_TYPES_TYPE_SOURCE_H
#define CRASH_KERNEL_TYPES_TYPE_SOURCE_H

#include "kernel-types/types.h"

struct type_cache;
struct type_source;

/* A reference from one type to another: the id of the type referred to
 * (0 for void) and the qualifiers met on the way. */
struct type_ref {
	uint64_t id;
	unsigned quals;
};

/* What a named lookup asks for. */
enum type_lookup {
	TL_STRUCT, TL_UNION, TL_ENUM, TL_TYPEDEF, TL_BASE,
};

struct type_source_ops {
	const char *name;	/* "DWARF", "BTF" */
	/* Fill t's kind, name, size, flags (signed, char, complete,
	 * variadic, params_unknown) and length from id.  0 or -1. */
	int (*describe)(struct type_source *src, uint64_t id, struct ktype *t);
	/* The target of a pointer/typedef/array/function/enum. */
	int (*target)(struct type_source *src, const struct ktype *t, struct type_ref *out);
	/* Members (with each member's type as a ref), enumerators,
	 * parameters: the source calls the tc_add_* functions below. */
	int (*members)(struct type_source *src, struct ktype *t);
	int (*enumerators)(struct type_source *src, struct ktype *t);
	int (*params)(struct type_source *src, struct ktype *t);
	/* Named lookups: the id of a complete definition where there is one. */
	int (*find_type)(struct type_source *src, enum type_lookup kind, const char *name,
			 uint64_t *id);
	int (*find_symbol_type)(struct type_source *src, const char *name, struct type_ref *out);
	int (*find_enumerator)(struct type_source *src, const char *name, int64_t *value,
			       uint64_t *enum_id);
	void (*each_name)(struct type_source *src, enum ktype_kind kind,
			  void (*fn)(void *arg, const char *name), void *arg);
	void (*destroy)(struct type_source *src);
};

struct type_source {
	const struct type_source_ops *ops;
	struct type_cache *tc;
};

/* The model's node; filled by describe(), then lazily by the cache. */
enum {
	KTF_SIGNED = 1 << 0,
	KTF_CHAR = 1 << 1,
	KTF_COMPLETE = 1 << 2,
	KTF_VARIADIC = 1 << 3,
	KTF_PARAMS_UNKNOWN = 1 << 4,
	/* cache state */
	KTF_HAVE_TARGET = 1 << 8,
	KTF_HAVE_MEMBERS = 1 << 9,
	KTF_HAVE_ENUMS = 1 << 10,
	KTF_HAVE_PARAMS = 1 << 11,
	KTF_HAVE_DEFINITION = 1 << 12,
};

struct ktype {
	enum ktype_kind kind;
	const char *name;	/* owned by the source or the cache */
	long size;
	long length;		/* arrays */
	long align;		/* an alignment the source states (DW_AT_alignment); 0 */
	unsigned flags;
	struct kqtype target;
	struct kmember *members;
	size_t nmembers;
	struct kenumerator *enums;
	size_t nenums;
	struct kparam *params;
	size_t nparams;
	const struct ktype *definition; /* an incomplete type's complete one */
	struct type_cache *tc;
	struct type_source *src; /* NULL for types the cache made */
	uint64_t id;
};

/* For sources: the node of an id (made on first use), and the members,
 * enumerators and parameters of the node being filled.  Names are copied
 * only if the source says they do not live as long as it. */
const struct ktype *tc_node(struct type_cache *tc, struct type_source *src, uint64_t id);
void tc_add_member(struct ktype *t, const char *name, struct type_ref type, uint64_t bit_offset,
		   int bit_size);
void tc_add_enumerator(struct ktype *t, const char *name, int64_t value);
void tc_add_param(struct ktype *t, const char *name, struct type_ref type);
/* A type that is an array dimension of another (multi-dimensional
 * arrays): made by the cache, kept with it. */
const struct ktype *tc_array(struct type_cache *tc, struct kqtype element, long length);
/* Types the cache makes for the expression evaluator (expr_*.c): a base
 * type of its own (gdb's "int", "unsigned long", "double" for literals
 * and arithmetic), a pointer, a function type, a typedef; each made once
 * per cache.  A cache with no type source at all (for expressions
 * evaluated without a kernel) comes from type_cache_builtin(). */
const struct ktype *tc_base(struct type_cache *tc, enum ktype_kind kind, const char *name, long size,
			    unsigned flags);
const struct ktype *tc_pointer(struct type_cache *tc, struct kqtype target);
const struct ktype *tc_function(struct type_cache *tc, struct kqtype ret, const struct kqtype *params,
				size_t nparams, bool variadic, bool params_unknown);
const struct ktype *tc_typedef(struct type_cache *tc, const char *name, struct kqtype target);
struct type_cache *type_cache_builtin(void);
/* A string kept as long as the cache. */
const char *tc_strdup(struct type_cache *tc, const char *s);

/* The cache of a kernel, created with its source. */
struct type_cache *type_cache_new(struct type_source *src);
void type_cache_free(struct type_cache *tc);
struct type_source *type_cache_source(struct type_cache *tc);

/* The DWARF source over a vmlinux (dwarf_types.c).  NULL + err_get(). */
struct kernel;
struct type_source *dwarf_type_source_new(struct kernel *k);
/* The BTF source (btf_types.c): over the kernel's .BTF in memory
 * (__start_BTF..__stop_BTF), or over raw BTF bytes (copied).  NULL +
 * err_get(). */
struct type_source *btf_type_source_new(struct kernel *k);
struct type_source *btf_type_source_from_data(const void *data, size_t len);

#endif
