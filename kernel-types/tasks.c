/* The task table (tasks.h): found through the process list, each thread
 * group's thread list and the pid idr of the init pid namespace, plus the
 * per-CPU idle tasks; built once per kernel and cached. */
#include "kernel-types/tasks.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/linux/mm.h"
#include "kernel-types/tasks_kt.h"

/* Guards against damaged lists: no kernel has more tasks than this. */
#define MAX_TASKS (1u << 22)
#define MAX_CPUS 8192

/* Offsets probed once; -1 when the member does not exist. */
struct toffs {
	long size;			/* sizeof(struct task_struct) */
	long tasks, pid, tgid, comm, mm, real_parent, group_leader;
	long state, state_sz, exit_state, flags, flags_sz, cpu, cpu_sz;
	long signal, thread_node, thread_head, thread_group;
	long last_arrival, policy, prio, real_cred, cred_uid;
	long pid_links, upid_pid_tasks;	/* struct pid: tasks[PIDTYPE_PID] */
	long rq_curr, rq_idle;
	/* state bits, from task_state_array when present */
	uint64_t b_stopped, b_traced, b_dead, b_zombie, b_parked;
	uint64_t b_waking, b_noload, b_new, b_task_dead;
};

struct ktable {
	struct kernel *k;
	struct ktask *t;
	size_t n;
	uint64_t *hash;			/* open addressing on task address */
	unsigned *hidx;
	size_t hcap;
	int ncpus, nonline;
	unsigned char *online;
	int *active;			/* per cpu: index in t or -1 */
	int *idle;
	int panic;			/* index or -1 */
	struct toffs o;
	uint64_t totalpages;
	/* memory use per mm, computed on first use: threads share it */
	uint64_t *mmkey;
	struct ktask_mem *mmval;
	size_t mmcap;
};

static struct ktable *cache;

static int rd(struct kernel *k, uint64_t a, void *b, size_t n)
{
	return tkt_read(k, a, b, n);
}

static uint64_t rd_ptr(struct kernel *k, uint64_t a)
{
	uint64_t v = 0;
	if (rd(k, a, &v, 8))
		return 0;
	return v;
}

/* An unsigned value of a member of size sz at buf+off. */
static uint64_t get(const unsigned char *buf, long off, long sz)
{
	uint64_t v = 0;
	if (off < 0)
		return 0;
	switch (sz) {
	case 1: v = buf[off]; break;
	case 2: { uint16_t x; memcpy(&x, buf + off, 2); v = x; break; }
	case 4: { uint32_t x; memcpy(&x, buf + off, 4); v = x; break; }
	default: memcpy(&v, buf + off, 8); break;
	}
	return v;
}

static long mem(struct kernel *k, const char *t, const char *m)
{
	long off;
	return tkt_member(k, t, m, &off, NULL) ? -1 : off;
}

static long mem_sz(struct kernel *k, const char *t, const char *m, long *sz)
{
	long off;
	*sz = 0;
	return tkt_member(k, t, m, &off, sz) ? -1 : off;
}

/* The first of several alternative member names. */
static long mem_any(struct kernel *k, const char *t, const char *const *names, long *sz)
{
	for (; *names; names++) {
		long s, off = mem_sz(k, t, *names, &s);
		if (off >= 0) {
			if (sz)
				*sz = s;
			return off;
		}
	}
	return -1;
}

/* State bits: /proc's task_state_array lists "R", "S", "D", "T", "t",
 * "X", "Z", "P", "I": entry i (i >= 1) is bit 1 << (i - 1).  When the
 * array cannot be read, the values every kernel since 4.14 uses. */
