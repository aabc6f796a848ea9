/* crash_task_wchan(): the API's wait channel of a sleeping task, computed
 * like the kernel's __get_wchan(): unwind the task's stack from its switch
 * frame and skip the frames in scheduler and lock text. */
#include "extensions/crash-api.h"

#include "common/err.h"
#include "kernel-types/stack.h"

static bool in_section(struct kernel *k, const char *start, const char *end, uint64_t pc)
{
	uint64_t lo, hi;

	if (kernel_symbol(k, start, &lo) || kernel_symbol(k, end, &hi))
		return false;
	return pc >= lo && pc < hi;
}

int crash_task_wchan(struct crash_session *s, uint64_t task, uint64_t *pc)
{
	struct kernel *k = crash_kernel(s);
	const struct ktask *t;
	struct kstack_trace tr;
	int rc = -1;

	if (!k) {
		err_set("no dump is open");
		return -1;
	}
	t = ktask_by_addr(k, task);
	if (!t)
		return -1;
	if (t->active || t->exit_state) {
		err_set("task %#llx is %s", (unsigned long long)task,
			t->active ? "running" : "exiting");
		return -1;
	}
	if (kstack_trace_task(k, task, -1, &tr))
		return -1;
	for (int i = 0; i < tr.n; i++) {
		uint64_t ip = tr.frames[i].pc;

		if (tr.frames[i].user)
			break;
		if (in_section(k, "__sched_text_start", "__sched_text_end", ip) ||
		    in_section(k, "__lock_text_start", "__lock_text_end", ip))
			continue;
		*pc = ip;
		rc = 0;
		break;
	}
	if (rc)
		err_set("no frame outside the scheduler on the stack of task %#llx",
			(unsigned long long)task);
	kstack_trace_free(&tr);
	return rc;
}
