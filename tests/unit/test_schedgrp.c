/* The sched walker's helpers of runq -g and -d (ksched_task_on_rq,
 * ksched_task_fair, ksched_group) on the real code: kernel_open() of the
 * "schedgrp" test kernel, plain and with KASLR in a kdump file. */
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/sched.h"
#include "testkernel.h"
#include "tkstart.h"

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("schedgrp", o, what, &k);
	if (!tk)
		return;
	uint64_t fair = tk_symbol(tk, "t_fair"), idle = tk_symbol(tk, "t_idle"),
		 asleep = tk_symbol(tk, "t_asleep");
	CHECK(ksched_task_on_rq(k, fair) == 1 && ksched_task_on_rq(k, idle) == 1 &&
		      ksched_task_on_rq(k, asleep) == 0,
	      "%s: on_rq: the queued and idle tasks, not the sleeping one", what);
	CHECK(ksched_task_fair(k, fair) == 1 && ksched_task_fair(k, idle) == 0,
	      "%s: sched_class: fair_sched_class's task is CFS's, the idle one is not", what);
	CHECK(ksched_task_on_rq(k, 0xdead0000) == -1, "%s: on_rq of an unmapped task: -1 (%s)", what,
	      err_get());
	uint64_t tg = 0;
	char name[64];
	int r = ksched_group(k, tk_symbol(tk, "cfs_machine"), false, &tg, name, sizeof(name));
	CHECK(r == 0 && tg == tk_symbol(tk, "tg_machine") && !strcmp(name, "machine.slice"),
	      "%s: a cfs_rq's task group and its cgroup's name (%s)", what, name);
	r = ksched_group(k, tk_symbol(tk, "rt_machine"), true, &tg, name, sizeof(name));
	CHECK(r == 0 && tg == tk_symbol(tk, "tg_machine") && !strcmp(name, "machine.slice"),
	      "%s: an rt_rq's task group and name", what);
	r = ksched_group(k, tk_symbol(tk, "cfs_root"), false, &tg, name, sizeof(name));
	CHECK(r == 0 && tg == tk_symbol(tk, "root_task_group") && !name[0],
	      "%s: the root group: no cgroup, no name", what);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x7400000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
