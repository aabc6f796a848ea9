/* The "moddebug" test kernel, for tests/unit/test_moddebug.c: two loaded
 * modules whose section addresses are in struct module.sect_attrs, as
 * the kernel keeps them for /sys/module/NAME/sections
 * (kernel/module/sysfs.c, 6.1):
 *
 *   tmod    .text at 0xffffffffc0001000, .data at 0xffffffffc0003000,
 *           .bss at 0xffffffffc0004000, no build ID note: its debuginfo
 *           is the object file of moddebug_mod.c (a .tk.o: ET_REL with
 *           DWARF, as a .ko)
 *   tother  .text at 0xffffffffc0010000 and a .note.gnu.build-id whose
 *           build ID no object file has: every file is refused for it
 */
#include "tk_kernel.h"

#define MODULE_NAME_LEN 56

typedef unsigned short umode_t;

struct attribute {
	const char *name;
	umode_t mode;
};

struct bin_attribute {
	struct attribute attr;
	unsigned long size;
	void *private;
};

struct attribute_group {
	const char *name;
	struct bin_attribute **bin_attrs;
};

struct module_sect_attr {
	struct bin_attribute battr;
	unsigned long address;
};

struct module_sect_attrs {
	struct attribute_group grp;
	unsigned int nsections;
	struct module_sect_attr attrs[];
};

struct module {
	int state;
	struct list_head list;
	char name[MODULE_NAME_LEN];
	struct module_sect_attrs *sect_attrs;
};

#define SECT(n, a) { .battr = { .attr = { .name = n, .mode = 0400 } }, .address = (a) }

/* the GNU note: namesz 4, descsz 20, NT_GNU_BUILD_ID, "GNU", the ID */
__direct unsigned int tother_note[3 + 1 + 5] = {
	4, 20, 3, 0x00554e47, 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555,
};

__direct struct {
	struct module_sect_attrs h;
	struct module_sect_attr a[3];
} tmod_sects = {
	.h = { .nsections = 3 },
	.a = { SECT(".text", 0xffffffffc0001000UL), SECT(".data", 0xffffffffc0003000UL),
	       SECT(".bss", 0xffffffffc0004000UL) },
};

__direct struct {
	struct module_sect_attrs h;
	struct module_sect_attr a[2];
} tother_sects = {
	.h = { .nsections = 2 },
	.a = { SECT(".text", 0xffffffffc0010000UL),
	       SECT(".note.gnu.build-id", (unsigned long)&tother_note) },
};

extern struct module mod_tmod, mod_tother;
struct list_head modules = LIST_NODE(&mod_tmod.list, &mod_tother.list);
__direct struct module mod_tmod = {
	.list = LIST_NODE(&mod_tother.list, &modules), .name = "tmod",
	.sect_attrs = &tmod_sects.h,
};
__direct struct module mod_tother = {
	.list = LIST_NODE(&modules, &mod_tmod.list), .name = "tother",
	.sect_attrs = &tother_sects.h,
};