static void probe_state_bits(struct kernel *k, struct toffs *o)
{
	o->b_stopped = 0x4; o->b_traced = 0x8; o->b_dead = 0x10; o->b_zombie = 0x20;
	o->b_parked = 0x40; o->b_task_dead = 0x80; o->b_waking = 0x200;
	o->b_noload = 0x400; o->b_new = 0x800;
	uint64_t arr = tkt_symbol(k, "task_state_array");
	if (!arr)
		return;
	for (int i = 1; i < 10; i++) {
		uint64_t s = rd_ptr(k, arr + 8 * i);
		char c;
		if (!s || rd(k, s, &c, 1))
			return;
		uint64_t bit = 1ull << (i - 1);
		switch (c) {
		case 'T': o->b_stopped = bit; break;
		case 't': o->b_traced = bit; break;
		case 'X': o->b_dead = bit; break;
		case 'Z': o->b_zombie = bit; break;
		case 'P': o->b_parked = bit; break;
		default: break;
		}
	}
}

static int probe(struct kernel *k, struct toffs *o)
{
	static const char *const st[] = {"__state", "state", NULL};
	static const char *const cpu[] = {"thread_info.cpu", "cpu", NULL};
	long sz;

	memset(o, -1, sizeof(*o));
	if (tkt_type_size(k, "task_struct", &o->size) || o->size <= 0 || o->size > (1 << 20)) {
		err_set("no struct task_struct in the kernel's types");
		return -1;
	}
	o->tasks = mem(k, "task_struct", "tasks");
	o->pid = mem(k, "task_struct", "pid");
	o->tgid = mem(k, "task_struct", "tgid");
	o->comm = mem(k, "task_struct", "comm");
	o->mm = mem(k, "task_struct", "mm");
	o->real_parent = mem(k, "task_struct", "real_parent");
	o->group_leader = mem(k, "task_struct", "group_leader");
	o->state = mem_any(k, "task_struct", st, &o->state_sz);
	o->exit_state = mem(k, "task_struct", "exit_state");
	o->flags = mem_sz(k, "task_struct", "flags", &o->flags_sz);
	o->cpu = mem_any(k, "task_struct", cpu, &o->cpu_sz);
	o->signal = mem(k, "task_struct", "signal");
	o->thread_node = mem(k, "task_struct", "thread_node");
	o->thread_head = mem(k, "signal_struct", "thread_head");
	o->thread_group = mem(k, "task_struct", "thread_group");
	o->last_arrival = mem(k, "task_struct", "sched_info.last_arrival");
	o->policy = mem(k, "task_struct", "policy");
	o->prio = mem(k, "task_struct", "prio");
	o->real_cred = mem(k, "task_struct", "real_cred");
	o->cred_uid = mem(k, "cred", "uid");
	o->pid_links = mem(k, "task_struct", "pid_links");
	o->upid_pid_tasks = mem(k, "pid", "tasks");
	o->rq_curr = mem(k, "rq", "curr");
	o->rq_idle = mem(k, "rq", "idle");
	(void)sz;
	if (o->tasks < 0 || o->pid < 0 || o->comm < 0 || o->state < 0) {
		err_set("struct task_struct lacks tasks, pid, comm or state");
		return -1;
	}
	probe_state_bits(k, o);
	return 0;
}

/* ---- a growing set of task addresses ---- */
struct aset {
	uint64_t *a;
	size_t n, cap;
	uint64_t *h;
	size_t hcap;
};

static size_t hslot(uint64_t a, size_t cap)
{
	a ^= a >> 29;
	a *= 0xbf58476d1ce4e5b9ull;
	a ^= a >> 32;
	return a & (cap - 1);
}

static bool aset_has(const struct aset *s, uint64_t a)
{
	if (!s->hcap)
		return false;
	for (size_t i = hslot(a, s->hcap);; i = (i + 1) & (s->hcap - 1)) {
		if (!s->h[i])
			return false;
		if (s->h[i] == a)
			return true;
	}
}

static void aset_rehash(struct aset *s)
{
	free(s->h);
	s->hcap = s->hcap ? s->hcap * 2 : 1024;
	s->h = xcalloc(s->hcap, sizeof(*s->h));
	for (size_t j = 0; j < s->n; j++) {
		size_t i = hslot(s->a[j], s->hcap);
		while (s->h[i])
			i = (i + 1) & (s->hcap - 1);
		s->h[i] = s->a[j];
	}
}

