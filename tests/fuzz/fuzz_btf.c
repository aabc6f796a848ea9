/* libFuzzer target: the BTF type source (btf_types.c) over arbitrary
 * bytes, as a damaged dump's __start_BTF..__stop_BTF would give them:
 * libbpf's parse, then every type read through the type model (members,
 * enumerators, parameters, targets, sizes) and the named lookups.  The
 * seed (corpus/fuzz_btf) is the BTF pahole -J makes of the unit tests'
 * "types" kernel. */
#include <stdint.h>
#include <string.h>

#include "kernel-types/type_source.h"
#include "kernel-types/types.h"

static void walk(const struct ktype *t)
{
	/* unsigned: the values of a damaged BTF may add up past a long */
	volatile unsigned long sum = 0;
	sum += (unsigned long)ktype_size(t) + (unsigned long)ktype_kind(t) + (unsigned long)ktype_length(t);
	if (ktype_name(t))
		sum += strlen(ktype_name(t));
	sum += (uintptr_t)ktype_target(t).type;
	sum += (uintptr_t)ktype_strip(t);
	for (size_t i = 0; i < ktype_nmembers(t); i++)
		sum += (unsigned long)ktype_member_at(t, i)->bit_offset;
	for (size_t i = 0; i < ktype_nenumerators(t); i++)
		sum += (unsigned long)ktype_enumerator_at(t, i)->value;
	for (size_t i = 0; i < ktype_nparams(t); i++)
		sum += (uintptr_t)ktype_param_at(t, i)->type.type;
}

static void count(void *arg, const char *name)
{
	*(size_t *)arg += strlen(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct type_source *src = btf_type_source_from_data(data, size);
	if (!src)
		return 0;
	struct type_cache *tc = type_cache_new(src);
	for (uint64_t id = 1; id < 2048; id++)
		walk(tc_node(tc, src, id));
	static const char *const names[] = { "ty_outer", "ty_inner", "int", "ty_word2_t",
					     "ty_small", "task_struct" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint64_t id;
		struct type_ref r;
		int64_t v;
		for (int l = TL_STRUCT; l <= TL_BASE; l++)
			if (src->ops->find_type(src, (enum type_lookup)l, names[i], &id) == 0)
				walk(tc_node(tc, src, id));
		if (src->ops->find_symbol_type(src, names[i], &r) == 0)
			walk(tc_node(tc, src, r.id));
		if (src->ops->find_enumerator(src, "TY_POS", &v, &id) == 0)
			walk(tc_node(tc, src, id));
	}
	size_t n = 0;
	for (int k = KT_VOID; k <= KT_FUNCTION; k++)
		src->ops->each_name(src, (enum ktype_kind)k, count, &n);
	type_cache_free(tc);
	return 0;
}
