/* ipcs: System V shared memory, semaphores and message queues of an IPC
 * namespace, in crash's three sections. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "extensions/crash-api.h"

#define SHM_DEST 01000
#define SHM_LOCKED 02000

struct ipcs_ctx {
	struct crash_session *s;
	FILE *out;
	bool detail;		/* -M */
	bool have_sel;		/* an id or address was given */
	int64_t sel_id;		/* -1: none */
	uint64_t sel_addr;
	int shown;
	struct json_object *rows;	/* JSON: the section's objects, else NULL */
};

/* One object in JSON (commands/json/ipcs.schema.json). */
static struct json_object *obj_json(struct ipcs_ctx *c, const struct ipc_obj *o)
{
	struct json_object *j = json_object_new_object();
	json_object_object_add(j, "address", crash_json_addr(o->addr));
	json_object_object_add(j, "key", json_object_new_int64((uint32_t)o->key));
	json_object_object_add(j, "id", json_object_new_int(o->id));
	json_object_object_add(j, "uid", json_object_new_int64(o->uid));
	json_object_object_add(j, "perms", json_object_new_int((int)(o->mode & 0777)));
	switch (o->kind) {
	case IPC_KIND_SHM:
		json_object_object_add(j, "size_bytes", json_object_new_uint64(o->segsz));
		json_object_object_add(j, "nattch", json_object_new_uint64(o->nattch));
		json_object_object_add(j, "destroyed", json_object_new_boolean(o->mode & SHM_DEST));
		json_object_object_add(j, "locked", json_object_new_boolean(o->mode & SHM_LOCKED));
		if (c->detail) {
			uint64_t a = 0, r = 0, sw = 0;
			ipc_shm_pages(crash_kernel(c->s), o, &a, &r, &sw);
			json_object_object_add(j, "allocated_pages", json_object_new_uint64(a));
			json_object_object_add(j, "resident_pages", json_object_new_uint64(r));
			json_object_object_add(j, "swapped_pages", json_object_new_uint64(sw));
			json_object_object_add(j, "inode", crash_json_addr(o->inode));
		}
		break;
	case IPC_KIND_SEM:
		json_object_object_add(j, "nsems", json_object_new_uint64(o->nsems));
		break;
	case IPC_KIND_MSG:
		json_object_object_add(j, "used_bytes", json_object_new_uint64(o->cbytes));
		json_object_object_add(j, "messages", json_object_new_uint64(o->qnum));
		break;
	}
	return j;
}

static const char *const header[] = {
	[IPC_KIND_SHM] = "SHMID_KERNEL     KEY      SHMID      UID   PERMS BYTES      NATTCH STATUS",
	[IPC_KIND_SEM] = "SEM_ARRAY        KEY      SEMID      UID   PERMS NSEMS     ",
	[IPC_KIND_MSG] = "MSG_QUEUE        KEY      MSQID      UID   PERMS USED-BYTES   MESSAGES    ",
};

static int show(void *arg, const struct ipc_obj *o)
{
	struct ipcs_ctx *c = arg;
	if (c->have_sel && !((c->sel_id >= 0 && o->id == c->sel_id) || (c->sel_addr && o->addr == c->sel_addr)))
		return 0;
	if (c->rows) {
		json_object_array_add(c->rows, obj_json(c, o));
		c->shown++;
		return 0;
	}
	fprintf(c->out, "%-16llx %08x %-10d %-5u %-5o ", (unsigned long long)o->addr, (unsigned)o->key, o->id,
		o->uid, o->mode & 0777);
	switch (o->kind) {
	case IPC_KIND_SHM: {
		const char *st = (o->mode & SHM_DEST) ? ((o->mode & SHM_LOCKED) ? "dest locked" : "dest")
						      : ((o->mode & SHM_LOCKED) ? "locked" : "");
		fprintf(c->out, "%-10llu %-7llu %s\n", (unsigned long long)o->segsz, (unsigned long long)o->nattch, st);
		if (c->detail) {
			uint64_t a, r, sw;
			ipc_shm_pages(crash_kernel(c->s), o, &a, &r, &sw);
			fprintf(c->out, "PAGES ALLOCATED/RESIDENT/SWAPPED: %llu/%llu/%llu\n", (unsigned long long)a,
				(unsigned long long)r, (unsigned long long)sw);
			fprintf(c->out, "INODE: %llx\n", (unsigned long long)o->inode);
			fputc('\n', c->out);
		}
		break;
	}
	case IPC_KIND_SEM:
		fprintf(c->out, "%-10llu\n", (unsigned long long)o->nsems);
		break;
	case IPC_KIND_MSG:
		fprintf(c->out, "%-12llu %-12llu\n", (unsigned long long)o->cbytes, (unsigned long long)o->qnum);
		break;
	}
	c->shown++;
	return 0;
}

/* One section, then an empty line; with a selection, nothing at all when
 * it matches nothing in this kind. */
