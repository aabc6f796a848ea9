/* Helpers shared by vm, files and swap; see vmf_common.h. */
#include "commands/vmf_common.h"

#include "kernel-types/tasks.h"

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

int vmf_arg_tasks(struct crash_session *s, const char *arg, uint64_t *tasks, int max)
{
	struct kernel *k = crash_kernel(s);
	const struct ktask *t;

	if (!k || max < 1)
		return 0;
	t = ktask_lookup(k, arg);
	if (!t)
		return 0;
	tasks[0] = t->task;
	return 1;
}

void vmf_task_header(struct crash_session *s, uint64_t task, bool newline)
{
	struct kernel *k = crash_kernel(s);
	const struct ktask *t = k ? ktask_by_addr(k, task) : NULL;

	if (newline)
		fputc('\n', crash_out(s));
	if (t)
		tasks_print_header(k, crash_out(s), t);
	else
		fprintf(crash_out(s), "TASK: %lx\n", (unsigned long)task);
}
