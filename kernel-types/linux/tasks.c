/* The task table (tasks.h): found through the process list, each thread
 * group's thread list and the pid idr of the init pid namespace, plus the
 * per-CPU idle tasks; built once per kernel and kept with it. */
#include "kernel-types/linux/tasks.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/linux/mm.h"
#include "kernel-types/stack.h"
#include "kernel-types/walk.h"
#include "kernel-types/types.h"

/* Guards against damaged lists: no kernel has more tasks than this. */
#define MAX_TASKS (1u << 22)

/* Offsets probed once; -1 when the member does not exist. */
struct toffs {
	long size;			/* sizeof(struct task_struct) */
	long tasks, pid, tgid, comm, mm, real_parent, group_leader;
	long state, state_sz, exit_state, flags, flags_sz, cpu, cpu_sz;
	long signal, thread_node, thread_head, thread_group;
	long last_arrival, policy, prio, real_cred, cred_uid;
	long pid_links, upid_pid_tasks;	/* struct pid: tasks[PIDTYPE_PID] */
	long rq_curr, rq_idle;
	long pid_ns_idr;		/* pid_namespace.idr */
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
	int ncpus;			/* possible CPUs */
	int *active;			/* per cpu: index in t or -1 */
	int *idle;
	int panic;			/* index or -1 */
	struct toffs o;
	uint64_t totalpages;
	/* memory use per mm, computed on first use: threads share it */
	uint64_t *mmkey;
	struct ktask_mem *mmval;
	size_t mmcap;
	struct ktask_unreadable bad;
};

/* The key of the table in kernel_state(). */
static const int table_key;

static int rd(struct kernel *k, uint64_t a, void *b, size_t n)
{
	return kernel_read(k, a, b, n);
}

/* Relocated address of a symbol, 0 if none. */
static uint64_t sym(struct kernel *k, const char *name)
{
	uint64_t a;
	return kernel_symbol(k, name, &a) == 0 ? a : 0;
}

/* sizeof(struct TYPE); -1 if unknown. */
static int type_size(struct kernel *k, const char *type, long *size)
{
	char t[128];
	snprintf(t, sizeof(t), "struct %s", type);
	long sz = kernel_sizeof(k, t);
	if (size)
		*size = sz;
	return sz < 0 ? -1 : 0;
}

/* Offset and size of struct TYPE's member; -1 if there is none. */
static int member(struct kernel *k, const char *type, const char *m, long *off, long *size)
{
	char t[128];
	snprintf(t, sizeof(t), "struct %s", type);
	long o = kernel_offsetof(k, t, m);
	if (o < 0)
		return -1;
	if (off)
		*off = o;
	if (size)
		*size = kernel_member_size(k, t, m);
	return 0;
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
	return member(k, t, m, &off, NULL) ? -1 : off;
}

