/* Address arguments: hex number, symbol, or expression. */
#include "kernel-types/addrarg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
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

int addrarg_resolve(struct kernel *k, const char *arg, uint64_t *addr)
{
	struct kexpr e;
	uint64_t sym;

	if (addrarg_number(arg, addr) == 0)
		return 0;
	if (!k) {
		err_set("invalid address: %s", arg);
		return -1;
	}
	/* A symbol whose name is also hex ("add", "bad") is caught above, as
	 * crash does; a plain symbol is its address. */
	if (kernel_symbol(k, arg, &sym) == 0) {
		*addr = sym;
		return 0;
	}
	/* crash's "symbol+offset" means an address, not the symbol's value
	 * plus an offset as C would read it. */
	size_t n = strcspn(arg, "+-");
	if (arg[n] && n < 256) {
		char name[256];
		uint64_t off;
		memcpy(name, arg, n);
		name[n] = '\0';
		struct kexpr o;
		if (kernel_symbol(k, name, &sym) == 0 && kexpr_eval(NULL, arg + n + 1, &o) == 0 &&
		    kexpr_int(NULL, &o, &off) == 0) {
			*addr = arg[n] == '+' ? sym + off : sym - off;
			return 0;
		}
	}
	if (kexpr_eval(k, arg, &e) != 0)
		return -1;
	if (e.bare_symbol && e.lvalue) {
		*addr = e.addr;
		return 0;
	}
	if (kexpr_int(k, &e, addr) == 0)
		return 0;
	if (e.lvalue) { /* a struct or an array: where it lives */
		*addr = e.addr;
		return 0;
	}
	return -1;
}
