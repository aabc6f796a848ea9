/* task: a task's task_struct; and the task-context hooks of `set`
 * (set PID|TASK, set -c CPU, set -p, the startup context block). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"
#include "json_value.h"

/* ---- hooks for `set` and the shell's startup context ---- */
static int hook_lookup(struct crash_session *s, const char *arg, uint64_t *task)
{
	const struct ktask *t = ktask_lookup(crash_kernel(s), arg);
	if (!t)
		return -1;
	*task = t->task;
	return 0;
}

static int hook_on_cpu(struct crash_session *s, int cpu, uint64_t *task)
{
	const struct ktask *t = ktask_active(crash_kernel(s), cpu);
	if (!t)
		return -1;
	*task = t->task;
	return 0;
}

static int hook_panic(struct crash_session *s, uint64_t *task)
{
	const struct ktask *t = ktask_panic(crash_kernel(s));
	if (!t)
		return -1;
	*task = t->task;
	return 0;
}

static void hook_show(struct crash_session *s, FILE *out, uint64_t task)
{
	crash_print_task_context(s, out, task);
}

static const struct crash_task_hooks hooks = {
	.lookup = hook_lookup,
	.on_cpu = hook_on_cpu,
	.panic_task = hook_panic,
	.show = hook_show,
};

__attribute__((constructor)) static void install_hooks(void)
{
	crash_set_task_hooks(&hooks);
}

/* ---- task ---- */

/* One member of the task_struct, as `task -R` prints it.  Integers in
 * the session radix (or -x / -d), char arrays as strings with octal
 * escapes, the rest in hex words. */
static int print_member(struct crash_session *s, struct kernel *k, FILE *out,
			const struct ktask *t, const char *name, int radix)
{
	long off = kernel_offsetof(k, "struct task_struct", name);
	long size = off < 0 ? -1 : kernel_member_size(k, "struct task_struct", name);
	if (off < 0 || size <= 0 || size > 4096)
		return crash_error(s, "invalid data structure reference: task_struct.%s", name);
	unsigned char *buf = xmalloc(size);
	if (kernel_read(k, t->task + off, buf, size)) {
		free(buf);
		return crash_error(s, "cannot read task_struct.%s: %s", name, err_get());
	}
	const char *leaf = strrchr(name, '.');
	leaf = leaf ? leaf + 1 : name;
	if (!strcmp(leaf, "comm")) {
		fprintf(out, "  %s = \"", leaf);
		for (long i = 0; i < size; i++) {
			if (isprint(buf[i]) && buf[i] != '"' && buf[i] != '\\')
				fputc(buf[i], out);
			else
				fprintf(out, "\\%03o", buf[i]);
		}
		fprintf(out, "\",\n");
	} else if (size == 1 || size == 2 || size == 4 || size == 8) {
		uint64_t v = 0;
		memcpy(&v, buf, size);
		int64_t sv = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : size == 4 ? (int32_t)v : (int64_t)v;
		if (radix == 16)
			fprintf(out, "  %s = 0x%llx,\n", leaf, (unsigned long long)v);
		else
			fprintf(out, "  %s = %lld,\n", leaf, (long long)sv);
	} else {
		fprintf(out, "  %s = {", leaf);
		for (long i = 0; i + 8 <= size; i += 8) {
			uint64_t v;
			memcpy(&v, buf + i, 8);
			fprintf(out, "%s0x%llx", i ? ", " : "", (unsigned long long)v);
		}
		fprintf(out, "},\n");
	}
	free(buf);
	return 0;
}

/* One struct of `type` at addr, whole, as "struct NAME {...}". */
static int print_struct(struct crash_session *s, struct kernel *k, FILE *out, const char *type,
			uint64_t addr, int radix)
{
	struct kqtype t;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	int bad;

	if (ktype_lookup(k, type, &t) != 0)
		return crash_error(s, "%s", err_get());
	/* into memory first: an unreadable struct prints only the error */
	mem = open_memstream(&text, &len);
	if (!mem)
		return crash_error(s, "out of memory");
	bad = tp_value_at(k, mem, t, addr, 0, radix == 16 ? TP_HEX : 0);
	fclose(mem);
	if (bad) {
		free(text);
		return crash_error(s, "%s", err_get());
	}
	fprintf(out, "%s %s\n", type, text);
	free(text);
	return 0;
}

/* task without -R: the task_struct, then its thread_info (inside the
 * task_struct on current x86_64 kernels, at the stack base on old ones). */
static int print_whole(struct crash_session *s, struct kernel *k, FILE *out, uint64_t task,
		       int radix)
{
	if (print_struct(s, k, out, "struct task_struct", task, radix) != 0)
		return -1;
	uint64_t ti = ktask_thread_info(k, task);
	if (!ti)
		return 0;
	fputc('\n', out);
	return print_struct(s, k, out, "struct thread_info", ti, radix);
}

/* ---- task in JSON (commands/json/task.schema.json) ---- */

/* {"type", "value"} of the struct of type at addr; NULL with an error
 * said when it cannot be read. */
static struct json_object *struct_json(struct crash_session *s, struct kernel *k, const char *type,
				       uint64_t addr)
{
	struct kqtype t;
	struct json_object *v = NULL;
	if (ktype_lookup(k, type, &t) != 0 || json_value_at(k, t, addr, -1, &v) != 0) {
		crash_error(s, "%s", err_get());
		return NULL;
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "address", crash_json_addr(addr));
	json_object_object_add(o, "type", json_type_name(t));
	json_object_object_add(o, "value", v);
	return o;
}

