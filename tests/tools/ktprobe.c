/* ktprobe: the kernel.h primitives on a real dump, for tests/dumps/kernel.sh.
 *
 *   ktprobe VMLINUX DUMP[,SPLIT...] CMD [ARGS] [-- CMD [ARGS] ...]
 *
 * Commands (each prints one line, or "error: MESSAGE"):
 *   open                     "kaslr=HEX cpus=N open_ms=MS"
 *   sym NAME                 run-time address
 *   symat ADDR               kernel_symbolize(ADDR)
 *   str NAME                 the string at symbol NAME
 *   strptr NAME              the string a char * at symbol NAME points to
 *   u64 NAME / u32 NAME      the integer at symbol NAME
 *   sizeof TYPE              kernel_sizeof
 *   offsetof TYPE MEMBER     kernel_offsetof
 *   bits TYPE MEMBER         "off=N bit=N width=N"
 *   member SYM TYPE MEMBER   kernel_read_member of the object at symbol SYM
 *   comm SYM                 task_struct.comm of the task at symbol SYM
 *   tasks                    "pid tgid comm" of each task on init_task.tasks
 *                            (value.h and walk.h: kv_* and kwalk_list)
 *   pids                     "index nr" of each struct pid in init_pid_ns.idr
 *   cpumask NAME             "N: cpu cpu ..." of a cpumask (kwalk_cpumask)
 *   percpu SYM TYPE MEMBER   per CPU: "cpu=N value" of a member of per-cpu SYM
 *   enum NAME                kernel_enum_value
 *   read HEXADDR LEN         kernel_read, "ok" or the error
 *   timesizes                startup + 200 sizeof/offsetof lookups, ms
 *   kallsyms                 "ADDR TYPE NAME" of every kallsyms entry
 *   aliases                  the name chosen at each address that several
 *                            vmlinux symbols share, against the first name
 *                            the dump's kallsyms has there (the kernel's
 *                            choice): "checked=N mismatched=M" and up to 20
 *                            "ADDR ours kernel" lines */
#include "common/err.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kallsyms.h"
#include "kernel-types/kernel.h"
#include "kernel-types/value.h"
#include "kernel-types/walk.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* tasks: through the typed value API and the list walker, as commands
 * would write it. */
static int kallsyms_list(struct kernel *k)
{
	struct kallsyms ks;
	if (kallsyms_load(k, &ks) != 0)
		return -1;
	for (size_t i = 0; i < ks.n; i++)
		printf("%016" PRIx64 " %c %s\n", ks.syms[i].addr, ks.syms[i].type, ks.syms[i].name);
	kallsyms_free(&ks);
	return 0;
}

static int aliases(struct kernel *k)
{
	const struct symtab *st = kernel_symtab(k);
	uint64_t kaslr = kernel_kaslr_offset(k);
	struct kallsyms ks;
	size_t checked = 0, bad = 0;

	if (kallsyms_load(k, &ks) != 0)
		return -1;
	for (size_t i = 0; i < ks.n; i++) {
		const struct kallsym *e = &ks.syms[i];
		if (i && ks.syms[i - 1].addr == e->addr)
			continue; /* not the kernel's choice */
		if (e->type == 'A' || e->type == 'a')
			continue; /* per-cpu offsets */
		const struct ksym *s = symtab_at(st, e->addr - kaslr);
		if (!s || s->value != e->addr - kaslr)
			continue;
		size_t j = (size_t)(s - st->syms), same = 0;
		for (size_t m = j; m < st->nsyms && st->syms[m].value == s->value; m++)
			same += st->syms[m].type != 'a' && st->syms[m].type != 'A';
		if (same < 2)
			continue;
		checked++;
		uint64_t off;
		const char *ours = kernel_symbol_at(k, e->addr, &off);
		if (!ours || off || strcmp(ours, e->name)) {
			if (bad++ < 20)
				printf("%" PRIx64 " %s %s\n", e->addr, ours ? ours : "-", e->name);
		}
	}
	printf("checked=%zu mismatched=%zu\n", checked, bad);
	kallsyms_free(&ks);
	return 0;
}