/* Adds a; false when it was there already or the set is full. */
static bool aset_add(struct aset *s, uint64_t a)
{
	if (!a || aset_has(s, a) || s->n >= MAX_TASKS)
		return false;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->a = xreallocarray(s->a, s->cap, sizeof(*s->a));
	}
	s->a[s->n++] = a;
	if (s->n * 2 >= s->hcap) {
		aset_rehash(s);
	} else {
		size_t i = hslot(a, s->hcap);
		while (s->h[i])
			i = (i + 1) & (s->hcap - 1);
		s->h[i] = a;
	}
	return true;
}

/* Walk a circular list_head list from head; calls add() for each entry's
 * container (entry - off). Stops on a loop, a read error or MAX_TASKS. */
static void walk_list(struct kernel *k, uint64_t head, long off, struct aset *s)
{
	uint64_t p = rd_ptr(k, head), next;
	size_t dups = 0;
	for (unsigned n = 0; p && p != head && n < MAX_TASKS; n++) {
		/* an entry whose next pointer cannot be read is no task */
		if (rd(k, p, &next, 8))
			break;
		/* entries seen already are normal when lists overlap (a leader
		 * is on the process list and its thread list); more of them
		 * than there are tasks means a loop that misses the head */
		if (!aset_add(s, p - off) && ++dups > s->n + 1)
			break;
		if (next == p)
			break;
		p = next;
	}
}

/* Threads of the group led by leader (signal->thread_head, or the older
 * task->thread_group ring). */
static void walk_threads(struct kernel *k, const struct toffs *o, uint64_t leader, struct aset *s)
{
	if (o->signal >= 0 && o->thread_head >= 0 && o->thread_node >= 0) {
		uint64_t sig = rd_ptr(k, leader + o->signal);
		if (sig)
			walk_list(k, sig + o->thread_head, o->thread_node, s);
	} else if (o->thread_group >= 0) {
		walk_list(k, leader + o->thread_group, o->thread_group, s);
	}
}

/* The pid idr (an xarray, or a radix tree with the same node layout since
 * 4.20): every struct pid, and through pid->tasks[PIDTYPE_PID] its task. */
static void walk_xa_node(struct kernel *k, const struct toffs *o, uint64_t entry, int depth,
			 int pshift, struct aset *s, long slots_off, long shift_off, unsigned *budget)
{
	if (!entry || depth > 12 || !*budget)
		return;
	if ((entry & 3) == 2 && entry > 4096) {	/* internal: a node */
		uint64_t node = entry & ~3ull;
		unsigned char shift;
		/* each level down has a smaller shift: a damaged tree that
		 * points back up is cut there; the budget bounds the rest */
		if (rd(k, node + shift_off, &shift, 1) || shift > 60 || (int)shift >= pshift)
			return;
		--*budget;
		uint64_t slots[64];
		if (rd(k, node + slots_off, slots, sizeof(slots)))
			return;
		for (int i = 0; i < 64; i++)
			if (slots[i])
				walk_xa_node(k, o, slots[i], depth + 1, shift, s, slots_off, shift_off,
					     budget);
		return;
	}
	if (entry & 3)
		return;				/* value entry or retry marker */
	uint64_t first = rd_ptr(k, entry + o->upid_pid_tasks);	/* tasks[0].first */
	int32_t pid;
	if (first && !rd(k, first - o->pid_links + o->pid, &pid, 4) && pid > 0)
		aset_add(s, first - o->pid_links);
}