/* task -R: {"name": the path, "type", "value"}; NULL with an error. */
static struct json_object *member_json(struct crash_session *s, struct kernel *k,
				       const struct ktask *t, const char *name)
{
	struct kqtype ts;
	struct kmember_ref r;
	if (ktype_lookup(k, "struct task_struct", &ts) != 0 || ktype_member(ts.type, name, &r) != 0) {
		crash_error(s, "invalid data structure reference: task_struct.%s", name);
		return NULL;
	}
	long size = r.bit_size ? (r.bit_offset + r.bit_size + 7) / 8 : ktype_size(r.type.type);
	if (size <= 0 || size > (1 << 20)) {
		crash_error(s, "invalid data structure reference: task_struct.%s", name);
		return NULL;
	}
	unsigned char *buf = xmalloc((size_t)size);
	if (kernel_read(k, t->task + (uint64_t)r.offset, buf, (size_t)size)) {
		free(buf);
		crash_error(s, "cannot read task_struct.%s: %s", name, err_get());
		return NULL;
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "name", crash_json_str(name));
	json_object_object_add(o, "type", json_type_name(r.type));
	json_object_object_add(o, "value", json_value(k, r.type, buf, (size_t)size, r.bit_offset, r.bit_size));
	free(buf);
	return o;
}

static int task_json(struct crash_session *s, struct kernel *k, struct json_object *tasks,
		     const struct ktask *t, char **members, int nm)
{
	struct json_object *o = json_object_new_object();
	int rc = 0;
	json_object_object_add(o, "pid", json_object_new_int(t->pid));
	json_object_object_add(o, "task", crash_json_addr(t->task));
	json_object_object_add(o, "cpu", json_object_new_int(t->cpu));
	json_object_object_add(o, "command", crash_json_str(t->comm));
	if (nm) {
		struct json_object *a = json_object_new_array();
		for (int j = 0; j < nm; j++) {
			struct json_object *m = member_json(s, k, t, members[j]);
			if (m)
				json_object_array_add(a, m);
			else
				rc = -1;
		}
		json_object_object_add(o, "members", a);
	} else {
		struct json_object *ts = struct_json(s, k, "struct task_struct", t->task);
		uint64_t ti = ts ? ktask_thread_info(k, t->task) : 0;
		struct json_object *tj = ti ? struct_json(s, k, "struct thread_info", ti) : NULL;
		json_object_object_add(o, "task_struct", ts);
		json_object_object_add(o, "thread_info", tj);
		if (!ts || (ti && !tj))
			rc = -1;
	}
	json_object_array_add(tasks, o);
	return rc;
}

static int task_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int radix = crash_radix(s), opt, rc = 0;
	char *members[64];
	int nm = 0;
	char *rlist = NULL;

	while ((opt = getopt(argc, argv, "R:xd")) != -1) {
		switch (opt) {
		case 'R':
			free(rlist);
			rlist = xstrdup(optarg);
			break;
		case 'x': radix = 16; break;
		case 'd': radix = 10; break;
		default: free(rlist); return -1; /* getopt said which */
		}
	}
	if (rlist)
		for (char *p = strtok(rlist, ","); p && nm < 64; p = strtok(NULL, ","))
			members[nm++] = p;
	if (ktask_count(k) < 0) {
		free(rlist);
		return crash_error(s, "%s", err_get());
	}

	const struct ktask *cur = NULL;
	int nargs = argc - optind;
	struct json_object *jtasks = crash_json(s) ? json_object_new_array() : NULL;
	for (int i = 0; i < (nargs ? nargs : 1); i++) {
		const struct ktask *t;
		if (nargs) {
			t = ktask_lookup(k, argv[optind + i]);
		} else {
			uint64_t a = crash_current_task(s);
			t = a ? ktask_by_addr(k, a) : ktask_panic(k);
		}
		if (!t) {
			rc = crash_error(s, "%s", err_get());
			continue;
		}
		cur = t;
		if (jtasks) {
			if (task_json(s, k, jtasks, t, members, nm))
				rc = -1;
			continue;
		}
		crash_print_task_header(s, t->task, false);
		if (nm) {
			for (int j = 0; j < nm; j++)
				if (print_member(s, k, out, t, members[j], radix))
					rc = -1;
		} else if (print_whole(s, k, out, t->task, radix) != 0) {
			rc = -1;
		}
		fprintf(out, "\n");
	}
	(void)cur;
	free(rlist);
	if (jtasks) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "tasks", jtasks);
		crash_json_emit(s, d);
	}
	return rc;
}

static const struct crash_cmd task_cmd = {
	.name = "task",
	.run = task_run,
	.summary = "task_struct contents",
	.synopsis = "[-R member[,member]] [-x|-d] [pid | task] ...",
	.description =
		"Shows the task_struct of the current context, or of the tasks given by\n"
		"pid or task_struct address, after crash's one-line task header.\n"
		"\n"
		"  -R member[,member]  only these members (dotted paths allowed)\n"
		"  -x                  integers in hex\n"
		"  -d                  integers in decimal\n"
		"\n"
		"EXAMPLES\n"
		"  crash> task -R pid,comm 1\n"
		"  PID: 1        TASK: ffff888003ac0000  CPU: 0    COMMAND: \"init\"\n"
		"    pid = 1,\n"
		"    comm = \"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\",\n",
	.flags = CMD_NEEDS_KERNEL | CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(task_cmd)
