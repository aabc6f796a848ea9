/* The "modules" test kernel, for tests/unit/test_modules.c: the modules
 * list with 6.4+'s struct module_memory mem[] (include/linux/module.h).
 *
 *   modules: mod_dummy (text at 0xffffffffc0002000, 4096 + 8192 + 4096
 *            bytes in three kinds of memory), then mod_loop (text at
 *            0xffffffffc0001000, 20480 bytes of text only)
 */
#include "tk_kernel.h"

#define MODULE_NAME_LEN 56

enum mod_mem_type {
	MOD_TEXT, MOD_DATA, MOD_RODATA, MOD_RO_AFTER_INIT,
	MOD_INIT_TEXT, MOD_INIT_DATA, MOD_INIT_RODATA, MOD_MEM_NUM_TYPES,
};

struct module_memory {
	void *base;
	unsigned int size;
};

struct module {
	int state;
	struct list_head list;
	char name[MODULE_NAME_LEN];
	struct module_memory mem[MOD_MEM_NUM_TYPES];
	unsigned int num_syms;
};

extern struct module mod_dummy, mod_loop;
struct list_head modules = LIST_NODE(&mod_dummy.list, &mod_loop.list);
__direct struct module mod_dummy = {
	.list = LIST_NODE(&mod_loop.list, &modules), .name = "dummy",
	.mem = { [MOD_TEXT] = { (void *)0xffffffffc0002000UL, 4096 },
		 [MOD_DATA] = { (void *)0xffffffffc0004000UL, 8192 },
		 [MOD_RODATA] = { (void *)0xffffffffc0003000UL, 4096 } },
};
__direct struct module mod_loop = {
	.list = LIST_NODE(&modules, &mod_dummy.list), .name = "loop",
	.mem = { [MOD_TEXT] = { (void *)0xffffffffc0001000UL, 20480 } },
};
