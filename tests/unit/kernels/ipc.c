/* The "ipc" test kernel, for tests/unit/test_ipc.c: an IPC namespace as
 * 6.1 keeps it, objects in the direct map as slab objects are.
 *
 *   init_ipc_ns.ids[0] (sem): 1 -> sem_1 (3 semaphores), in the idr head
 *   init_ipc_ns.ids[1] (msg): 2 -> msg_2 (27 bytes in 3 messages)
 *   init_ipc_ns.ids[2] (shm): a node: 0 -> shm_0 (64 KiB, no file yet),
 *                             1 -> shm_1 (8 KiB on a shmem file: 1 page
 *                             resident, 1 swapped)
 *   task_other: in another namespace, other_ipc_ns, which is empty
 */
#include "ipc.h"

extern struct sem_array sem_1;
extern struct msg_queue msg_2;
extern struct shmid_kernel shm_0, shm_1;
extern struct xa_node shm_idr_node;

struct ipc_namespace init_ipc_ns = {
	.ids = {
		{ .in_use = 1, .ipcs_idr = { .idr_rt = { .xa_head = &sem_1.sem_perm } } },
		{ .in_use = 1, .ipcs_idr = { .idr_rt = { .xa_head = &msg_2.q_perm } } },
		{ .in_use = 2, .ipcs_idr = { .idr_rt = { .xa_head = XA_NODE(&shm_idr_node) } } },
	},
};

__direct struct xa_node shm_idr_node = {
	.count = 2, .array = &init_ipc_ns.ids[2].ipcs_idr.idr_rt,
	.slots = { &shm_0.shm_perm, &shm_1.shm_perm },
};

#define PERM(id_, key_, uid_, mode_) \
	{ .id = (id_), .key = (key_), .uid = { uid_ }, .gid = { 100 }, .cuid = { uid_ }, \
	  .cgid = { 100 }, .mode = (mode_), .refcount = { { 1 } } }

__direct struct shmid_kernel shm_0 = {
	.shm_perm = PERM(32768, 0x5eed0001, 1000, 0600 | SHM_DEST),
	.shm_nattch = 3, .shm_segsz = 65536,
};

extern struct shmem_inode_info shm_1_info;
__direct struct file shm_1_file = { .f_inode = &shm_1_info.vfs_inode };
__direct struct shmem_inode_info shm_1_info = {
	.alloced = 2, .swapped = 1,
	.vfs_inode = { .i_mode = 0100600, .i_mapping = &shm_1_info.vfs_inode.i_data,
		       .i_data = { .nrpages = 1 } },
};
__direct struct shmid_kernel shm_1 = {
	.shm_perm = PERM(32769, 0x5eed0004, 0, 0640),
	.shm_file = &shm_1_file, .shm_nattch = 1, .shm_segsz = 8192,
};

__direct struct sem_array sem_1 = {
	.sem_perm = PERM(1, 0x5eed0002, 1000, 0644),
	.sem_nsems = 3,
};

__direct struct msg_queue msg_2 = {
	.q_perm = PERM(2, 0x5eed0003, 1000, 0600),
	.q_cbytes = 27, .q_qnum = 3,
};

__direct struct ipc_namespace other_ipc_ns;
__direct struct nsproxy other_nsproxy = { .count = { { 1 } }, .ipc_ns = &other_ipc_ns };
__direct struct task_struct task_other = { .pid = 200, .nsproxy = &other_nsproxy, .comm = "other" };
__direct struct task_struct task_exited = { .pid = 201, .comm = "exited" };
