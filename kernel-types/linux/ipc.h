/* System V IPC objects of an IPC namespace: shared memory segments,
 * semaphore arrays and message queues, from the idr in each of the
 * namespace's three ipc_ids.  Functions return 0, or -1 (or a read's
 * KREAD_* code: an object the dump left out says so) with err_get(). */
#ifndef CRASH_KERNEL_TYPES_LINUX_IPC_H
#define CRASH_KERNEL_TYPES_LINUX_IPC_H

#include <stdbool.h>
#include <stdint.h>

struct kernel;

enum ipc_kind { IPC_KIND_SEM = 0, IPC_KIND_MSG = 1, IPC_KIND_SHM = 2 }; /* ipc_ids index */

struct ipc_obj {
	enum ipc_kind kind;
	uint64_t addr;		/* shmid_kernel, sem_array or msg_queue */
	int32_t id, key;
	uint32_t uid, gid, cuid, cgid;
	unsigned mode;		/* permission bits plus SHM_DEST/SHM_LOCKED */
	bool deleted;
	/* shm */
	uint64_t segsz, nattch, file, inode;
	/* sem */
	uint64_t nsems;
	/* msg */
	uint64_t cbytes, qnum;
};

/* The IPC namespace of the initial tasks (init_ipc_ns), or of a task. */
int ipc_init_ns(struct kernel *k, uint64_t *ns);
int ipc_task_ns(struct kernel *k, uint64_t task, uint64_t *ns);

/* Every object of one kind in namespace ns, in idr order; cb's non-zero
 * return stops the walk and is returned. */
int ipc_walk(struct kernel *k, uint64_t ns, enum ipc_kind kind,
	     int (*cb)(void *arg, const struct ipc_obj *o), void *arg);

/* Read one object at addr as kind. */
int ipc_read_obj(struct kernel *k, enum ipc_kind kind, uint64_t addr, struct ipc_obj *o);

/* Pages of a shm segment: its size in pages, resident in the page cache,
 * swapped out. */
int ipc_shm_pages(struct kernel *k, const struct ipc_obj *o, uint64_t *alloc, uint64_t *resident,
		  uint64_t *swapped);

#endif
