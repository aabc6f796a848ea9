/* Network namespaces, devices and sockets; see net.h. */
#include "kernel-types/linux/net.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/linux/files.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

#define AF_INET 2

int net_init_ns(struct kernel *k, uint64_t *ns)
{
	if (kernel_symbol(k, "init_net", ns) != 0) {
		err_prefix("no init_net symbol");
		return -1;
	}
	return 0;
}

int net_task_ns(struct kernel *k, uint64_t task, uint64_t *ns)
{
	uint64_t nsproxy;
	int rc;
	if ((rc = kernel_read_member(k, task, "struct task_struct", "nsproxy", &nsproxy)) != 0)
		return rc;
	if (!nsproxy) {
		err_set("task %" PRIx64 " has no nsproxy (it has exited)", task);
		return -1;
	}
	return kernel_read_member(k, nsproxy, "struct nsproxy", "net_ns", ns);
}

/* ---------------- devices ---------------- */

struct dev_layout {
	long head, list, name;
	long ip_ptr, ifa_list, ifa_addr, ifa_next; /* ip_ptr -1: no IPv4 */
};

static int dev_layout(struct kernel *k, struct dev_layout *L)
{
	L->head = kernel_offsetof(k, "struct net", "dev_base_head");
	L->list = kernel_offsetof(k, "struct net_device", "dev_list");
	L->name = kernel_offsetof(k, "struct net_device", "name");
	L->ip_ptr = kernel_offsetof(k, "struct net_device", "ip_ptr");
	L->ifa_list = kernel_offsetof(k, "struct in_device", "ifa_list");
	L->ifa_addr = kernel_offsetof(k, "struct in_ifaddr", "ifa_address");
	L->ifa_next = kernel_offsetof(k, "struct in_ifaddr", "ifa_next");
	if (L->head < 0 || L->list < 0 || L->name < 0) {
		err_set("this kernel's net/net_device layout is not known");
		return -1;
	}
	if (L->ifa_list < 0 || L->ifa_addr < 0 || L->ifa_next < 0)
		L->ip_ptr = -1; /* no IPv4: names only */
	return 0;
}

int net_device_check(struct kernel *k)
{
	struct dev_layout L;
	return dev_layout(k, &L);
}

struct dev_walk {
	struct kernel *k;
	const struct dev_layout *L;
	uint32_t *ipv4;
	int nipv4;
	int (*fn)(void *arg, const struct net_device_info *d);
	void *arg;
};

static int one_ifa(void *arg, uint64_t ifa)
{
	struct dev_walk *w = arg;
	uint32_t a;
	if (kernel_read_u32(w->k, ifa + (uint64_t)w->L->ifa_addr, &a) != 0)
		return -1;
	w->ipv4[w->nipv4++] = a;
	return w->nipv4 >= NET_IFA_MAX;
}

static int one_dev(void *arg, uint64_t dev)
{
	struct dev_walk *w = arg;
	struct net_device_info d = { .addr = dev };
	uint64_t indev = 0, ifa = 0;

	if (kernel_read_string(w->k, dev + (uint64_t)w->L->name, d.name, 17) < 0)
		snprintf(d.name, sizeof(d.name), "?");
	/* the addresses read before a break in the chain are kept */
	w->nipv4 = 0;
	if (w->L->ip_ptr >= 0 && kernel_read_u64(w->k, dev + (uint64_t)w->L->ip_ptr, &indev) == 0 &&
	    indev && kernel_read_u64(w->k, indev + (uint64_t)w->L->ifa_list, &ifa) == 0 && ifa)
		kwalk_chain(w->k, ifa, w->L->ifa_next, 0, one_ifa, w);
	d.ipv4 = w->ipv4;
	d.nipv4 = w->nipv4;
	return w->fn(w->arg, &d);
}

int net_device_foreach(struct kernel *k, uint64_t ns,
		       int (*fn)(void *arg, const struct net_device_info *d), void *arg)
{
	struct dev_layout L;
	if (dev_layout(k, &L) != 0)
		return -1;
	struct dev_walk w = { .k = k, .L = &L, .fn = fn, .arg = arg,
			      .ipv4 = xcalloc(NET_IFA_MAX, sizeof(uint32_t)) };
	int rc = kwalk_list(k, ns + (uint64_t)L.head, L.list, false, one_dev, &w);
	free(w.ipv4);
	if (rc < 0)
		err_prefix("net device list");
	return rc;
}

/* ---------------- sockets ---------------- */

