/* Task list walk; see ii_tasks.h. */
#include "kernel-types/ii_tasks.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/ipcirq_access.h"

#define MAX_TASKS 4194304 /* PID_MAX_LIMIT: bounds a walk of a looping list */

int ii_task_read(struct kernel *k, uint64_t addr, struct ii_task *t)
{
	long o_pid = ii_offset(k, "struct task_struct", "pid");
	long o_comm = ii_offset(k, "struct task_struct", "comm");
	long o_cpu = ii_offset(k, "struct task_struct", "thread_info.cpu");
	uint64_t v;
	if (o_cpu < 0)
		o_cpu = ii_offset(k, "struct task_struct", "cpu");
	if (o_pid < 0 || o_comm < 0) {
		err_set("kernel has no task_struct.pid/comm");
		return -1;
	}
	memset(t, 0, sizeof *t);
	t->addr = addr;
	if (ii_read_uint(k, addr + (uint64_t)o_pid, 4, &v) < 0 ||
	    ii_read(k, addr + (uint64_t)o_comm, t->comm, sizeof t->comm - 1) < 0)
		return -1;
	t->pid = (int)v;
	if (o_cpu >= 0 && ii_read_uint(k, addr + (uint64_t)o_cpu, 4, &v) == 0)
		t->cpu = (int)v;
	return 0;
}

int ii_task_each(struct kernel *k, int (*cb)(void *arg, const struct ii_task *t), void *arg)
{
	long o_tasks = ii_offset(k, "struct task_struct", "tasks");
	long o_sig = ii_offset(k, "struct task_struct", "signal");
	long o_tn = ii_offset(k, "struct task_struct", "thread_node");
	long o_th = ii_offset(k, "struct signal_struct", "thread_head");
	uint64_t init, p;
	unsigned n = 0;
	if (o_tasks < 0 || o_sig < 0 || o_tn < 0 || o_th < 0 || ii_symbol(k, "init_task", &init) < 0) {
		err_set("kernel has no task list (init_task, tasks, thread_node)");
		return -1;
	}
	uint64_t leader = init;
	do {
		/* Threads of this process through signal->thread_head. */
		uint64_t sig, head, q;
		if (ii_read_u64(k, leader + (uint64_t)o_sig, &sig) < 0)
			return -1;
		head = sig + (uint64_t)o_th;
		if (!sig || ii_read_u64(k, head, &q) < 0) {
			struct ii_task t;
			if (ii_task_read(k, leader, &t) < 0)
				return -1;
			int r = cb(arg, &t);
			if (r)
				return r;
		} else {
			while (q != head) {
				struct ii_task t;
				if (++n > MAX_TASKS) {
					err_set("task list loops");
					return -1;
				}
				if (ii_task_read(k, q - (uint64_t)o_tn, &t) < 0)
					return -1;
				int r = cb(arg, &t);
				if (r)
					return r;
				if (ii_read_u64(k, q, &q) < 0)
					return -1;
			}
		}
		if (ii_read_u64(k, leader + (uint64_t)o_tasks, &p) < 0)
			return -1;
		leader = p - (uint64_t)o_tasks;
		if (++n > MAX_TASKS) {
			err_set("task list loops");
			return -1;
		}
	} while (leader != init);
	return 0;
}

struct find { uint64_t addr; int pid; struct ii_task *out; };

static int match(void *arg, const struct ii_task *t)
{
	struct find *f = arg;
	if ((f->addr && t->addr == f->addr) || (!f->addr && t->pid == f->pid)) {
		if (f->out)
			*f->out = *t;
		return 1;
	}
	return 0;
}

bool ii_is_task(struct kernel *k, uint64_t addr)
{
	struct find f = { addr, 0, NULL };
	return addr && ii_task_each(k, match, &f) == 1;
}

int ii_task_by_pid(struct kernel *k, int pid, struct ii_task *t)
{
	struct find f = { 0, pid, t };
	int r = ii_task_each(k, match, &f);
	if (r == 1)
		return 0;
	if (r == 0)
		err_set("no task with pid %d", pid);
	return -1;
}

void ii_task_header(FILE *out, const struct ii_task *t)
{
	fprintf(out, "PID: %-7d TASK: %llx  CPU: %-3d COMMAND: \"%s\"\n", t->pid, (unsigned long long)t->addr,
		t->cpu, t->comm);
}
