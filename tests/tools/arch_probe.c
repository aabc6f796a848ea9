/* arch_probe: drives arch/ on a real dump for tests/dumps/arch.sh.
 *
 *   arch_probe VMCORE SYSTEM_MAP [-n] [-k OFFSET] CMD...
 *     -n           ignore VMCOREINFO (find KASLR from CPU state)
 *     -k OFFSET    arch_setup.kaslr
 *   CMDs: info | str SYMBOL | vtop HEXADDR | walk HEXADDR | symva SYMBOL
 *         | regs | u64 HEXADDR | idtcheck
 * Symbols come from System.map (link-time addresses). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "common/err.h"
#include "common/xalloc.h"
/* TEMPORARY until readers/ is merged: see the header. */

struct sym { uint64_t addr; char *name; };
static struct sym *syms;
static size_t nsyms, cap;

static void load_map(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512], name[400], type;
	unsigned long long a;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %399s", &a, &type, name) == 3) {
			if (nsyms == cap) {
				cap = cap ? cap * 2 : 4096;
				syms = xreallocarray(syms, cap, sizeof(*syms));
			}
			syms[nsyms].addr = a;
			syms[nsyms++].name = xstrdup(name);
		}
	fclose(f);
}

static int lookup(void *arg, const char *name, uint64_t *addr)
{
	(void)arg;
	for (size_t i = 0; i < nsyms; i++)
		if (!strcmp(syms[i].name, name)) {
			*addr = syms[i].addr;
			return 0;
		}
	*addr = 0;
	return -1;
}

int main(int argc, char **argv)
{
	struct arch_setup s = { 0 };
	const struct arch_info *in;
	struct arch_vm *vm;
	struct dump *d;
	int i = 3;

	if (argc < 4) {
		fprintf(stderr, "usage: arch_probe VMCORE SYSTEM_MAP [-n] [-k OFF] CMD...\n");
		return 2;
	}
	load_map(argv[2]);
	d = dump_open((const char *const *)&argv[1], 1);
	if (!d) {
		printf("error: %s\n", err_get());
		return 1;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n"))
			s.no_vmcoreinfo = true;
		else if (!strcmp(argv[i], "-k") && i + 1 < argc)
			s.kaslr = argv[++i];
	}
	s.dump = d;
	s.symbol = lookup;
	vm = arch_vm_open(&s);
	if (!vm) {
		printf("error: %s\n", err_get());
		dump_close(d);
		return 1;
	}
	in = arch_get_info(vm);
	for (; i < argc; i++) {
		const char *cmd = argv[i], *arg = i + 1 < argc ? argv[i + 1] : "";
		uint64_t va = 0, pa;

		if (!strcmp(cmd, "info")) {
			printf("name=%s source=%s kaslr=%" PRIx64 " phys_base=%" PRIx64 " levels=%d "
			       "page_offset=%" PRIx64 " vmalloc=%" PRIx64 " vmemmap=%" PRIx64 " pgd=%" PRIx64 "\n",
			       in->name, in->kaslr_source, in->kaslr_offset, in->phys_base, in->paging_levels,
			       in->page_offset, in->vmalloc_start, in->vmemmap_start, in->kernel_pgd_paddr);
			continue;
		}
		i++;
		if (!strcmp(cmd, "str") || !strcmp(cmd, "symva")) {
			char buf[128] = "";
			if (lookup(NULL, arg, &va)) {
				printf("error: no symbol %s\n", arg);
				continue;
			}
			va += in->kaslr_offset;
			if (!strcmp(cmd, "symva")) {
				printf("%" PRIx64 "\n", va);
				continue;
			}
			if (arch_read_kvirt(vm, va, buf, sizeof(buf) - 1) < 0)
				printf("error: %s\n", err_get());
			else
				printf("%s\n", strtok(buf, "\n"));
		} else if (!strcmp(cmd, "vtop")) {
			va = strtoull(arg, NULL, 16);
			if (arch_vtop(vm, 0, va, &pa) < 0)
				printf("error: %s\n", err_get());
			else
				printf("%" PRIx64 "\n", pa);
		} else if (!strcmp(cmd, "u64")) {
			uint64_t v;
			va = strtoull(arg, NULL, 16);
			if (arch_read_kvirt(vm, va, &v, 8) < 0)
				printf("error: %s\n", err_get());
			else
				printf("%" PRIx64 "\n", v);
		} else if (!strcmp(cmd, "walk")) {
			struct arch_walk w;
			char flags[128];
			va = strtoull(arg, NULL, 16);
			if (arch_vtop_walk(vm, 0, va, &w) < 0) {
				printf("error: %s\n", err_get());
				continue;
			}
			for (int k = 0; k < w.nsteps; k++)
				printf("  %s: %" PRIx64 " => %" PRIx64 "\n", w.step[k].level,
				       w.step[k].entry_vaddr, w.step[k].value);
			arch_pte_flags(vm, w.step[w.nsteps - 1].value, flags, sizeof(flags));
			printf("present=%d size=%" PRIx64 " paddr=%" PRIx64 " flags=%s\n", w.present,
			       w.page_size, w.paddr, flags);
		} else if (!strcmp(cmd, "regs")) {
			struct arch_regs r;
			int n = arch_cpu_regs(vm, 0, &r);
			i--;
			for (int c = 0; c < n; c++) {
				arch_cpu_regs(vm, c, &r);
				printf("cpu%d valid=%d ip=%" PRIx64 " sp=%" PRIx64 " cs=%" PRIx64 " cr3=%" PRIx64 "\n",
				       c, r.valid, arch_reg(vm, &r, ARCH_REG_PC), arch_reg(vm, &r, ARCH_REG_SP),
				       r.r[arch_reg_number(vm, "cs")], r.r[arch_reg_number(vm, "cr3")]);
			}
		} else {
			printf("error: unknown command %s\n", cmd);
			break;
		}
	}
	arch_vm_close(vm);
	dump_close(d);
	return 0;
}