struct sock_layout {
	long f_inode, f_dentry, d_inode, i_mode, i_mode_size, vfs_inode, socket_sk;
	long family, type, daddr, rcv_saddr, dport, sport;
};

static int sock_layout(struct kernel *k, struct sock_layout *o)
{
	o->f_inode = kernel_offsetof(k, "struct file", "f_inode");
	o->f_dentry = kernel_offsetof(k, "struct file", "f_path.dentry");
	o->d_inode = kernel_offsetof(k, "struct dentry", "d_inode");
	o->i_mode = kernel_offsetof(k, "struct inode", "i_mode");
	o->i_mode_size = kernel_member_size(k, "struct inode", "i_mode");
	o->vfs_inode = kernel_offsetof(k, "struct socket_alloc", "vfs_inode");
	o->socket_sk = kernel_offsetof(k, "struct socket", "sk");
	o->family = kernel_offsetof(k, "struct sock", "__sk_common.skc_family");
	o->type = kernel_offsetof(k, "struct sock", "sk_type");
	o->daddr = kernel_offsetof(k, "struct sock", "__sk_common.skc_daddr");
	o->rcv_saddr = kernel_offsetof(k, "struct sock", "__sk_common.skc_rcv_saddr");
	o->dport = kernel_offsetof(k, "struct sock", "__sk_common.skc_dport");
	o->sport = kernel_offsetof(k, "struct inet_sock", "inet_sport");
	if ((o->f_inode < 0 && (o->f_dentry < 0 || o->d_inode < 0)) || o->i_mode < 0 ||
	    o->vfs_inode < 0 || o->socket_sk < 0 || o->family < 0 || o->type < 0) {
		err_set("this kernel's socket/sock layout is not known");
		return -1;
	}
	return 0;
}

int net_socket_check(struct kernel *k)
{
	struct sock_layout o;
	return sock_layout(k, &o);
}

/* The inode of an open file: f_inode, or f_path.dentry->d_inode. */
static uint64_t file_inode(struct kernel *k, const struct sock_layout *o, uint64_t file)
{
	uint64_t inode = 0, dentry = 0;
	if (o->f_inode >= 0) {
		if (kernel_read_u64(k, file + (uint64_t)o->f_inode, &inode) == 0 && inode)
			return inode;
	}
	if (o->f_dentry < 0 || o->d_inode < 0 ||
	    kernel_read_u64(k, file + (uint64_t)o->f_dentry, &dentry) != 0 || !dentry ||
	    kernel_read_u64(k, dentry + (uint64_t)o->d_inode, &inode) != 0)
		return 0;
	return inode;
}

/* A member that may be absent (then 0), read errors as 0 too. */
static uint64_t rd(struct kernel *k, uint64_t addr, long off, size_t size)
{
	uint64_t v = 0;
	if (off >= 0)
		kernel_read_uint(k, addr + (uint64_t)off, size, &v);
	return v;
}

static unsigned ntohs16(uint64_t v)
{
	return (unsigned)(((v & 0xff) << 8) | ((v >> 8) & 0xff));
}

struct sock_walk {
	struct kernel *k;
	const struct sock_layout *o;
	int (*fn)(void *arg, const struct net_socket *s);
	void *arg;
};

static int one_file(void *arg, unsigned fd, uint64_t file)
{
	struct sock_walk *w = arg;
	struct kernel *k = w->k;
	const struct sock_layout *o = w->o;
	uint64_t inode = file_inode(k, o, file), mode = 0;
	struct net_socket s = { .fd = fd };

	if (!inode || kernel_read_uint(k, inode + (uint64_t)o->i_mode, (size_t)o->i_mode_size, &mode) != 0)
		return 0;
	if ((mode & 0170000) != 0140000) /* S_ISSOCK */
		return 0;
	/* the inode is the vfs_inode of a struct socket_alloc */
	s.socket = inode - (uint64_t)o->vfs_inode;
	kernel_read_u64(k, s.socket + (uint64_t)o->socket_sk, &s.sk);
	if (s.sk) {
		s.family = (unsigned)rd(k, s.sk, o->family, 2);
		s.type = (unsigned)rd(k, s.sk, o->type, 2);
	}
	if (s.sk && s.family == AF_INET) {
		s.saddr = (uint32_t)rd(k, s.sk, o->rcv_saddr, 4);
		s.daddr = (uint32_t)rd(k, s.sk, o->daddr, 4);
		/* ports are in network order */
		s.sport = ntohs16(rd(k, s.sk, o->sport, 2));
		s.dport = ntohs16(rd(k, s.sk, o->dport, 2));
	}
	return w->fn(w->arg, &s);
}