static int section(struct ipcs_ctx *c, uint64_t ns, enum ipc_kind kind)
{
	struct kernel *k = crash_kernel(c->s);
	if (c->have_sel) {
		/* Print the header only if something matches. */
		struct ipcs_ctx probe = *c;
		FILE *null = fopen("/dev/null", "w");
		if (!null)
			return crash_error(c->s, "cannot open /dev/null");
		probe.out = null;
		probe.detail = false;
		probe.shown = 0;
		int r = ipc_walk(k, ns, kind, show, &probe);
		fclose(null);
		if (r < 0)
			return crash_error(c->s, "%s", err_get());
		if (!probe.shown)
			return 0;
	}
	fprintf(c->out, "%s\n", header[kind]);
	int before = c->shown;
	if (ipc_walk(k, ns, kind, show, c) < 0)
		return crash_error(c->s, "%s", err_get());
	/* crash ends every section with an empty line; with -M each segment
	 * already ends with one. */
	if (!(c->detail && kind == IPC_KIND_SHM && c->shown > before))
		fputc('\n', c->out);
	return 0;
}

static int cmd_ipcs(struct crash_session *s, int argc, char **argv)
{
	struct ipcs_ctx c = { .s = s, .out = crash_out(s), .sel_id = -1 };
	bool want[3] = { false, false, false }, any = false;
	const char *nsarg = NULL, *idarg = NULL;
	int opt;
	optind = 0;
	while ((opt = getopt(argc, argv, "smMqn:i:")) != -1) {
		switch (opt) {
		case 's': want[IPC_KIND_SEM] = any = true; break;
		case 'm': want[IPC_KIND_SHM] = any = true; break;
		case 'M': want[IPC_KIND_SHM] = any = true; c.detail = true; break;
		case 'q': want[IPC_KIND_MSG] = any = true; break;
		case 'n': nsarg = optarg; break;
		case 'i': idarg = optarg; break; /* same as a positional id */
		default: return crash_error(s, "usage: ipcs [-smMq] [-n pid|task] [-i id] [id | addr]");
		}
	}
	if (!any)
		want[0] = want[1] = want[2] = true;
	if (optind + 1 < argc || (idarg && optind < argc))
		return crash_error(s, "usage: ipcs [-smMq] [-n pid|task] [-i id] [id | addr]");
	if (!idarg && optind < argc)
		idarg = argv[optind];
	if (idarg) {
		/* crash reads a number as an id when it is decimal and small,
		 * else as an object address. */
		char *end;
		errno = 0;
		unsigned long long v = strtoull(idarg, &end, 0);
		if (*end || errno)
			v = strtoull(idarg, &end, 16);
		if (*end || errno)
			return crash_error(s, "invalid id or address: %s", idarg);
		c.have_sel = true;
		if (v <= 0x7fffffffull)
			c.sel_id = (int64_t)v;
		else
			c.sel_addr = v;
	}
	struct kernel *k = crash_kernel(s);
	uint64_t ns;
	if (nsarg) {
		const struct ktask *t = ktask_lookup(k, nsarg);
		if (!t)
			return crash_error(s, "invalid task or pid value: %s", nsarg);
		if (ipc_task_ns(k, t->task, &ns) < 0)
			return crash_error(s, "%s", err_get());
	} else if (ipc_init_ns(k, &ns) < 0) {
		return crash_error(s, "%s", err_get());
	}
	static const enum ipc_kind order[] = { IPC_KIND_SHM, IPC_KIND_SEM, IPC_KIND_MSG };
	if (crash_json(s)) {
		static const char *const key[] = { [IPC_KIND_SHM] = "shm", [IPC_KIND_SEM] = "sem",
						   [IPC_KIND_MSG] = "msg" };
		struct json_object *d = json_object_new_object();
		int rc = 0;
		json_object_object_add(d, "namespace", crash_json_addr(ns));
		for (int i = 0; i < 3; i++) {
			if (!want[order[i]]) {
				json_object_object_add(d, key[order[i]], NULL);
				continue;
			}
			c.rows = json_object_new_array();
			json_object_object_add(d, key[order[i]], c.rows);
			if (rc == 0 && ipc_walk(k, ns, order[i], show, &c) < 0)
				rc = crash_error(s, "%s", err_get());
		}
		c.rows = NULL;
		if (rc == 0 && c.have_sel && !c.shown) {
			json_object_put(d);
			return crash_error(s, "invalid id or address: %s", idarg);
		}
		crash_json_emit(s, d);
		return rc;
	}
	for (int i = 0; i < 3; i++)
		if (want[order[i]] && section(&c, ns, order[i]) < 0)
			return -1;
	if (c.have_sel && !c.shown)
		return crash_error(s, "invalid id or address: %s", argv[optind]);
	return 0;
}

static const struct crash_cmd ipcs_cmd = {
	.name = "ipcs",
	.run = cmd_ipcs,
	.summary = "System V IPC facilities",
	.synopsis = "ipcs [-smMq] [-n pid|task] [-i id] [id | addr]",
	.description =
		"Lists the System V IPC objects of the initial IPC namespace: shared\n"
		"memory segments (SHMID_KERNEL), semaphore arrays (SEM_ARRAY) and message\n"
		"queues (MSG_QUEUE), with key, id, owner uid, permissions and sizes.\n"
		"  -m  shared memory only      -s  semaphore arrays only\n"
		"  -q  message queues only\n"
		"  -M  shared memory with its pages (allocated/resident/swapped) and inode\n"
		"  -n pid|task  use the IPC namespace of that task\n"
		"  -i id        only the object with this id (same as a bare id)\n"
		"  id | addr    only the object with this id, or at this address\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(ipcs_cmd)
