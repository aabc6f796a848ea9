/* Address arguments of commands such as rd, struct, list, tree, dis,
 * search, kmem and vtop, as crash takes them:
 *   ffff8d6b01208000, 0xffff...  a hexadecimal number (crash reads
 *                                addresses in hex, with or without 0x)
 *   jiffies                      a symbol: its address
 *   init_task+2192, schedule-4   a symbol and an offset (decimal unless
 *                                0x, as crash prints "symbol+offset")
 *   (jiffies + 8), &init_task.tasks, ptr->next
 *                                a C expression (expr.h, as gdb evaluates
 *                                it: numbers decimal unless 0x): its value,
 *                                or where a struct, array or function is
 *   ...:cpuspec                  of a per-cpu symbol or offset, its copy on
 *                                CPUs: ":" the current context's CPU, ":a"
 *                                every CPU, ":1", ":0-1", ":1,3" */
#ifndef CRASH_KERNEL_TYPES_ADDRARG_H
#define CRASH_KERNEL_TYPES_ADDRARG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

/* A hexadecimal number, all of it; 0 or -1 (err_get() says why). */
int addrarg_number(const char *arg, uint64_t *v);
/* The address an argument designates (k may be NULL: numbers only); a
 * cpuspec must name one CPU.  0 or -1. */
int addrarg_resolve(struct kernel *k, const char *arg, uint64_t *addr);
/* The same with a cpuspec of any number of CPUs: the address on each,
 * into addrs[] with its CPU into cpus[] (at most max; without a cpuspec
 * one address, CPU -1).  Returns how many, or -1 with err_get(). */
int addrarg_resolve_cpus(struct kernel *k, const char *arg, uint64_t *addrs, int *cpus, int max);

/* Split "name:cpuspec" into the part before the ':' (into base) and the
 * spec after it ("" for a bare ':'); false when arg has no cpuspec (a
 * "::" scope is none). */
bool addrarg_split_cpuspec(const char *arg, char *base, size_t len, const char **spec);
/* The CPUs of a cpuspec into sel[0..ncpus-1]: "" is the current
 * context's CPU (expr.h's kx_context_cpu), "a" or "all" every one, else a
 * list of numbers and ranges.  0, or -1 with err_get(). */
int addrarg_cpus(struct kernel *k, const char *spec, bool *sel, int ncpus);
#endif