int net_socket_foreach(struct kernel *k, uint64_t files,
		       int (*fn)(void *arg, const struct net_socket *s), void *arg)
{
	struct sock_layout o;
	if (sock_layout(k, &o) != 0)
		return -1;
	struct sock_walk w = { .k = k, .o = &o, .fn = fn, .arg = arg };
	return fdtable_foreach(k, files, one_file, &w);
}

/* ---------------- the ARP cache ---------------- */

int net_neigh_foreach(struct kernel *k, int (*fn)(void *arg, const struct net_neigh *n), void *arg)
{
	uint64_t tbl, nht, buckets, shift;
	int rc;
	if (kernel_symbol(k, "arp_tbl", &tbl) != 0) {
		err_set("arp_tbl does not exist in this kernel");
		return -1;
	}
	long o_next = kernel_offsetof(k, "struct neighbour", "next"),
	     o_key = kernel_offsetof(k, "struct neighbour", "primary_key"),
	     o_ha = kernel_offsetof(k, "struct neighbour", "ha"),
	     o_dev = kernel_offsetof(k, "struct neighbour", "dev"),
	     o_nud = kernel_offsetof(k, "struct neighbour", "nud_state"),
	     o_dname = kernel_offsetof(k, "struct net_device", "name"),
	     o_dtype = kernel_offsetof(k, "struct net_device", "type"),
	     o_dlen = kernel_offsetof(k, "struct net_device", "addr_len");
	if (o_next < 0 || o_key < 0 || o_ha < 0 || o_dev < 0 || o_nud < 0 || o_dname < 0 ||
	    o_dtype < 0 || o_dlen < 0 ||
	    kernel_offsetof(k, "struct neigh_hash_table", "hash_buckets") < 0) {
		err_set("this kernel's struct neighbour / neigh_hash_table layout is not known");
		return -1;
	}
	if ((rc = kernel_read_member(k, tbl, "struct neigh_table", "nht", &nht)))
		return rc;
	if (!nht)
		return 0;
	if ((rc = kernel_read_member(k, nht, "struct neigh_hash_table", "hash_buckets", &buckets)) ||
	    (rc = kernel_read_member(k, nht, "struct neigh_hash_table", "hash_shift", &shift)))
		return rc;
	if (shift > 24) {
		err_set("arp_tbl: hash_shift %" PRIu64 " is not believable", shift);
		return -1;
	}
	unsigned long steps = 0;
	for (uint64_t b = 0; b < (1ull << shift); b++) {
		uint64_t n;
		if ((rc = kernel_read_u64(k, buckets + b * 8, &n)))
			return rc;
		/* Brent's loop detection along the chain: the tortoise jumps to
		 * the hare at each power of two */
		uint64_t tortoise = n;
		unsigned long power = 1, lam = 0;
		for (; n; steps++) {
			if (steps > KWALK_MAX_STEPS) {
				err_set("arp_tbl: more than %u neighbours", KWALK_MAX_STEPS);
				return -1;
			}
			struct net_neigh e = { .addr = n };
			uint64_t dev = 0, v;
			if ((rc = kernel_read_u32(k, n + (uint64_t)o_key, &e.ip)) ||
			    (rc = kernel_read(k, n + (uint64_t)o_ha, e.ha, sizeof(e.ha))) ||
			    (rc = kernel_read_uint(k, n + (uint64_t)o_nud, 1, &v)) ||
			    (rc = kernel_read_u64(k, n + (uint64_t)o_dev, &dev)))
				return rc;
			e.state = (unsigned)v;
			if (dev) {
				if (kernel_read_string(k, dev + (uint64_t)o_dname, e.dev, sizeof(e.dev)) < 0)
					snprintf(e.dev, sizeof(e.dev), "?");
				if (!kernel_read_member(k, dev, "struct net_device", "type", &v))
					e.hwtype = (unsigned)v;
				if (!kernel_read_member(k, dev, "struct net_device", "addr_len", &v))
					e.halen = v > sizeof(e.ha) ? (int)sizeof(e.ha) : (int)v;
			}
			if ((rc = fn(arg, &e)))
				return rc;
			uint64_t next;
			if ((rc = kernel_read_u64(k, n + (uint64_t)o_next, &next)))
				return rc;
			if (next && next == tortoise) {
				err_set("arp_tbl: bucket %" PRIu64 ": the neighbour chain loops at %" PRIx64, b, next);
				return -1;
			}
			if (++lam == power) {
				tortoise = next;
				power *= 2;
				lam = 0;
			}
			n = next;
		}
	}
	return 0;
}
