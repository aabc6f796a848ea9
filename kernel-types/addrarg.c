/* Address arguments (addrarg.h): hex numbers, symbols, symbol+offset,
 * expressions, and per-cpu specifications. */
#include "kernel-types/addrarg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/expr.h"
#include "kernel-types/kernel.h"

int addrarg_number(const char *arg, uint64_t *v)
{
	const char *p = arg;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p || strlen(p) > 16) {
		err_set("invalid address: %s", arg);
		return -1;
	}
	for (const char *q = p; *q; q++) {
		if (!isxdigit((unsigned char)*q)) {
			err_set("invalid address: %s", arg);
			return -1;
		}
	}
	*v = strtoull(p, NULL, 16);
	return 0;
}

static bool is_cpuspec(const char *s)
{
	if (!*s || !strcmp(s, "a") || !strcmp(s, "all"))
		return true;
	return strspn(s, "0123456789,- ") == strlen(s) && isdigit((unsigned char)s[0]);
}

bool addrarg_split_cpuspec(const char *arg, char *base, size_t len, const char **spec)
{
	const char *colon = strrchr(arg, ':');
	if (!colon || colon == arg || colon[-1] == ':' || colon[1] == ':' || !is_cpuspec(colon + 1))
		return false;
	/* "c ? a : 1" is no cpuspec: the part before must be a name or
	 * a parenthesized expression or an address */
	for (const char *p = arg; p < colon; p++)
		if (*p == '?')
			return false;
	size_t n = (size_t)(colon - arg);
	if (n >= len)
		return false;
	memcpy(base, arg, n);
	base[n] = '\0';
	*spec = colon + 1;
	return true;
}

int addrarg_cpus(struct kernel *k, const char *spec, bool *sel, int ncpus)
{
	memset(sel, 0, (size_t)ncpus * sizeof(*sel));
	if (!*spec) {
		int cpu = k ? kx_context_cpu(k) : -1;
		if (cpu < 0 || cpu >= ncpus) {
			err_set("no current context CPU for the cpuspec \":\"");
			return -1;
		}
		sel[cpu] = true;
		return 0;
	}
	if (!strcmp(spec, "a") || !strcmp(spec, "all")) {
		for (int i = 0; i < ncpus; i++)
			sel[i] = true;
		return 0;
	}
	const char *p = spec;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			goto bad;
		if (*end == '-') {
			const char *q = end + 1;
			b = strtol(q, &end, 10);
			if (end == q)
				goto bad;
		}
		if (a < 0 || b < a)
			goto bad;
		if (b >= ncpus) {
			err_set("invalid cpu specification: %s (the dump has %d CPU%s)", spec, ncpus,
				ncpus == 1 ? "" : "s");
			return -1;
		}
		for (long i = a; i <= b; i++)
			sel[i] = true;
		p = end;
		if (*p == ',')
			p++;
		else if (*p)
			goto bad;
	}
	return 0;
bad:
	err_set("invalid cpu specification: %s", spec);
	return -1;
}

/* The address of arg without a cpuspec; *percpu_sym tells a symbol that
 * is not per-cpu (0), per-cpu (1) or no symbol (-1). */
static int resolve_base(struct kernel *k, const char *arg, uint64_t *addr, int *percpu_sym)
{
	struct kernel_sym ks;
	struct kx_value v;

	*percpu_sym = -1;
	if (addrarg_number(arg, addr) == 0)
		return 0;
	if (!k) {
		err_set("invalid address: %s", arg);
		return -1;
	}
	/* A symbol whose name is also hex ("add", "bad") is caught above, as
	 * crash does; a plain symbol is its address. */
	if (kernel_symbol_info(k, arg, &ks) == 0) {
		*addr = ks.addr;
		*percpu_sym = ks.percpu;
		return 0;
	}
	/* crash's "symbol+offset" is an address, not the symbol's value plus
	 * an offset as C would read it */
	size_t n = strcspn(arg, "+-");
	if (arg[n] && n && n < 256 && (isalpha((unsigned char)arg[0]) || arg[0] == '_')) {
		char name[256];
		memcpy(name, arg, n);
		name[n] = '\0';
		uint64_t off;
		if (kernel_symbol_info(k, name, &ks) == 0 && kx_eval(k, arg + n + 1, 0, &v) == 0 &&
		    kx_value_int(k, &v, &off) == 0) {
			*addr = arg[n] == '+' ? ks.addr + off : ks.addr - off;
			*percpu_sym = ks.percpu;
			return 0;
		}
	}
	if (kx_eval(k, arg, 0, &v) != 0)
		return -1;
	if (v.symbol && v.where == KX_MEMORY)
		*percpu_sym = v.percpu;
	return kx_value_address(k, &v, addr);
}

int addrarg_resolve_cpus(struct kernel *k, const char *arg, uint64_t *addrs, int *cpus, int max)
{
	char base[512];
	const char *spec;
	uint64_t a;
	int percpu;

	if (max < 1) {
		err_set("no room for an address");
		return -1;
	}
	if (!addrarg_split_cpuspec(arg, base, sizeof(base), &spec)) {
		if (resolve_base(k, arg, &a, &percpu) != 0)
			return -1;
		addrs[0] = a;
		cpus[0] = -1;
		return 1;
	}
	if (!k) {
		err_set("invalid address: %s", arg);
		return -1;
	}
	if (resolve_base(k, base, &a, &percpu) != 0)
		return -1;
	if (percpu == 0) {
		err_set("%s is not a per-cpu symbol: a cpuspec needs a per-cpu symbol or offset", base);
		return -1;
	}
	int ncpus = kernel_nr_cpus(k);
	bool *sel = xcalloc((size_t)ncpus, sizeof(*sel));
	int n = 0;
	if (addrarg_cpus(k, spec, sel, ncpus) != 0) {
		free(sel);
		return -1;
	}
	for (int cpu = 0; cpu < ncpus && n < max; cpu++) {
		if (!sel[cpu])
			continue;
		if (kernel_percpu_ptr(k, a, cpu, &addrs[n]) != 0) {
			free(sel);
			return -1;
		}
		cpus[n++] = cpu;
	}
	free(sel);
	return n;
}

int addrarg_resolve(struct kernel *k, const char *arg, uint64_t *addr)
{
	uint64_t a[2];
	int c[2];
	int n = addrarg_resolve_cpus(k, arg, a, c, 2);
	if (n < 0)
		return -1;
	if (n != 1) {
		err_set("%s: this command takes the address on one CPU (\":N\")", arg);
		return -1;
	}
	*addr = a[0];
	return 0;
}
