/* bt_dump VMLINUX VMCORE[,PART...]: run bt command lines read from stdin
 * ("bt -a", "bt 1234", "foreach bt") on a dump, through the readers and
 * arch layers and the task table, with the symbol and DWARF lookups of
 * tasks_dump.c.  It lets tests/dumps/bt.sh check bt on every dump before
 * the kernel-types reader is merged; the output is the command's own. */
#define main tasks_dump_main
#include "tests/tools/tasks_dump.c"
#undef main

#include "commands/bt.c"

/* ---- the services stack.c and bt use (stack_kt.h) ---- */
uint64_t ktx_symbol(struct kernel *k, const char *name)
{
	return tkt_symbol(k, name);
}

int ktx_percpu_symbol(struct kernel *k, const char *name, uint64_t *off)
{
	/* per-cpu symbols are small offsets, not relocated */
	*off = tkt_symbol(k, name);
	return *off && *off < 0x100000000ull ? 0 : -1;
}

int ktx_member_offset(struct kernel *k, const char *type, const char *member, long *off)
{
	return tkt_member(k, type, member, off, NULL);
}

int ktx_member_size(struct kernel *k, const char *type, const char *member, long *size)
{
	return tkt_member(k, type, member, NULL, size);
}

int ktx_type_size(struct kernel *k, const char *type, long *size)
{
	return tkt_type_size(k, type, size);
}

int ktx_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	return tkt_read(k, addr, buf, len);
}

int ktx_cpu_regs(struct kernel *k, int cpu, struct arch_regs *r)
{
	(void)k;
	int n = arch_cpu_regs(vm, cpu, r);
	return cpu >= 0 && cpu < n && r->valid ? 0 : -1;
}

static struct sym *text;
static size_t ntext;

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

int ktx_symbolize(struct kernel *k, uint64_t addr, char *buf, size_t len, uint64_t *off,
		  const char **module)
{
	(void)k;
	*module = NULL;
	if (!text) {
		text = calloc(nsyms ? nsyms : 1, sizeof(*text));
		for (size_t i = 0; i < nsyms; i++)
			if (syms[i].addr >= 0xffffffff80000000ull)
				text[ntext++] = syms[i];
		qsort(text, ntext, sizeof(*text), cmp_sym);
	}
	uint64_t a = addr - koff;
	size_t lo = 0, hi = ntext;
	if (!ntext || a < text[0].addr || addr < 0xffffffff80000000ull)
		return -1;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (text[mid].addr <= a)
			lo = mid;
		else
			hi = mid;
	}
	/* of several names at one address, the first in sort order */
	while (lo && text[lo - 1].addr == text[lo].addr)
		lo--;
	snprintf(buf, len, "%s", text[lo].name);
	*off = a - text[lo].addr;
	return 0;
}

int ktx_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line)
{
	(void)k;
	Dwarf_Die cu;
	if (!dw || !dwarf_addrdie(dw, addr - koff, &cu))
		return -1;
	Dwarf_Line *l = dwarf_getsrc_die(&cu, addr - koff);
	const char *src = l ? dwarf_linesrc(l, NULL, NULL) : NULL;
	if (!src || dwarf_lineno(l, line))
		return -1;
	snprintf(file, len, "%s", src);
	return 0;
}

/* ---- the session, as bt sees it ---- */
static const struct crash_cmd *btc;
static uint64_t current;

int crash_register_command(const struct crash_cmd *c)
{
	if (!strcmp(c->name, "bt"))
		btc = c;
	return 0;
}
FILE *crash_out(struct crash_session *s)
{
	(void)s;
	return stdout;
}
int crash_error(struct crash_session *s, const char *fmt, ...)
{
	(void)s;
	va_list ap;
	va_start(ap, fmt);
	printf("bt: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	return -1;
}
void crash_warn(struct crash_session *s, const char *fmt, ...)
{
	(void)s;
	va_list ap;
	va_start(ap, fmt);
	printf("bt: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}
struct kernel *crash_kernel(struct crash_session *s)
{
	(void)s;
	return (struct kernel *)&syms;
}
uint64_t crash_current_task(struct crash_session *s)
{
	(void)s;
	return current;
}
int crash_radix(struct crash_session *s)
{
	(void)s;
	return 10;
}

static void run_bt(char **av, int ac)
{
	optind = 0;
	btc->run(NULL, ac, av);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bt_dump VMLINUX VMCORE[,PART...] < commands\n");
		return 2;
	}
	const char *parts[8];
	int np = 0;
	for (char *p = strtok(argv[2], ","); p && np < 8; p = strtok(NULL, ","))
		parts[np++] = p;
	if (tasks_dump_open(argv[1], parts, np)) {
		fprintf(stderr, "bt_dump: cannot open %s: %s\n", argv[2], err_get());
		return 2;
	}
	struct kernel *k = (struct kernel *)&syms;
	const struct ktask *p = ktask_panic(k);
	current = p ? p->task : 0;
	char line[1024];
	while (fgets(line, sizeof(line), stdin)) {
		char *av[64], *save;
		int ac = 0;
		for (char *t = strtok_r(line, " \t\n", &save); t && ac < 63; t = strtok_r(NULL, " \t\n", &save))
			av[ac++] = t;
		av[ac] = NULL;
		if (!ac)
			continue;
		if (!strcmp(av[0], "foreach") && ac > 1) {
			/* every task, as foreach runs a CMD_TASK_ARG command */
			long n = ktask_count(k);
			uint64_t saved = current;
			for (long i = 0; i < n; i++) {
				current = ktask_at(k, i)->task;
				if (i)
					printf("\n");
				run_bt(av + 1, ac - 1);
			}
			current = saved;
			continue;
		}
		if (!strcmp(av[0], "bt"))
			run_bt(av, ac);
	}
	return 0;
}