static int task_line(void *arg, uint64_t task)
{
	struct kernel *k = arg;
	struct kval t, comm;
	uint64_t pid, tgid;
	char name[32];

	if (kv_typed(k, "struct task_struct", task, &t) != 0 || kv_get_uint(k, t, "pid", &pid) != 0 ||
	    kv_get_uint(k, t, "tgid", &tgid) != 0 || kv_member(k, t, "comm", &comm) != 0 ||
	    kv_read_string(k, comm, name, sizeof(name)) != 0)
		return -1;
	printf("%" PRIu64 " %" PRIu64 " %s\n", pid, tgid, name);
	return 0;
}

static int tasks(struct kernel *k)
{
	struct kval init, head;
	/* init_task (pid 0) holds the list head: it is not listed. */
	if (kv_symbol(k, "init_task", &init) != 0 || kv_member(k, init, "tasks", &head) != 0)
		return -1;
	return kwalk_list(k, head.addr, kernel_offsetof(k, "struct task_struct", "tasks"), false,
			  task_line, k);
}

/* pids: "nr" of every struct pid in init_pid_ns's idr (xarray walk). */
static int pid_line(void *arg, uint64_t index, uint64_t entry)
{
	struct kernel *k = arg;
	struct kval pid;
	uint64_t nr;
	if (kv_typed(k, "struct pid", entry, &pid) != 0 || kv_get_uint(k, pid, "numbers[0].nr", &nr) != 0)
		return -1;
	printf("%" PRIu64 " %" PRIu64 "\n", index, nr);
	return 0;
}

static int pids(struct kernel *k)
{
	struct kval ns, idr;
	if (kv_symbol(k, "init_pid_ns", &ns) != 0 || kv_member(k, ns, "idr", &idr) != 0)
		return -1;
	return kwalk_idr(k, idr.addr, pid_line, k);
}