static void walk_pid_idr(struct kernel *k, const struct toffs *o, struct aset *s)
{
	uint64_t ns = tkt_symbol(k, "init_pid_ns");
	long idr = mem(k, "pid_namespace", "idr");
	long head = mem(k, "idr", "idr_rt.xa_head");
	if (head < 0)
		head = mem(k, "radix_tree_root", "rnode") >= 0 ? mem(k, "idr", "idr_rt.rnode") : -1;
	long slots = mem(k, "xa_node", "slots");
	long shift = mem(k, "xa_node", "shift");
	if (slots < 0) {
		slots = mem(k, "radix_tree_node", "slots");
		shift = mem(k, "radix_tree_node", "shift");
	}
	if (!ns || idr < 0 || head < 0 || slots < 0 || shift < 0 || o->pid_links < 0 ||
	    o->upid_pid_tasks < 0)
		return;
	unsigned budget = MAX_TASKS / 16;
	walk_xa_node(k, o, rd_ptr(k, ns + idr + head), 0, 64, s, slots, shift, &budget);
}

/* ---- per-CPU ---- */
static int read_cpus(struct kernel *k, struct ktable *t)
{
	uint32_t nr = 1;
	uint64_t a = tkt_symbol(k, "nr_cpu_ids");
	if (a && rd(k, a, &nr, 4))
		nr = 1;
	if (nr < 1 || nr > MAX_CPUS)
		nr = 1;
	t->ncpus = (int)nr;
	t->online = xcalloc(nr, 1);
	uint64_t m = tkt_symbol(k, "__cpu_online_mask");
	if (!m)
		m = tkt_symbol(k, "cpu_online_mask");
	unsigned char bits[MAX_CPUS / 8];
	if (m && !rd(k, m, bits, (nr + 7) / 8)) {
		for (uint32_t c = 0; c < nr; c++)
			t->online[c] = (bits[c / 8] >> (c % 8)) & 1;
	} else {
		memset(t->online, 1, nr);
	}
	t->nonline = 0;
	for (uint32_t c = 0; c < nr; c++)
		t->nonline += t->online[c];
	return 0;
}

static uint64_t percpu_addr(struct kernel *k, const char *sym, int cpu)
{
	uint64_t s = tkt_symbol(k, sym), offs = tkt_symbol(k, "__per_cpu_offset");
	if (!s)
		return 0;
	if (!offs)
		return cpu == 0 ? s : 0;
	uint64_t off = rd_ptr(k, offs + 8ull * cpu);
	return s + off;
}

/* ---- filling one entry ---- */
static void fill(struct kernel *k, const struct toffs *o, struct ktask *t, uint64_t addr,
		 unsigned char *buf)
{
	memset(t, 0, sizeof(*t));
	t->task = addr;
	if (rd(k, addr, buf, o->size)) {
		memset(buf, 0, o->size);
		strcpy(t->comm, "(unreadable)");
	} else {
		memcpy(t->comm, buf + o->comm, KTASK_COMM_LEN);
		t->comm[KTASK_COMM_LEN] = 0;
	}
	t->pid = (int)get(buf, o->pid, 4);
	t->tgid = o->tgid >= 0 ? (int)get(buf, o->tgid, 4) : t->pid;
	t->mm = get(buf, o->mm, 8);
	t->parent = get(buf, o->real_parent, 8);
	t->group_leader = get(buf, o->group_leader, 8);
	t->state = get(buf, o->state, o->state_sz);
	t->exit_state = get(buf, o->exit_state, 4);
	t->flags = get(buf, o->flags, o->flags_sz);
	t->cpu = o->cpu >= 0 ? (int)get(buf, o->cpu, o->cpu_sz) : 0;
	t->last_run = get(buf, o->last_arrival, 8);
	t->policy = (unsigned)get(buf, o->policy, 4);
	t->prio = (int)get(buf, o->prio, 4);
	if (o->real_cred >= 0 && o->cred_uid >= 0) {
		uint64_t c = get(buf, o->real_cred, 8);
		uint32_t uid = 0;
		if (c && !rd(k, c + o->cred_uid, &uid, 4))
			t->uid = uid;
	}
	/* PF_KTHREAD (0x00200000 since 2.6.27) tells kernel threads from
	 * user tasks that lost their mm (zombies); without flags, no mm */
	t->kthread = o->flags >= 0 ? (t->flags & 0x00200000ul) != 0 : t->mm == 0;
}

