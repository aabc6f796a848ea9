/* SysV IPC objects; see ipc.h. */
#include "kernel-types/linux/ipc.h"

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

static const char *const obj_type[] = { "struct sem_array", "struct msg_queue", "struct shmid_kernel" };
static const char *const perm_member[] = { "sem_perm", "q_perm", "shm_perm" };

int ipc_init_ns(struct kernel *k, uint64_t *ns)
{
	if (kernel_symbol(k, "init_ipc_ns", ns) < 0) {
		err_set("kernel has no init_ipc_ns (no SysV IPC?)");
		return -1;
	}
	return 0;
}

int ipc_task_ns(struct kernel *k, uint64_t task, uint64_t *ns)
{
	long o_nsp = kernel_offsetof(k, "struct task_struct", "nsproxy");
	long o_ipc = kernel_offsetof(k, "struct nsproxy", "ipc_ns");
	uint64_t nsp;
	int rc;
	if (o_nsp < 0 || o_ipc < 0)
		return ipc_init_ns(k, ns);
	if ((rc = kernel_read_u64(k, task + (uint64_t)o_nsp, &nsp)) != 0)
		return rc;
	if (!nsp) {
		err_set("task %#llx has no namespaces (exited?)", (unsigned long long)task);
		return -1;
	}
	return kernel_read_u64(k, nsp + (uint64_t)o_ipc, ns);
}

/* A member of size bytes: 0, -1 when the kernel has no such member, or
 * the read's error. */
static int rd(struct kernel *k, uint64_t base, const char *type, const char *member, size_t size, uint64_t *v)
{
	long o = kernel_offsetof(k, type, member);
	if (o < 0) {
		err_set("kernel has no %s.%s", type + 7, member);
		return -1;
	}
	return kernel_read_uint(k, base + (uint64_t)o, size, v);
}

int ipc_read_obj(struct kernel *k, enum ipc_kind kind, uint64_t addr, struct ipc_obj *o)
{
	const char *t = obj_type[kind];
	long po = kernel_offsetof(k, t, perm_member[kind]);
	uint64_t v;
	int rc;
	*o = (struct ipc_obj){ .kind = kind, .addr = addr };
	if (po < 0) {
		err_set("kernel has no %s", t);
		return -1;
	}
	uint64_t p = addr + (uint64_t)po;
	const char *pt = "struct kern_ipc_perm";
	if ((rc = rd(k, p, pt, "id", 4, &v)) != 0)
		return rc;
	o->id = (int32_t)v;
	if ((rc = rd(k, p, pt, "key", 4, &v)) != 0)
		return rc;
	o->key = (int32_t)v;
	if ((rc = rd(k, p, pt, "uid", 4, &v)) != 0)
		return rc;
	o->uid = (uint32_t)v;
	if ((rc = rd(k, p, pt, "gid", 4, &v)) != 0)
		return rc;
	o->gid = (uint32_t)v;
	if (rd(k, p, pt, "cuid", 4, &v) == 0)
		o->cuid = (uint32_t)v;
	if (rd(k, p, pt, "cgid", 4, &v) == 0)
		o->cgid = (uint32_t)v;
	if ((rc = rd(k, p, pt, "mode", 2, &v)) != 0)
		return rc;
	o->mode = (unsigned)v;
	if (rd(k, p, pt, "deleted", 1, &v) == 0)
		o->deleted = v != 0;
	switch (kind) {
	case IPC_KIND_SHM:
		if ((rc = rd(k, addr, t, "shm_segsz", 8, &o->segsz)) != 0 ||
		    (rc = rd(k, addr, t, "shm_nattch", 8, &o->nattch)) != 0 ||
		    (rc = rd(k, addr, t, "shm_file", 8, &o->file)) != 0)
			return rc;
		if (o->file && rd(k, o->file, "struct file", "f_inode", 8, &o->inode) != 0)
			o->inode = 0;
		break;
	case IPC_KIND_SEM:
		if ((rc = rd(k, addr, t, "sem_nsems", 4, &o->nsems)) != 0)
			return rc;
		break;
	case IPC_KIND_MSG:
		if ((rc = rd(k, addr, t, "q_cbytes", 8, &o->cbytes)) != 0 ||
		    (rc = rd(k, addr, t, "q_qnum", 8, &o->qnum)) != 0)
			return rc;
		break;
	}
	return 0;
}

struct walk_ctx {
	struct kernel *k;
	enum ipc_kind kind;
	long perm_off;
	int (*cb)(void *, const struct ipc_obj *);
	void *arg;
};

static int one(void *arg, uint64_t index, uint64_t entry)
{
	struct walk_ctx *c = arg;
	struct ipc_obj o;
	int rc;
	(void)index;
	/* The idr holds kern_ipc_perm pointers, embedded in the object. */
	if ((rc = ipc_read_obj(c->k, c->kind, entry - (uint64_t)c->perm_off, &o)) != 0)
		return rc;
	return c->cb(c->arg, &o);
}

int ipc_walk(struct kernel *k, uint64_t ns, enum ipc_kind kind, int (*cb)(void *arg, const struct ipc_obj *o),
	     void *arg)
{
	long o_ids = kernel_offsetof(k, "struct ipc_namespace", "ids");
	long ids_size = kernel_sizeof(k, "struct ipc_ids");
	long o_idr = kernel_offsetof(k, "struct ipc_ids", "ipcs_idr");
	struct walk_ctx c = { k, kind, kernel_offsetof(k, obj_type[kind], perm_member[kind]), cb, arg };
	if (o_ids < 0 || ids_size <= 0 || o_idr < 0 || c.perm_off < 0) {
		err_set("kernel has no idr-based ipc_namespace.ids");
		return -1;
	}
	/* ids[kind].ipcs_idr */
	uint64_t idr = ns + (uint64_t)o_ids + (uint64_t)kind * (uint64_t)ids_size + (uint64_t)o_idr;
	return kwalk_idr(k, idr, one, &c);
}

int ipc_shm_pages(struct kernel *k, const struct ipc_obj *o, uint64_t *alloc, uint64_t *resident, uint64_t *swapped)
{
	uint64_t mapping = 0;
	/* "Allocated" is the segment's size in pages, as crash shows it
	 * (shmem's own alloced count only covers pages touched so far). */
	*alloc = (o->segsz + 4095) / 4096;
	*resident = *swapped = 0;
	if (!o->inode)
		return 0;
	long vi = kernel_offsetof(k, "struct shmem_inode_info", "vfs_inode");
	if (vi >= 0) {
		uint64_t info = o->inode - (uint64_t)vi, v;
		if (rd(k, info, "struct shmem_inode_info", "swapped", 8, &v) == 0)
			*swapped = v;
	}
	if (rd(k, o->inode, "struct inode", "i_mapping", 8, &mapping) == 0 && mapping)
		rd(k, mapping, "struct address_space", "nrpages", 8, resident);
	return 0;
}