static int run(struct kernel *k, char **a, int n)
{
	uint64_t addr, v;
	char buf[512];

	if (!strcmp(a[0], "sym") && n == 2) {
		if (kernel_symbol(k, a[1], &addr) != 0)
			return -1;
		printf("%" PRIx64 "\n", addr);
	} else if (!strcmp(a[0], "symat") && n == 2) {
		printf("%s\n", kernel_symbolize(k, strtoull(a[1], NULL, 16), buf, sizeof(buf)));
	} else if (!strcmp(a[0], "str") && n == 2) {
		if (kernel_symbol(k, a[1], &addr) != 0 ||
		    kernel_read_string(k, addr, buf, sizeof(buf)) < 0)
			return -1;
		printf("%s\n", buf);
	} else if (!strcmp(a[0], "strptr") && n == 2) {
		if (kernel_symbol(k, a[1], &addr) != 0 || kernel_read_u64(k, addr, &v) != 0 ||
		    kernel_read_string(k, v, buf, sizeof(buf)) < 0)
			return -1;
		printf("%s\n", buf);
	} else if ((!strcmp(a[0], "u64") || !strcmp(a[0], "u32")) && n == 2) {
		if (kernel_symbol(k, a[1], &addr) != 0 ||
		    kernel_read_uint(k, addr, a[0][1] == '6' ? 8 : 4, &v) != 0)
			return -1;
		printf("%" PRIu64 "\n", v);
	} else if (!strcmp(a[0], "sizeof") && n == 2) {
		long s = kernel_sizeof(k, a[1]);
		if (s < 0)
			return -1;
		printf("%ld\n", s);
	} else if (!strcmp(a[0], "offsetof") && n == 3) {
		long s = kernel_offsetof(k, a[1], a[2]);
		if (s < 0)
			return -1;
		printf("%ld\n", s);
	} else if (!strcmp(a[0], "bits") && n == 3) {
		long off;
		int bo, bs;
		if (kernel_member_bits(k, a[1], a[2], &off, &bo, &bs) != 0)
			return -1;
		printf("off=%ld bit=%d width=%d size=%ld\n", off, bo, bs,
		       kernel_member_size(k, a[1], a[2]));
	} else if (!strcmp(a[0], "member") && n == 4) {
		if (kernel_symbol(k, a[1], &addr) != 0 ||
		    kernel_read_member(k, addr, a[2], a[3], &v) != 0)
			return -1;
		printf("%" PRIu64 "\n", v);
	} else if (!strcmp(a[0], "comm") && n == 2) {
		long off = kernel_offsetof(k, "struct task_struct", "comm");
		if (off < 0 || kernel_symbol(k, a[1], &addr) != 0 ||
		    kernel_read_string(k, addr + (uint64_t)off, buf, 17) < 0)
			return -1;
		printf("%s\n", buf);
	} else if (!strcmp(a[0], "tasks") && n == 1) {
		return tasks(k);
	} else if (!strcmp(a[0], "pids") && n == 1) {
		return pids(k);
	} else if (!strcmp(a[0], "cpumask") && n == 2) {
		int cpus[64], c = kwalk_cpumask(k, a[1], cpus, 64);
		if (c < 0)
			return -1;
		printf("%d:", c);
		for (int i = 0; i < c && i < 64; i++)
			printf(" %d", cpus[i]);
		printf("\n");
	} else if (!strcmp(a[0], "percpu") && n == 4) {
		for (int cpu = 0; cpu < kernel_nr_cpus(k); cpu++) {
			if (kernel_percpu_symbol(k, a[1], cpu, &addr) != 0 ||
			    kernel_read_member(k, addr, a[2], a[3], &v) != 0)
				return -1;
			printf("cpu=%d %" PRIu64 "\n", cpu, v);
		}
	} else if (!strcmp(a[0], "enum") && n == 2) {
		int64_t e;
		if (kernel_enum_value(k, a[1], &e) != 0)
			return -1;
		printf("%" PRId64 "\n", e);
	} else if (!strcmp(a[0], "read") && n == 3) {
		size_t len = strtoul(a[2], NULL, 0);
		char *b = malloc(len ? len : 1);
		int rc = kernel_read(k, strtoull(a[1], NULL, 16), b, len);
		free(b);
		if (rc != 0)
			return -1;
		printf("ok\n");
	} else if (!strcmp(a[0], "kallsyms") && n == 1) {
		return kallsyms_list(k);
	} else if (!strcmp(a[0], "aliases") && n == 1) {
		return aliases(k);
	} else if (!strcmp(a[0], "timesizes") && n == 1) {
		static const char *const m[][2] = {
			{ "struct task_struct", "tasks" }, { "struct task_struct", "comm" },
			{ "struct task_struct", "pid" },   { "struct task_struct", "mm" },
			{ "struct mm_struct", "pgd" },	   { "struct rq", "cpu" },
			{ "struct list_head", "next" },	   { "struct page", "flags" },
			{ "struct file", "f_path" },	   { "struct dentry", "d_name.name" },
		};
		double t0 = now_ms();
		for (int r = 0; r < 20; r++)
			for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
				if (kernel_offsetof(k, m[i][0], m[i][1]) < 0)
					return -1;
		printf("lookups_ms=%.2f\n", now_ms() - t0);
	} else {
		fprintf(stderr, "ktprobe: bad command %s (%d args)\n", a[0], n);
		exit(2);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *dumps[8];
	int ndumps = 0, status = 0;
	char *list;

	if (argc < 4) {
		fprintf(stderr, "usage: ktprobe VMLINUX DUMP[,SPLIT...] CMD [ARGS] [-- CMD ...]\n");
		return 2;
	}
	list = argv[2];
	for (char *t = strtok(list, ","); t && ndumps < 8; t = strtok(NULL, ","))
		dumps[ndumps++] = t;
	struct kernel_open_opts o = { .vmlinux = argv[1], .dumps = dumps, .ndumps = ndumps };
	double t0 = now_ms();
	struct kernel *k = kernel_open(&o);
	if (!k) {
		printf("error: %s\n", err_get());
		return 1;
	}
	double topen = now_ms() - t0;
	for (int i = 3; i < argc;) {
		int j = i;
		while (j < argc && strcmp(argv[j], "--"))
			j++;
		if (!strcmp(argv[i], "open"))
			printf("kaslr=%" PRIx64 " cpus=%d open_ms=%.1f\n",
			       arch_get_info(kernel_arch(k))->kaslr_offset, kernel_nr_cpus(k), topen);
		else if (run(k, argv + i, j - i) != 0) {
			printf("error: %s\n", err_get());
			status = 1;
		}
		i = j + 1;
	}
	kernel_close(k);
	return status;
}