const char *ktask_state_name(struct kernel *k, uint64_t state, uint64_t exit_state)
{
	const struct toffs *o = cache && cache->k == k ? &cache->o : NULL;
	struct toffs def;
	if (!o) {
		memset(&def, 0, sizeof(def));
		def.b_stopped = 0x4; def.b_traced = 0x8; def.b_dead = 0x10; def.b_zombie = 0x20;
		def.b_parked = 0x40; def.b_task_dead = 0x80; def.b_waking = 0x200;
		def.b_noload = 0x400; def.b_new = 0x800;
		o = &def;
	}
	uint64_t s = state | exit_state;
	if (s == 0)
		return "RU";
	if (s & 1)
		return "IN";
	if (s & 2)
		return (s & o->b_noload) ? "ID" : "UN";
	if (s & o->b_zombie)
		return "ZO";
	if (s & o->b_stopped)
		return "ST";
	if (s & o->b_traced)
		return "TR";
	if (s & (o->b_dead | o->b_task_dead))
		return "DE";
	if (s & o->b_waking)
		return "WA";
	if (s & o->b_parked)
		return "PA";
	if (s & o->b_new)
		return "NE";
	return "??";
}

static int cmp_task(const void *a, const void *b)
{
	const struct ktask *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->idle != y->idle)
		return x->idle ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->task < y->task ? -1 : x->task > y->task;
}

static void index_table(struct ktable *t)
{
	t->hcap = 1024;
	while (t->hcap < t->n * 2)
		t->hcap *= 2;
	t->hash = xcalloc(t->hcap, sizeof(*t->hash));
	t->hidx = xcalloc(t->hcap, sizeof(*t->hidx));
	for (size_t j = 0; j < t->n; j++) {
		t->t[j].index = (unsigned)j;
		size_t i = hslot(t->t[j].task, t->hcap);
		while (t->hash[i])
			i = (i + 1) & (t->hcap - 1);
		t->hash[i] = t->t[j].task;
		t->hidx[i] = (unsigned)j;
	}
}

static long find_idx(const struct ktable *t, uint64_t a)
{
	if (!a)
		return -1;
	for (size_t i = hslot(a, t->hcap);; i = (i + 1) & (t->hcap - 1)) {
		if (!t->hash[i])
			return -1;
		if (t->hash[i] == a)
			return t->hidx[i];
	}
}

static void free_table(struct ktable *t)
{
	if (!t)
		return;
	free(t->t);
	free(t->hash);
	free(t->hidx);
	free(t->online);
	free(t->active);
	free(t->idle);
	free(t->mmkey);
	free(t->mmval);
	free(t);
}

static uint64_t total_pages(struct kernel *k)
{
	/* RAM the kernel manages: present pages of every node when the
	 * node table is there, else totalram_pages. */
	uint64_t nd = tkt_symbol(k, "node_data");
	long present = mem(k, "pglist_data", "node_present_pages");
	uint64_t sum = 0;
	if (nd && present >= 0) {
		for (int i = 0; i < 1024; i++) {
			uint64_t p = rd_ptr(k, nd + 8ull * i), v = 0;
			if (!p)
				continue;
			if (!rd(k, p + present, &v, 8))
				sum += v;
		}
	} else if ((nd = tkt_symbol(k, "contig_page_data")) && present >= 0) {
		rd(k, nd + present, &sum, 8);
	}
	if (sum)
		return sum;
	uint64_t a = tkt_symbol(k, "_totalram_pages");
	if (!a)
		a = tkt_symbol(k, "totalram_pages");
	if (a)
		rd(k, a, &sum, 8);
	return sum;
}

static struct ktable *build(struct kernel *k)
{
	struct ktable *t = xcalloc(1, sizeof(*t));
	struct toffs *o = &t->o;
	t->k = k;
	t->panic = -1;
	if (probe(k, o)) {
		free_table(t);
		return NULL;
	}
	uint64_t init = tkt_symbol(k, "init_task");
	if (!init) {
		err_set("no init_task symbol");
		free_table(t);
		return NULL;
	}
	read_cpus(k, t);

