/* The "modules_layout" test kernel, for tests/unit/test_modules.c: the
 * modules list with the struct module_layout core_layout and init_layout
 * of kernels before 6.4.
 *
 *   modules: mod_old (core at 0xffffffffc0010000, 12288 bytes; init
 *            memory 4096 bytes not freed yet)
 */
#include "tk_kernel.h"

struct module_layout {
	void *base;
	unsigned int size;
	unsigned int text_size;
	unsigned int ro_size;
	unsigned int ro_after_init_size;
};

struct module {
	int state;
	struct list_head list;
	char name[56];
	struct module_layout core_layout;
	struct module_layout init_layout;
};

extern struct module mod_old;
struct list_head modules = LIST_NODE(&mod_old.list, &mod_old.list);
__direct struct module mod_old = {
	.list = LIST_NODE(&modules, &modules), .name = "old",
	.core_layout = { (void *)0xffffffffc0010000UL, 12288, 8192 },
	.init_layout = { (void *)0xffffffffc0020000UL, 4096, 4096 },
};
