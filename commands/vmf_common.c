/* Helpers shared by vm, files and swap; see vmf_common.h. */
#include "commands/vmf_common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/vmf_access.h"

char *vmf_field(char *out, size_t outlen, int width, enum vmf_just j, const char *s)
{
	int len = (int)strlen(s), extra = width - len, left = 0, right = 0;
	if (extra <= 0) {
		snprintf(out, outlen, "%s", s);
		return out;
	}
	switch (j) {
	case VMF_LEFT: right = extra; break;
	case VMF_RIGHT: left = extra; break;
	case VMF_CENTER_L: left = extra / 2; right = extra - left; break;
	case VMF_CENTER_R: right = extra / 2; left = extra - right; break;
	}
	snprintf(out, outlen, "%*s%s%*s", left, "", s, right, "");
	return out;
}

char *vmf_hexfield(char *out, size_t outlen, int width, enum vmf_just j, uint64_t v)
{
	char b[24];
	snprintf(b, sizeof(b), "%llx", (unsigned long long)v);
	return vmf_field(out, outlen, width, j, b);
}

bool vmf_parse_hex(const char *s, uint64_t *v)
{
	char *end;
	if (!s || !*s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!isxdigit((unsigned char)*s))
		return false;
	*v = strtoull(s, &end, 16);
	return *end == 0;
}

/* ---- tasks ----
 * Until the task table's API is merged, tasks are found here by walking
 * init_task.tasks and each thread group. */

struct tl {
	long tasks, pid, comm, signal, thread_head, thread_node, cpu;
};

static int tl_get(struct kernel *k, struct tl *l)
{
	l->tasks = vmf_offset(k, "struct task_struct", "tasks");
	l->pid = vmf_offset(k, "struct task_struct", "pid");
	l->comm = vmf_offset(k, "struct task_struct", "comm");
	l->signal = vmf_offset(k, "struct task_struct", "signal");
	l->thread_head = vmf_offset(k, "struct signal_struct", "thread_head");
	l->thread_node = vmf_offset(k, "struct task_struct", "thread_node");
	l->cpu = vmf_offset(k, "struct task_struct", "cpu");
	if (l->cpu < 0)
		l->cpu = vmf_offset(k, "struct task_struct", "thread_info.cpu");
	if (l->tasks < 0 || l->pid < 0 || l->comm < 0) {
		err_set("kernel has no task_struct layout this code knows");
		return -1;
	}
	return 0;
}

/* Call fn on every thread of every process; stops on non-zero. */
static int each_task(struct kernel *k, int (*fn)(void *arg, uint64_t task), void *arg)
{
	struct tl l;
	uint64_t init, p, head;
	unsigned n = 0;
	int rc;
	if (tl_get(k, &l) < 0 || vmf_symbol(k, "init_task", &init) < 0)
		return -1;
	if ((rc = fn(arg, init)))
		return rc;
	head = init + (uint64_t)l.tasks;
	if (vmf_read_u64(k, head, &p) < 0)
		return -1;
	while (p && p != head && n++ < 1000000) {
		uint64_t t = p - (uint64_t)l.tasks, sig, th, q;
		unsigned m = 0;
		if (l.signal >= 0 && l.thread_head >= 0 && l.thread_node >= 0 &&
		    vmf_read_u64(k, t + l.signal, &sig) == 0 && sig) {
			th = sig + (uint64_t)l.thread_head;
			if (vmf_read_u64(k, th, &q) == 0)
				while (q && q != th && m++ < 100000) {
					if ((rc = fn(arg, q - (uint64_t)l.thread_node)))
						return rc;
					if (vmf_read_u64(k, q, &q) < 0)
						break;
				}
		}
		if (!m && (rc = fn(arg, t)))
			return rc;
		if (vmf_read_u64(k, p, &p) < 0)
			return -1;
	}
	return 0;
}

struct pid_find {
	struct kernel *k;
	long o_pid;
	uint32_t pid;
	uint64_t *tasks;
	int n, max;
};

static int pid_match(void *arg, uint64_t task)
{
	struct pid_find *f = arg;
	uint32_t pid;
	if (vmf_read_u32(f->k, task + f->o_pid, &pid) == 0 && pid == f->pid && f->n < f->max)
		f->tasks[f->n++] = task;
	return 0;
}

int vmf_arg_tasks(struct crash_session *s, const char *arg, uint64_t *tasks, int max)
{
	struct kernel *k = crash_kernel(s);
	char *end;
	uint64_t v;
	if (!k)
		return 0;
	v = strtoull(arg, &end, 10);
	if (*arg && !*end && v < 0x400000) {
		struct pid_find f = { k, vmf_offset(k, "struct task_struct", "pid"), (uint32_t)v,
				      tasks, 0, max };
		if (f.o_pid < 0 || each_task(k, pid_match, &f) < 0)
			return 0;
		if (!f.n)
			err_set("no task with pid %llu", (unsigned long long)v);
		return f.n;
	}
	if (vmf_parse_hex(arg, &v)) {
		tasks[0] = v;
		return max > 0 ? 1 : 0;
	}
	err_set("invalid task or pid value: %s", arg);
	return 0;
}

void vmf_task_header(struct crash_session *s, uint64_t task, bool newline)
{
	struct kernel *k = crash_kernel(s);
	struct tl l;
	uint32_t pid = 0, cpu = 0;
	char comm[17] = "", cpus[16], a[32];
	if (k && tl_get(k, &l) == 0) {
		vmf_read_u32(k, task + l.pid, &pid);
		vmf_read(k, task + l.comm, comm, 16);
		if (l.cpu >= 0)
			vmf_read_u32(k, task + l.cpu, &cpu);
	}
	snprintf(cpus, sizeof(cpus), "%u", cpu);
	fprintf(crash_out(s), "%sPID: %-7u  TASK: %s  CPU: %-3s  COMMAND: \"%s\"\n",
		newline ? "\n" : "", pid, vmf_hexfield(a, sizeof(a), VMF_ADDR_W, VMF_LEFT, task),
		cpus, comm);
}