	struct aset s = {0};
	/* Idle tasks first: init_task is CPU 0's; the others come from the
	 * run queues (offline CPUs keep theirs). */
	uint64_t *idle = xcalloc(t->ncpus, sizeof(*idle));
	uint64_t *curr = xcalloc(t->ncpus, sizeof(*curr));
	idle[0] = init;
	for (int c = 0; c < t->ncpus; c++) {
		uint64_t rq = percpu_addr(k, "runqueues", c);
		if (!rq)
			continue;
		if (o->rq_idle >= 0) {
			uint64_t i = rd_ptr(k, rq + o->rq_idle);
			if (i)
				idle[c] = i;
		}
		if (o->rq_curr >= 0)
			curr[c] = rd_ptr(k, rq + o->rq_curr);
	}
	/* Processes, then every thread of each. */
	walk_list(k, init + o->tasks, o->tasks, &s);
	size_t nproc = s.n;
	for (size_t i = 0; i < nproc; i++)
		walk_threads(k, o, s.a[i], &s);
	walk_threads(k, o, init, &s);
	/* Cross-check with the pid idr: a task the lists missed (a thread
	 * being set up or torn down) is still shown. */
	walk_pid_idr(k, o, &s);
	for (int c = 0; c < t->ncpus; c++)
		if (curr[c] && !aset_has(&s, curr[c]) && curr[c] != idle[c])
			aset_add(&s, curr[c]);

	size_t nidle = 0;
	for (int c = 0; c < t->ncpus; c++)
		if (idle[c])
			nidle++;
	t->t = xcalloc(s.n + nidle + 1, sizeof(*t->t));
	unsigned char *buf = xmalloc(o->size);
	size_t n = 0;
	for (int c = 0; c < t->ncpus; c++) {
		if (!idle[c])
			continue;
		fill(k, o, &t->t[n], idle[c], buf);
		t->t[n].idle = true;
		t->t[n].kthread = true;
		t->t[n].cpu = c;
		n++;
	}
	for (size_t i = 0; i < s.n; i++) {
		bool dup = false;
		for (int c = 0; c < t->ncpus; c++)
			if (idle[c] == s.a[i])
				dup = true;
		if (dup)
			continue;
		fill(k, o, &t->t[n], s.a[i], buf);
		if (t->t[n].pid == 0)	/* idle of a CPU without a run queue */
			t->t[n].idle = true;
		n++;
	}
	free(buf);
	t->n = n;
	qsort(t->t, n, sizeof(*t->t), cmp_task);
	index_table(t);

	/* Parents, states, active tasks. */
	for (size_t i = 0; i < n; i++) {
		struct ktask *x = &t->t[i];
		long p = find_idx(t, x->parent);
		if (x->idle)
			x->ppid = 0;
		else if (p >= 0)
			x->ppid = t->t[p].pid;
		else if (x->parent && o->pid >= 0) {
			int32_t v = 0;
			x->ppid = rd(k, x->parent + o->pid, &v, 4) ? 0 : v;
		}
		x->st = ktask_state_name(k, x->state, x->exit_state);
	}
	t->active = xcalloc(t->ncpus, sizeof(int));
	t->idle = xcalloc(t->ncpus, sizeof(int));
	for (int c = 0; c < t->ncpus; c++) {
		t->idle[c] = (int)find_idx(t, idle[c]);
		t->active[c] = (int)find_idx(t, curr[c]);
		if (t->active[c] < 0)
			t->active[c] = t->idle[c];
		if (t->active[c] >= 0)
			t->t[t->active[c]].active = true;
	}
	/* The panic task: the active task of panic_cpu. */
	uint64_t pc = tkt_symbol(k, "panic_cpu");
	int32_t cpu = -1;
	if (pc && !rd(k, pc, &cpu, 4) && cpu >= 0 && cpu < t->ncpus)
		t->panic = t->active[cpu];
	t->totalpages = total_pages(k);
	free(idle);
	free(curr);
	free(s.a);
	free(s.h);
	return t;
}

