/* Types of the "net" test kernel (net.c): 6.1's network namespace and
 * devices (include/net/net_namespace.h, linux/netdevice.h, inetdevice.h)
 * and sockets (include/net/sock.h, inet_sock.h, linux/net.h), with the
 * few members of task_struct, nsproxy, files_struct, fdtable, file, dentry
 * and inode that lead from a task to them.  Shared with
 * tests/unit/test_net.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_NET_H
#define CRASH_TESTS_KERNELS_NET_H

#include "tk_kernel.h"

#define IFNAMSIZ 16
#define S_IFSOCK 0140000
#define S_IFREG 0100000

typedef unsigned short umode_t;
typedef u32 __be32;
typedef u16 __be16;

struct in_ifaddr {
	struct hlist_node hash;
	struct in_ifaddr *ifa_next;
	struct in_device *ifa_dev;
	__be32 ifa_local;
	__be32 ifa_address;
	__be32 ifa_mask;
};

struct in_device {
	struct net_device *dev;
	refcount_t refcnt;
	int dead;
	struct in_ifaddr *ifa_list;
};

struct net_device {
	char name[IFNAMSIZ];
	struct hlist_node name_hlist;
	struct list_head dev_list;
	unsigned int flags;
	int ifindex;
	struct in_device *ip_ptr;
	unsigned short type;		/* ARPHRD_* */
	unsigned char addr_len;
};

/* the ARP cache (include/net/neighbour.h) */
struct neighbour {
	struct neighbour *next;
	void *tbl;
	unsigned long confirmed, updated;
	u8 nud_state;
	u8 type;
	u8 dead;
	unsigned char ha[32];
	void *output;
	struct net_device *dev;
	u8 primary_key[0];
};

struct neighbour_v4 {	/* a neighbour with its IPv4 key after it */
	struct neighbour n;
	u32 key;
};

struct neigh_hash_table {
	struct neighbour **hash_buckets;
	unsigned int hash_shift;
};

struct neigh_table {
	int family;
	unsigned int entry_size;
	unsigned int key_len;
	struct neigh_hash_table *nht;
};

struct net {
	refcount_t passive;
	spinlock_t rules_mod_lock;
	struct list_head list;
	struct list_head dev_base_head;
	unsigned int dev_base_seq;
};

struct nsproxy {
	refcount_t count;
	void *uts_ns;
	void *ipc_ns;
	void *mnt_ns;
	void *pid_ns_for_children;
	struct net *net_ns;
};

struct inode {
	umode_t i_mode;
	unsigned short i_opflags;
	unsigned int i_flags;
	unsigned long i_ino;
};

struct dentry {
	unsigned int d_flags;
	struct dentry *d_parent;
	struct inode *d_inode;
};

struct path {
	void *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	const void *f_op;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
	unsigned long *close_on_exec;
	unsigned long *open_fds;
};

struct files_struct {
	atomic_t count;
	struct fdtable *fdt;
};

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	unsigned int skc_hash;
	__be16 skc_dport;
	u16 skc_num;
	unsigned short skc_family;
};

struct sock {
	struct sock_common __sk_common;
	int sk_rcvbuf;
	u16 sk_type;
	u16 sk_protocol;
};

struct inet_sock {
	struct sock sk;
	void *pinet6;
	__be32 inet_saddr;
	s16 uc_ttl;
	__be16 inet_sport;
};

struct socket {
	int state;
	short type;
	unsigned long flags;
	struct file *file;
	struct sock *sk;
};

struct socket_alloc {
	struct socket socket;
	struct inode vfs_inode;
};

struct task_struct {
	unsigned int __state;
	int pid;
	struct nsproxy *nsproxy;
	struct files_struct *files;
	char comm[16];
};

#endif
