/* Networking: network namespaces (struct net), the devices of one
 * (net->dev_base_head, struct net_device linked by dev_list) with their
 * IPv4 addresses (ip_ptr, a struct in_device whose ifa_list chains struct
 * in_ifaddr), and the sockets among a task's open files (an inode that is
 * the vfs_inode of a struct socket_alloc, and the socket's struct sock).
 *
 * The *_check() functions say, before anything is printed, whether this
 * kernel's layout is known; the walkers check it again.  Walkers call fn
 * for each object; a non-zero return of fn stops the walk and is
 * returned.  0, or -1 (or a read's KREAD_* code) with err_get(). */
#ifndef CRASH_KERNEL_TYPES_LINUX_NET_H
#define CRASH_KERNEL_TYPES_LINUX_NET_H

#include <stdint.h>

struct kernel;

/* The initial network namespace (init_net), or that of a task
 * (task->nsproxy->net_ns). */
int net_init_ns(struct kernel *k, uint64_t *ns);
int net_task_ns(struct kernel *k, uint64_t task, uint64_t *ns);

/* IPv4 addresses of one device shown at most: the chain must end. */
#define NET_IFA_MAX 4096

struct net_device_info {
	uint64_t addr;		/* struct net_device */
	char name[32];		/* "?" when unreadable */
	/* its IPv4 addresses (ifa_address), as the kernel stores them:
	 * network order in memory, so the low byte of the value is the
	 * first of the dotted four; valid during the call */
	const uint32_t *ipv4;
	int nipv4;
};

int net_device_check(struct kernel *k);
/* The devices of the namespace struct net at ns, in dev_base_head order. */
int net_device_foreach(struct kernel *k, uint64_t ns,
		       int (*fn)(void *arg, const struct net_device_info *d), void *arg);

struct net_socket {
	unsigned fd;
	uint64_t socket;	/* struct socket */
	uint64_t sk;		/* struct sock, 0 when none */
	unsigned family;	/* AF_*, of sk */
	unsigned type;		/* SOCK_* */
	/* AF_INET (2): local and remote address as stored (see ipv4 above)
	 * and ports in host order */
	uint32_t saddr, daddr;
	unsigned sport, dport;
};

int net_socket_check(struct kernel *k);
/* The sockets among the open files of the files_struct at files, by fd. */
int net_socket_foreach(struct kernel *k, uint64_t files,
		       int (*fn)(void *arg, const struct net_socket *s), void *arg);

/* One entry of the IPv4 neighbour (ARP) cache, arp_tbl. */
struct net_neigh {
	uint64_t addr;		/* struct neighbour */
	uint32_t ip;		/* primary_key, as stored (see ipv4 above) */
	uint8_t ha[32];		/* hardware address, halen bytes of it */
	int halen;		/* the device's addr_len */
	unsigned hwtype;	/* the device's type, ARPHRD_* */
	char dev[32];		/* the device's name */
	unsigned state;		/* nud_state, NUD_* bits */
};
/* The entries of arp_tbl's hash table (nht), bucket by bucket. */
int net_neigh_foreach(struct kernel *k, int (*fn)(void *arg, const struct net_neigh *n), void *arg);

#endif