static struct ktable *table(struct kernel *k)
{
	if (!k) {
		err_set("no dump is open");
		return NULL;
	}
	if (cache && cache->k == k)
		return cache;
	free_table(cache);
	cache = build(k);
	return cache;
}

void ktasks_forget(struct kernel *k)
{
	if (cache && (cache->k == k || !k)) {
		free_table(cache);
		cache = NULL;
	}
}

long ktask_count(struct kernel *k)
{
	struct ktable *t = table(k);
	return t ? (long)t->n : -1;
}

const struct ktask *ktask_at(struct kernel *k, size_t i)
{
	struct ktable *t = table(k);
	return t && i < t->n ? &t->t[i] : NULL;
}

const struct ktask *ktask_by_pid(struct kernel *k, int pid)
{
	struct ktable *t = table(k);
	if (!t)
		return NULL;
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->t[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && t->t[lo].pid == pid)
		return &t->t[lo];
	err_set("invalid task or pid value: %d", pid);
	return NULL;
}

const struct ktask *ktask_by_addr(struct kernel *k, uint64_t task)
{
	struct ktable *t = table(k);
	if (!t)
		return NULL;
	long i = find_idx(t, task);
	if (i < 0) {
		err_set("invalid task or pid value: %llx", (unsigned long long)task);
		return NULL;
	}
	return &t->t[i];
}

const struct ktask *ktask_by_comm(struct kernel *k, const char *comm, const struct ktask *after)
{
	struct ktable *t = table(k);
	if (!t)
		return NULL;
	for (size_t i = after ? after->index + 1 : 0; i < t->n; i++)
		if (!strcmp(t->t[i].comm, comm))
			return &t->t[i];
	return NULL;
}

const struct ktask *ktask_lookup(struct kernel *k, const char *arg)
{
	char *end;
	if (!arg || !*arg) {
		err_set("no task given");
		return NULL;
	}
	unsigned long long v = strtoull(arg, &end, 10);
	if (!*end && strlen(arg) < 10)
		return ktask_by_pid(k, (int)v);
	const char *h = arg;
	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	v = strtoull(h, &end, 16);
	if (*end || end == h) {
		err_set("invalid task or pid value: %s", arg);
		return NULL;
	}
	const struct ktask *t = ktask_by_addr(k, v);
	if (!t)
		err_set("invalid task or pid value: %s", arg);
	return t;
}

int ktask_ncpus(struct kernel *k)
{
	struct ktable *t = table(k);
	return t ? t->ncpus : 0;
}

int ktask_nonline(struct kernel *k)
{
	struct ktable *t = table(k);
	return t ? t->nonline : 0;
}

bool ktask_cpu_online(struct kernel *k, int cpu)
{
	struct ktable *t = table(k);
	return t && cpu >= 0 && cpu < t->ncpus && t->online[cpu];
}

const struct ktask *ktask_active(struct kernel *k, int cpu)
{
	struct ktable *t = table(k);
	if (!t || cpu < 0 || cpu >= t->ncpus || t->active[cpu] < 0) {
		err_set("invalid cpu: %d", cpu);
		return NULL;
	}
	return &t->t[t->active[cpu]];
}

const struct ktask *ktask_idle(struct kernel *k, int cpu)
{
	struct ktable *t = table(k);
	if (!t || cpu < 0 || cpu >= t->ncpus || t->idle[cpu] < 0) {
		err_set("invalid cpu: %d", cpu);
		return NULL;
	}
	return &t->t[t->idle[cpu]];
}

const struct ktask *ktask_panic(struct kernel *k)
{
	struct ktable *t = table(k);
	if (!t)
		return NULL;
	if (t->panic < 0) {
		err_set("no panic task found");
		return NULL;
	}
	return &t->t[t->panic];
}

const struct ktask *ktask_leader(struct kernel *k, const struct ktask *x)
{
	const struct ktask *l = x->group_leader ? ktask_by_addr(k, x->group_leader) : NULL;
	return l ? l : x;
}

