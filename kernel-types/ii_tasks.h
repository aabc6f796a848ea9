/* Just enough of the task list for waitq and ipcs -n: every thread from
 * init_task (process list, then each process's threads), a task's pid,
 * comm and CPU, and crash's task header line.  (The tasks helper owns the
 * real task table; these go when it lands.) */
#ifndef CRASH_KERNEL_TYPES_II_TASKS_H
#define CRASH_KERNEL_TYPES_II_TASKS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct kernel;

struct ii_task {
	uint64_t addr;
	int pid;
	int cpu;
	char comm[16];
};

/* Every thread, idle task (pid 0 of CPU 0) first; cb's non-zero return
 * stops the walk and is returned. */
int ii_task_each(struct kernel *k, int (*cb)(void *arg, const struct ii_task *t), void *arg);
int ii_task_read(struct kernel *k, uint64_t addr, struct ii_task *t);
/* Whether addr is a task_struct of the task list. */
bool ii_is_task(struct kernel *k, uint64_t addr);
/* The first task with that pid: 0, or -1 when none. */
int ii_task_by_pid(struct kernel *k, int pid, struct ii_task *t);
/* "PID: n  TASK: addr  CPU: n  COMMAND: "comm"" as crash prints it. */
void ii_task_header(FILE *out, const struct ii_task *t);

#endif