static long mem_sz(struct kernel *k, const char *t, const char *m, long *sz)
{
	long off;
	*sz = 0;
	return member(k, t, m, &off, sz) ? -1 : off;
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
	uint64_t arr = sym(k, "task_state_array");
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
	if (type_size(k, "task_struct", &o->size) || o->size <= 0 || o->size > (1 << 20)) {
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
	o->pid_ns_idr = mem(k, "pid_namespace", "idr");
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

/* Tasks the walk was pointed at but could not read: each once, with the
 * error of the read. */
struct badset {
	struct aset a;
	int *code;
};

static void bad_add(struct badset *b, uint64_t task, int code)
{
	if (!aset_add(&b->a, task))
		return;
	b->code = xreallocarray(b->code, b->a.cap, sizeof(*b->code));
	b->code[b->a.n - 1] = code;
}

/* What the walks share. */
struct walk {
	struct kernel *k;
	const struct toffs *o;
	struct aset *s;
	struct badset *bad;
	long link;		/* the list_head of the list walked, in a task */
	bool broken;		/* a list walk ended early */
};

/* A task a list reached: kept when its list_head (which the list walk
 * reads next) can be read, else counted as unreadable. */
static int list_task(void *arg, uint64_t task)
{
	struct walk *w = arg;
	uint64_t v;
	int rc = kernel_read_u64(w->k, task + (uint64_t)w->link, &v);
	if (rc)
		bad_add(w->bad, task, rc);
	else
		aset_add(w->s, task);
	return 0;
}

/* The circular list at head (entries have their list_head at off).  A
 * walk that ends early (an unreadable entry, a loop) is done again
 * backwards from head, so that one unreadable entry loses only itself.
 * Entries seen already are normal when lists overlap (a leader is on the
 * process list and its thread list).  from: head is an entry's own
 * list_head (a ring without a separate head). */
static void walk_list(struct walk *w, uint64_t head, long off, bool from)
{
	w->link = off;
	int rc = from ? kwalk_list_from(w->k, head, off, false, list_task, w)
		      : kwalk_list(w->k, head, off, false, list_task, w);
	if (rc) {
		w->broken = true;
		from ? kwalk_list_from(w->k, head, off, true, list_task, w)
		     : kwalk_list(w->k, head, off, true, list_task, w);
	}
}

/* Threads of the group led by leader (signal->thread_head, or the older
 * task->thread_group ring). */
static void walk_threads(struct walk *w, uint64_t leader)
{
	const struct toffs *o = w->o;
	if (o->signal >= 0 && o->thread_head >= 0 && o->thread_node >= 0) {
		uint64_t sig = rd_ptr(w->k, leader + o->signal);
		if (sig)
			walk_list(w, sig + o->thread_head, o->thread_node, false);
	} else if (o->thread_group >= 0) {
		walk_list(w, leader + o->thread_group, o->thread_group, true);
	}
}

/* The pid idr: every struct pid, and through pid->tasks[PIDTYPE_PID] its
 * task. */
static int pid_entry(void *arg, uint64_t index, uint64_t entry)
{
	struct walk *w = arg;
	const struct toffs *o = w->o;
	uint64_t first;
	int32_t pid;
	(void)index;
	if (entry & 3)
		return 0;			/* value entry or retry marker */
	if (kernel_read_u64(w->k, entry + o->upid_pid_tasks, &first) || !first)
		return 0;			/* tasks[0].first */
	uint64_t task = first - o->pid_links;
	int rc = rd(w->k, task + o->pid, &pid, 4);
	if (rc)
		bad_add(w->bad, task, rc);
	else if (pid > 0)
		aset_add(w->s, task);
	return 0;
}

static void walk_pid_idr(struct walk *w)
{
	const struct toffs *o = w->o;
	uint64_t ns = sym(w->k, "init_pid_ns");
	if (!ns || o->pid_ns_idr < 0 || o->pid_links < 0 || o->upid_pid_tasks < 0)
		return;
	/* nodes in pages the dump left out lose only their own pids */
	long lost = 0;
	kwalk_idr_partial(w->k, ns + o->pid_ns_idr, pid_entry, w, &lost);
}

/* A task a known one points at: added when readable, else counted. */
static void found(struct walk *w, uint64_t task)
{
	uint64_t v;
	if (!task || aset_has(w->s, task) || aset_has(&w->bad->a, task))
		return;
	int rc = kernel_read_u64(w->k, task + (uint64_t)w->o->tasks, &v);
	if (rc)
		bad_add(w->bad, task, rc);
	else
		aset_add(w->s, task);
}

/* When pages are missing, the lists break into pieces: an unreadable
 * entry ends a walk, and the backward walk from the head stops at the
 * last one, so what lies between is found through the tasks known so far:
 * their parents and group leaders, the process list on either side of
 * each process (from it, both ways), and each new process's threads. */
static void bridge(struct walk *w, uint64_t head)
{
	const struct toffs *o = w->o;
	struct aset walked = {0};
	for (size_t i = 0; i < w->s->n; i++) {
		uint64_t x = w->s->a[i], p = 0, l = 0, next = 0, prev = 0;
		int32_t pid = -1, tgid = -2;
		if (o->real_parent >= 0)
			kernel_read_u64(w->k, x + o->real_parent, &p);
		if (o->group_leader >= 0)
			kernel_read_u64(w->k, x + o->group_leader, &l);
		found(w, p);
		found(w, l);
		if (rd(w->k, x + o->pid, &pid, 4) || (o->tgid >= 0 && rd(w->k, x + o->tgid, &tgid, 4)))
			continue;
		if (pid != tgid && o->tgid >= 0)
			continue;	/* a thread: not on the process list */
		if (kernel_read_u64(w->k, x + o->tasks, &next) ||
		    kernel_read_u64(w->k, x + o->tasks + 8, &prev))
			continue;
		bool gap = (next != head && !aset_has(w->s, next - o->tasks)) ||
			   (prev != head && !aset_has(w->s, prev - o->tasks));
		if (!aset_add(&walked, x))
			continue;
		walk_threads(w, x);
		if (gap)
			walk_list(w, x + o->tasks, o->tasks, true);
	}
	free(walked.a);
	free(walked.h);
}

/* A task some readable task or a run queue points at (a parent, a
 * leader, curr): counted when it is neither in the set nor readable. */
static void check_pointer(struct walk *w, uint64_t task)
{
	int32_t pid;
	if (!task || aset_has(w->s, task) || aset_has(&w->bad->a, task))
		return;
	int rc = rd(w->k, task + w->o->pid, &pid, 4);
	if (rc)
		bad_add(w->bad, task, rc);
}

/* ---- filling one entry ---- */
/* Reads the task_struct at addr into t.  A task in pages the dump left
 * out is not filled: that read's error is returned; any other failure
 * (a bad pointer) gives an "(unreadable)" entry. */
static int fill(struct kernel *k, const struct toffs *o, struct ktask *t, uint64_t addr,
		unsigned char *buf)
{
	memset(t, 0, sizeof(*t));
	t->task = addr;
	int rc = rd(k, addr, buf, o->size);
	if (rc == KREAD_EXCLUDED || rc == KREAD_NOT_RAM)
		return rc;
	if (rc) {
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
	return 0;
}

static const char *state_name(const struct toffs *o, uint64_t state, uint64_t exit_state)
{
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

const char *ktask_state_name(struct kernel *k, uint64_t state, uint64_t exit_state)
{
	const struct ktable *t = k ? kernel_state(k, &table_key) : NULL;
	struct toffs def;
	if (t)
		return state_name(&t->o, state, exit_state);
	memset(&def, 0, sizeof(def));
	def.b_stopped = 0x4; def.b_traced = 0x8; def.b_dead = 0x10; def.b_zombie = 0x20;
	def.b_parked = 0x40; def.b_task_dead = 0x80; def.b_waking = 0x200;
	def.b_noload = 0x400; def.b_new = 0x800;
	return state_name(&def, state, exit_state);
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

static void free_table(void *p)
{
	struct ktable *t = p;
	if (!t)
		return;
	free(t->t);
	free(t->hash);
	free(t->hidx);
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
	uint64_t nd = sym(k, "node_data");
	long present = mem(k, "pglist_data", "node_present_pages");
	uint64_t sum = 0;
	if (nd && present >= 0) {
		/* node_data[MAX_NUMNODES]: as many entries as the symbol
		 * holds (1024 when its size is unknown) */
		struct kernel_sym si;
		uint64_t ids = 0, ia;
		int nnodes = 1024;
		if (kernel_symbol_info(k, "node_data", &si) == 0 && si.size >= 8 && si.size / 8 < 1024)
			nnodes = (int)(si.size / 8);
		/* kallsyms has no sizes: the kernel's own count of node ids
		 * bounds the table then (entries past it are not pointers) */
		if (kernel_symbol(k, "nr_node_ids", &ia) == 0 && kernel_read_uint(k, ia, 4, &ids) == 0 &&
		    ids >= 1 && ids < (uint64_t)nnodes)
			nnodes = (int)ids;
		for (int i = 0; i < nnodes; i++) {
			uint64_t p = rd_ptr(k, nd + 8ull * i), v = 0;
			if (!p)
				continue;
			if (!rd(k, p + present, &v, 8))
				sum += v;
		}
	} else if ((nd = sym(k, "contig_page_data")) && present >= 0) {
		rd(k, nd + present, &sum, 8);
	}
	if (sum)
		return sum;
	uint64_t a = sym(k, "_totalram_pages");
	if (!a)
		a = sym(k, "totalram_pages");
	if (a)
		rd(k, a, &sum, 8);
	return sum;
}

/* The counts of the tasks that could not be read. */
static void count_bad(struct kernel *k, struct ktable *t, const struct badset *b, bool broken)
{
	struct ktask_unreadable *u = &t->bad;
	const struct dump_info *di = kernel_dump(k) ? dump_get_info(kernel_dump(k)) : NULL;
	memset(u, 0, sizeof(*u));
	for (size_t i = 0; i < b->a.n; i++) {
		if (find_idx(t, b->a.a[i]) >= 0)
			continue;	/* read after all, through another pointer */
		u->n++;
		u->excluded += b->code[i] == KREAD_EXCLUDED;
		u->not_in_dump += b->code[i] == KREAD_NOT_RAM;
	}
	/* Tasks behind the unreadable ones, that no walk could reach: the
	 * kernel's count of its threads says how many (trusted only when
	 * something was missing: it moves with tasks coming and going). */
	uint32_t nr = 0;
	uint64_t a = sym(k, "nr_threads");
	if ((broken || u->n) && a && !rd(k, a, &nr, 4)) {
		long listed = 0;
		for (size_t i = 0; i < t->n; i++)
			listed += !t->t[i].idle;
		if ((long)nr > listed + u->n && (long)nr - listed < (long)MAX_TASKS)
			u->unreached = (long)nr - listed - u->n;
	}
	u->n += u->unreached;
	u->dump_level = di ? di->dump_level : -1;
	/* task_structs come from their slab cache unless the architecture
	 * allocates them itself */
	u->slab = sym(k, "task_struct_cachep") != 0;
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
	uint64_t init = sym(k, "init_task");
	if (!init) {
		err_set("no init_task symbol");
		free_table(t);
		return NULL;
	}
	t->ncpus = kernel_nr_cpus(k);

	struct aset s = {0};
	struct badset bad = {0};
	struct walk w = {k, o, &s, &bad, 0};
	/* Idle tasks first: init_task is CPU 0's; the others come from the
	 * run queues (offline CPUs keep theirs). */
	uint64_t *idle = xcalloc(t->ncpus, sizeof(*idle));
	uint64_t *curr = xcalloc(t->ncpus, sizeof(*curr));
	idle[0] = init;
	for (int c = 0; c < t->ncpus; c++) {
		uint64_t rq;
		if (kernel_percpu_symbol(k, "runqueues", c, &rq))
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
	walk_list(&w, init + o->tasks, o->tasks, false);
	size_t nproc = s.n;
	for (size_t i = 0; i < nproc; i++)
		walk_threads(&w, s.a[i]);
	walk_threads(&w, init);
	/* Cross-check with the pid idr: a task the lists missed (a thread
	 * being set up or torn down) is still shown. */
	walk_pid_idr(&w);
	for (int c = 0; c < t->ncpus; c++)
		if (curr[c] && !aset_has(&s, curr[c]) && curr[c] != idle[c])
			aset_add(&s, curr[c]);
	if (w.broken || bad.a.n)
		bridge(&w, init + o->tasks);

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
		int rc = fill(k, o, &t->t[n], idle[c], buf);
		if (rc) {
			bad_add(&bad, idle[c], rc);
			continue;
		}
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
		int rc = fill(k, o, &t->t[n], s.a[i], buf);
		if (rc) {
			bad_add(&bad, s.a[i], rc);
			continue;
		}
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
		x->st = state_name(o, x->state, x->exit_state);
		/* the tasks these point at exist too */
		check_pointer(&w, x->parent);
		check_pointer(&w, x->group_leader);
	}
	for (int c = 0; c < t->ncpus; c++)
		check_pointer(&w, curr[c]);
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
	int cpu = ktask_panic_cpu(k);
	if (cpu >= 0 && cpu < t->ncpus)
		t->panic = t->active[cpu];
	t->totalpages = total_pages(k);
	count_bad(k, t, &bad, w.broken);
	free(idle);
	free(curr);
	free(s.a);
	free(s.h);
	free(bad.a.a);
	free(bad.a.h);
	free(bad.code);
	return t;
}

static struct ktable *table(struct kernel *k)
{
	if (!k) {
		err_set("no dump is open");
		return NULL;
	}
	struct ktable *t = kernel_state(k, &table_key);
	if (t)
		return t;
	t = build(k);
	if (t)
		kernel_set_state(k, &table_key, t, free_table);
	return t;
}

int ktask_panic_cpu(struct kernel *k)
{
	uint64_t pc = sym(k, "panic_cpu");
	int32_t cpu = -1;
	if (!pc || rd(k, pc, &cpu, 4) || cpu < 0)
		return -1;
	return cpu;
}

int ktask_unreadable(struct kernel *k, struct ktask_unreadable *u)
{
	struct ktable *t = table(k);
	memset(u, 0, sizeof(*u));
	if (!t)
		return -1;
	*u = t->bad;
	return 0;
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

const struct ktask *ktask_active(struct kernel *k, int cpu)
{
	struct ktable *t = table(k);
	if (!t || cpu < 0 || cpu >= t->ncpus || t->active[cpu] < 0) {
		err_set("invalid cpu: %d", cpu);
		return NULL;
	}
	return &t->t[t->active[cpu]];
}

int ktask_set_active(struct kernel *k, uint64_t task)
{
	struct ktable *t = table(k);
	long i = t ? find_idx(t, task) : -1;
	int cpu;

	if (!t)
		return -1;
	if (i < 0) {
		err_set("no task at %#" PRIx64, task);
		return -1;
	}
	cpu = t->t[i].cpu;
	if (cpu < 0 || cpu >= t->ncpus) {
		err_set("task %#" PRIx64 " is on no CPU of the dump (cpu %d)", task, cpu);
		return -1;
	}
	if (t->active[cpu] >= 0)
		t->t[t->active[cpu]].active = false;
	t->active[cpu] = (int)i;
	t->t[i].active = true;
	if (ktask_panic_cpu(k) == cpu)
		t->panic = (int)i;
	return 0;
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
	uint64_t page_kb = arch_get_info(kernel_arch(k))->page_size / 1024;
	m->rss_kb = rss * page_kb;
	m->vsz_kb = vm * page_kb;
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

uint64_t ktask_thread_info(struct kernel *k, uint64_t task)
{
	long off = kernel_offsetof(k, "struct task_struct", "thread_info");
	uint64_t ti = 0;
	if (off >= 0 && kernel_sizeof(k, "struct thread_info") > 0)
		return task + (uint64_t)off;
	if (kernel_read_member(k, task, "struct task_struct", "stack", &ti) != 0)
		return 0;
	return ti;
}

int ktask_stack_end(struct kernel *k, uint64_t task, struct ktask_stack_end *e)
{
	uint64_t lo, hi, tp;
	uint32_t c;
	long cpu_off = kernel_offsetof(k, "struct thread_info", "cpu");
	long toff = kernel_offsetof(k, "struct thread_info", "task");
	uint64_t tinfo = ktask_thread_info(k, task);

	memset(e, 0, sizeof(*e));
	if (kstack_task_stack(k, task, &lo, &hi))
		return 1;	/* an exited task has no stack to overflow */
	if (tinfo == lo && toff >= 0 && !kernel_read_u64(k, tinfo + (uint64_t)toff, &tp) &&
	    tp != task) {
		e->task_bad = true;
		e->task_seen = tp;
	}
	if (tinfo && cpu_off >= 0 && !kernel_read_u32(k, tinfo + (uint64_t)cpu_off, &c) &&
	    (int)c >= kernel_nr_cpus(k)) {
		e->cpu_bad = true;
		e->cpu_seen = c;
	}
	/* STACK_END_MAGIC: the lowest word past thread_info (at the base when
	 * thread_info is in the task) */
	e->magic_addr = tinfo == lo ? lo + (uint64_t)kernel_sizeof(k, "struct thread_info") : lo;
	if (!kernel_read_u64(k, e->magic_addr, &e->magic_seen) &&
	    (uint32_t)e->magic_seen != 0x57AC6E9Du)
		e->magic_bad = true;
	return 0;
}

int ktask_times(struct kernel *k, const struct ktask *t, struct ktask_times *tm)
{
	long st = mem(k, "task_struct", "start_time");
	long ut = mem(k, "task_struct", "utime"), sy = mem(k, "task_struct", "stime");
	memset(tm, 0, sizeof(*tm));
	tm->start_time = st >= 0 ? rd_ptr(k, t->task + st) : 0;
	tm->utime = ut >= 0 ? rd_ptr(k, t->task + ut) : 0;
	tm->stime = sy >= 0 ? rd_ptr(k, t->task + sy) : 0;
	return 0;
}

int ktask_rlimits(struct kernel *k, const struct ktask *t, uint64_t lim[KTASK_NRLIMITS][2])
{
	long sig = mem(k, "task_struct", "signal"), rl = mem(k, "signal_struct", "rlim");
	uint64_t s = sig >= 0 ? rd_ptr(k, t->task + sig) : 0;
	if (!s || rl < 0) {
		err_set("task %llx has no resource limits", (unsigned long long)t->task);
		return -1;
	}
	for (int i = 0; i < KTASK_NRLIMITS; i++) {
		lim[i][0] = lim[i][1] = 0;
		rd(k, s + rl + 16ull * i, lim[i], sizeof(lim[i]));	/* struct rlimit */
	}
	return 0;
}

static void user_strings(struct kernel *k, uint64_t pgd, uint64_t lo, uint64_t hi,
			 struct ktask_strings *ks)
{
	memset(ks, 0, sizeof(*ks));
	if (hi <= lo || hi - lo > (1u << 20)) {
		ks->status = KTASK_STRINGS_UNAVAILABLE;
		return;
	}
	ks->len = hi - lo;
	ks->buf = xmalloc(ks->len + 1);
	if (kernel_read_user(k, pgd, lo, ks->buf, ks->len)) {
		ks->status = KTASK_STRINGS_NOT_IN_DUMP;
		free(ks->buf);
		ks->buf = NULL;
		ks->len = 0;
		return;
	}
	ks->buf[ks->len] = 0;
}

int ktask_args(struct kernel *k, const struct ktask *t, struct ktask_strings *arg,
	       struct ktask_strings *env)
{
	long as = mem(k, "mm_struct", "arg_start"), ae = mem(k, "mm_struct", "arg_end");
	long es = mem(k, "mm_struct", "env_start"), ee = mem(k, "mm_struct", "env_end");
	long pg = mem(k, "mm_struct", "pgd");
	memset(arg, 0, sizeof(*arg));
	memset(env, 0, sizeof(*env));
	if (as < 0 || ae < 0 || es < 0 || ee < 0 || pg < 0) {
		err_set("mm_struct has no arg_start, env_start or pgd");
		return -1;
	}
	uint64_t pgd = rd_ptr(k, t->mm + pg);
	user_strings(k, pgd, rd_ptr(k, t->mm + as), rd_ptr(k, t->mm + ae), arg);
	user_strings(k, pgd, rd_ptr(k, t->mm + es), rd_ptr(k, t->mm + ee), env);
	return 0;
}

uint64_t ktask_total_pages(struct kernel *k)
{
	struct ktable *t = table(k);
	return t ? t->totalpages : 0;
}

/* The types of the symbols read here, for a type source (BTF) that has
 * none for them (ktype_of_symbol). */
static const struct ktype_symbol_decl tasks_symbol_types[] = {
	{ "init_task", "struct task_struct" },
	{ "init_pid_ns", "struct pid_namespace" },
	{ "init_nsproxy", "struct nsproxy" },
	{ "init_files", "struct files_struct" },
	{ "init_fs", "struct fs_struct" },
	{ "init_signals", "struct signal_struct" },
	{ "init_sighand", "struct sighand_struct" },
};
KTYPE_DECLARE_SYMBOLS(tasks_symbol_types)
