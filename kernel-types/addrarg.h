/* Address arguments of commands such as rd, vtop and ptov: a hexadecimal
 * number (crash reads addresses in hex, with or without 0x), a symbol
 * (its address), or a C expression over the kernel's symbols and types. */
#ifndef CRASH_KERNEL_TYPES_ADDRARG_H
#define CRASH_KERNEL_TYPES_ADDRARG_H
#include <stdint.h>

struct kernel;

/* A hexadecimal number, all of it; 0 or -1 (err_get() says why). */
int addrarg_number(const char *arg, uint64_t *v);
/* Number, symbol or expression (k may be NULL: numbers only); 0 or -1. */
int addrarg_resolve(struct kernel *k, const char *arg, uint64_t *addr);
#endif