/* ---- memory ---- */
/* The RSS and size of the mm, once per mm (threads share it); the RSS is
 * linux/mm's, the one vm shows too. */
static void mm_usage(struct kernel *k, struct ktable *t, const struct ktask *x, struct ktask_mem *m)
{
	uint64_t rss = 0, vm = 0;
	mm_rss(k, x->mm, &rss);
	mm_total_vm(k, x->mm, &vm);
	m->rss_kb = rss * 4;
	m->vsz_kb = vm * 4;
	m->pct = t->totalpages ? (double)rss * 100.0 / (double)t->totalpages : 0;
}

int ktask_mem(struct kernel *k, const struct ktask *x, struct ktask_mem *m)
{
	struct ktable *t = table(k);
	memset(m, 0, sizeof(*m));
	if (!t || !x->mm)
		return t ? 0 : -1;
	if (!t->mmcap) {
		t->mmcap = t->hcap;
		t->mmkey = xcalloc(t->mmcap, sizeof(*t->mmkey));
		t->mmval = xcalloc(t->mmcap, sizeof(*t->mmval));
	}
	size_t i = hslot(x->mm, t->mmcap);
	for (size_t probes = 0; probes < t->mmcap; probes++, i = (i + 1) & (t->mmcap - 1)) {
		if (t->mmkey[i] == x->mm) {
			*m = t->mmval[i];
			return 0;
		}
		if (!t->mmkey[i]) {
			mm_usage(k, t, x, m);
			t->mmkey[i] = x->mm;
			t->mmval[i] = *m;
			return 0;
		}
	}
	mm_usage(k, t, x, m);
	return 0;
}

uint64_t ktask_total_pages(struct kernel *k);
uint64_t ktask_total_pages(struct kernel *k)
{
	struct ktable *t = table(k);
	return t ? t->totalpages : 0;
}

/* ---- printing ---- */
void tasks_print_header(struct kernel *k, FILE *out, const struct ktask *t)
{
	(void)k;
	char pid[24];
	snprintf(pid, sizeof(pid), "%d", t->pid);
	fprintf(out, "PID: %-8s TASK: %llx  CPU: %-3d  COMMAND: \"%s\"\n", pid,
		(unsigned long long)t->task, t->cpu, t->comm);
}

static const char *long_state(const char *st)
{
	static const struct { const char *s, *l; } m[] = {
		{"RU", "TASK_RUNNING"}, {"IN", "TASK_INTERRUPTIBLE"},
		{"UN", "TASK_UNINTERRUPTIBLE"}, {"ID", "TASK_IDLE"},
		{"ZO", "EXIT_ZOMBIE"}, {"ST", "TASK_STOPPED"}, {"TR", "TASK_TRACED"},
		{"DE", "EXIT_DEAD"}, {"WA", "TASK_WAKING"}, {"PA", "TASK_PARKED"},
		{"NE", "TASK_NEW"},
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(m[i].s, st))
			return m[i].l;
	return "(unknown)";
}

void tasks_print_context(struct kernel *k, FILE *out, uint64_t task)
{
	const struct ktask *t = ktask_by_addr(k, task);
	if (!t) {
		fprintf(out, "   TASK: %llx  (not in the task table)\n", (unsigned long long)task);
		return;
	}
	const struct ktask *p = ktask_panic(k);
	fprintf(out, "    PID: %d\n", t->pid);
	fprintf(out, "COMMAND: \"%s\"\n", t->comm);
	/* task_struct embeds thread_info on x86_64 (THREAD_INFO_IN_TASK) */
	fprintf(out, "   TASK: %llx  [THREAD_INFO: %llx]\n", (unsigned long long)t->task,
		(unsigned long long)t->task);
	fprintf(out, "    CPU: %d\n", t->cpu);
	fprintf(out, "  STATE: %s%s\n", long_state(t->st), p == t ? " (PANIC)" : t->active ? " (ACTIVE)" : "");
}
