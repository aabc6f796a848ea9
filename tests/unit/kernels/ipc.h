/* Types of the "ipc" test kernel (ipc.c): 6.1's System V IPC objects
 * (include/linux/ipc.h, ipc_namespace.h, ipc/shm.c, sem.c, msg.c) and the
 * few members of file, inode, address_space, shmem_inode_info, nsproxy and
 * task_struct that kernel-types/linux/ipc.c reads.  Shared with
 * tests/unit/test_ipc.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_IPC_H
#define CRASH_TESTS_KERNELS_IPC_H

#include "tk_kernel.h"

typedef int key_t;
typedef unsigned short umode_t;

typedef long long time64_t;
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;

#define SHM_DEST 01000

struct kern_ipc_perm {
	spinlock_t lock;
	_Bool deleted;
	int id;
	key_t key;
	kuid_t uid;
	kgid_t gid;
	kuid_t cuid;
	kgid_t cgid;
	umode_t mode;
	unsigned long seq;
	void *security;
	struct rcu_head rcu;
	refcount_t refcount;
} __attribute__((aligned(64)));

struct ipc_ids {
	int in_use;
	unsigned short seq;
	struct idr ipcs_idr;
	int max_idx;
	int last_idx;
	int next_id;
};

struct ipc_namespace {
	struct ipc_ids ids[3];	/* sem, msg, shm */
	int sem_ctls[4];
	int used_sems;
	unsigned int msg_ctlmax;
};

struct address_space {
	struct xarray i_pages;
	unsigned long nrpages;
};

struct inode {
	umode_t i_mode;
	unsigned int i_flags;
	struct address_space *i_mapping;
	unsigned long i_ino;
	struct address_space i_data;
};

struct file {
	void *f_path[2];
	struct inode *f_inode;
	const void *f_op;
};

struct shmem_inode_info {
	spinlock_t lock;
	unsigned int seals;
	unsigned long flags;
	unsigned long alloced;
	unsigned long swapped;
	struct inode vfs_inode;
};

struct shmid_kernel {
	struct kern_ipc_perm shm_perm;
	struct file *shm_file;
	unsigned long shm_nattch;
	unsigned long shm_segsz;
	time64_t shm_atim;
	time64_t shm_dtim;
	time64_t shm_ctim;
};

struct sem_array {
	struct kern_ipc_perm sem_perm;
	time64_t sem_ctime;
	struct list_head pending_alter;
	struct list_head pending_const;
	struct list_head list_id;
	int sem_nsems;
	int complex_count;
	unsigned int use_global_lock;
};

struct msg_queue {
	struct kern_ipc_perm q_perm;
	time64_t q_stime;
	time64_t q_rtime;
	time64_t q_ctime;
	unsigned long q_cbytes;
	unsigned long q_qnum;
	unsigned long q_qbytes;
};

struct nsproxy {
	refcount_t count;
	void *uts_ns;
	struct ipc_namespace *ipc_ns;
	void *mnt_ns;
};

struct task_struct {
	unsigned int __state;
	int pid;
	struct nsproxy *nsproxy;
	char comm[16];
};

#endif
