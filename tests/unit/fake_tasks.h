/* The fake kernel the task-table unit tests run on: a flat memory image
 * at BASE of MEMSZ bytes (both defined by the includer), fake struct
 * layouts, symbols, and the tasks_kt.h access functions over them. */
static unsigned char mem[MEMSZ];

/* fake struct layouts */
#define T_SIZE 0x200
#define T_TASKS 0x00
#define T_PID 0x10
#define T_TGID 0x14
#define T_COMM 0x18
#define T_MM 0x28
#define T_PARENT 0x30
#define T_LEADER 0x38
#define T_STATE 0x40
#define T_EXIT 0x44
#define T_FLAGS 0x48
#define T_CPU 0x4c
#define T_SIGNAL 0x50
#define T_TNODE 0x58
#define T_PIDLINKS 0x68
#define T_RSS 0x8c

static const struct { const char *type, *member; long off, size; } members[] = {
	{"task_struct", "tasks", T_TASKS, 16}, {"task_struct", "pid", T_PID, 4},
	{"task_struct", "tgid", T_TGID, 4}, {"task_struct", "comm", T_COMM, 16},
	{"task_struct", "mm", T_MM, 8}, {"task_struct", "real_parent", T_PARENT, 8},
	{"task_struct", "group_leader", T_LEADER, 8}, {"task_struct", "__state", T_STATE, 4},
	{"task_struct", "exit_state", T_EXIT, 4}, {"task_struct", "flags", T_FLAGS, 4},
	{"task_struct", "cpu", T_CPU, 4}, {"task_struct", "signal", T_SIGNAL, 8},
	{"task_struct", "thread_node", T_TNODE, 16}, {"task_struct", "pid_links", T_PIDLINKS, 48},
	{"task_struct", "rss_stat.count", T_RSS, 16},
	{"signal_struct", "thread_head", 0, 16}, {"pid", "tasks", 8, 24},
	{"pid_namespace", "idr", 0, 24}, {"idr", "idr_rt.xa_head", 8, 8},
	{"xa_node", "shift", 0, 1}, {"xa_node", "slots", 0x28, 512},
	{"rq", "curr", 0, 8}, {"rq", "idle", 8, 8},
	{"mm_struct", "total_vm", 0, 8}, {"mm_struct", "rss_stat.count", 8, 32},
};

static struct { const char *name; uint64_t addr; } symbols[16];
static int nsym;

uint64_t tkt_symbol(struct kernel *k, const char *name)
{
	(void)k;
	for (int i = 0; i < nsym; i++)
		if (!strcmp(symbols[i].name, name))
			return symbols[i].addr;
	return 0;
}

int tkt_member(struct kernel *k, const char *type, const char *member, long *off, long *size)
{
	(void)k;
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (!strcmp(members[i].type, type) && !strcmp(members[i].member, member)) {
			if (off)
				*off = members[i].off;
			if (size)
				*size = members[i].size;
			return 0;
		}
	return -1;
}

int tkt_type_size(struct kernel *k, const char *type, long *size)
{
	(void)k;
	if (!strcmp(type, "task_struct")) {
		*size = T_SIZE;
		return 0;
	}
	return -1;
}

int tkt_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	(void)k;
	if (addr < BASE || addr - BASE > MEMSZ || len > MEMSZ - (addr - BASE)) {
		err_set("bad address %llx", (unsigned long long)addr);
		return -1;
	}
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

int tkt_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len)
{
	(void)pgd;
	return tkt_read(k, addr, buf, len);
}

static void w64(uint64_t a, uint64_t v) { memcpy(mem + (a - BASE), &v, 8); }
static void w32(uint64_t a, uint32_t v) { memcpy(mem + (a - BASE), &v, 4); }
static void sym(const char *n, uint64_t a) { symbols[nsym].name = n; symbols[nsym++].addr = a; }

/* Task i lives at BASE + 0x1000 + i * T_SIZE. */
static uint64_t task(int i) { return BASE + 0x1000 + (uint64_t)i * T_SIZE; }

static void mk(int i, int pid, int tgid, int parent, const char *comm, uint32_t state,
	       uint32_t exit_state, uint64_t mm, int cpu, uint64_t signal)
{
	uint64_t t = task(i);
	w32(t + T_PID, pid);
	w32(t + T_TGID, tgid);
	memcpy(mem + (t + T_COMM - BASE), comm, strlen(comm));
	w64(t + T_MM, mm);
	w64(t + T_PARENT, task(parent));
	w32(t + T_STATE, state);
	w32(t + T_EXIT, exit_state);
	w32(t + T_CPU, cpu);
	w64(t + T_SIGNAL, signal);
}

/* circular list of list_heads at the given addresses (head first) */
static void ring(const uint64_t *nodes, int n)
{
	for (int i = 0; i < n; i++)
		w64(nodes[i], nodes[(i + 1) % n]);
}

int main(void)
{
	struct kernel *k = (struct kernel *)mem;
