/* The "net" test kernel, for tests/unit/test_net.c.
 *
 *   init_net: lo (127.0.0.1), eth0 (10.0.2.15 and 192.168.7.1),
 *             dummy0 (no in_device)
 *   task_net: in other_net (one device, veth1); open files: 0 a regular
 *             file, 3 a UNIX stream socket, 4 a TCP socket
 *             127.0.0.1:7777 -> 10.0.2.2:443, 6 a socket with no sock
 */
#include "net.h"

/* an IPv4 address as the kernel stores it: network order in memory */
#define IP(a, b, c, d) ((__be32)((a) | (b) << 8 | (c) << 16 | (u32)(d) << 24))
#define PORT(p) ((__be16)(((p) >> 8) | ((p) & 0xff) << 8))

extern struct net_device dev_lo, dev_eth0, dev_dummy0, dev_veth1;
extern struct in_ifaddr ifa_eth0_b;

struct net init_net = { .dev_base_head = LIST_NODE(&dev_lo.dev_list, &dev_dummy0.dev_list) };
__direct struct in_ifaddr ifa_lo = { .ifa_local = IP(127, 0, 0, 1), .ifa_address = IP(127, 0, 0, 1) };
__direct struct in_device in_lo = { .dev = &dev_lo, .ifa_list = &ifa_lo };
__direct struct in_ifaddr ifa_eth0 = { .ifa_next = &ifa_eth0_b, .ifa_address = IP(10, 0, 2, 15) };
__direct struct in_ifaddr ifa_eth0_b = { .ifa_address = IP(192, 168, 7, 1) };
__direct struct in_device in_eth0 = { .dev = &dev_eth0, .ifa_list = &ifa_eth0 };
__direct struct net_device dev_lo = {
	.name = "lo", .dev_list = LIST_NODE(&dev_eth0.dev_list, &init_net.dev_base_head),
	.ip_ptr = &in_lo, .type = 772,
};
__direct struct net_device dev_eth0 = {
	.name = "eth0", .dev_list = LIST_NODE(&dev_dummy0.dev_list, &dev_lo.dev_list),
	.ip_ptr = &in_eth0, .type = 1, .addr_len = 6,
};
__direct struct net_device dev_dummy0 = {
	.name = "dummy0", .dev_list = LIST_NODE(&init_net.dev_base_head, &dev_eth0.dev_list),
};

extern struct net other_net;
__direct struct net_device dev_veth1 = {
	.name = "veth1", .dev_list = LIST_NODE(&other_net.dev_base_head, &other_net.dev_base_head),
};
__direct struct net other_net = { .dev_base_head = LIST_NODE(&dev_veth1.dev_list, &dev_veth1.dev_list) };
__direct struct nsproxy other_nsproxy = { .count = { { 1 } }, .net_ns = &other_net };

__direct struct inode reg_inode = { .i_mode = S_IFREG | 0644 };
__direct struct dentry reg_dentry = { .d_inode = &reg_inode };
__direct struct file file_reg = { .f_path = { .dentry = &reg_dentry }, .f_inode = &reg_inode };

__direct struct sock sk_unix = { .__sk_common = { .skc_family = 1 }, .sk_type = 1 };
__direct struct inet_sock sk_tcp = {
	.sk = { .__sk_common = { .skc_daddr = IP(10, 0, 2, 2), .skc_rcv_saddr = IP(127, 0, 0, 1),
				 .skc_dport = PORT(443), .skc_num = 7777, .skc_family = 2 },
		.sk_type = 1, .sk_protocol = 6 },
	.inet_sport = PORT(7777),
};
__direct struct socket_alloc sa_unix = { .socket = { .sk = &sk_unix }, .vfs_inode = { .i_mode = S_IFSOCK | 0777 } };
__direct struct socket_alloc sa_tcp = { .socket = { .sk = &sk_tcp.sk }, .vfs_inode = { .i_mode = S_IFSOCK | 0777 } };
__direct struct socket_alloc sa_none = { .vfs_inode = { .i_mode = S_IFSOCK | 0777 } };
/* the socket files find their inode through f_path.dentry only */
__direct struct dentry d_unix = { .d_inode = &sa_unix.vfs_inode };
__direct struct file file_unix = { .f_path = { .dentry = &d_unix } };
__direct struct file file_tcp = { .f_inode = &sa_tcp.vfs_inode };
__direct struct file file_none = { .f_inode = &sa_none.vfs_inode };

__direct struct file *fd_array[8] = { &file_reg, 0, 0, &file_unix, &file_tcp, 0, &file_none };
__direct unsigned long open_fds[1] = { 1 << 0 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 };
__direct struct fdtable fdt_net = { .max_fds = 8, .fd = fd_array, .open_fds = open_fds };
__direct struct files_struct files_net = { .count = { 1 }, .fdt = &fdt_net };
__direct struct task_struct task_net = {
	.pid = 400, .nsproxy = &other_nsproxy, .files = &files_net, .comm = "netd",
};
__direct struct task_struct task_exited = { .pid = 401, .comm = "gone" };

/* arp_tbl, two buckets: 10.0.0.1 (eth0, REACHABLE) chained to 10.0.0.2
 * (eth0, STALE); then 127.0.0.1 (lo, NOARP) */
extern struct neighbour_v4 nb_a, nb_b, nb_lo;
__direct struct neighbour_v4 nb_a = { .n = { .next = &nb_b.n, .nud_state = 0x02, .dev = &dev_eth0,
					     .ha = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 } },
				      .key = IP(10, 0, 0, 1) };
__direct struct neighbour_v4 nb_b = { .n = { .nud_state = 0x04, .dev = &dev_eth0,
					     .ha = { 0x52, 0x54, 0, 0xab, 0xcd, 0xef } },
				      .key = IP(10, 0, 0, 2) };
__direct struct neighbour_v4 nb_lo = { .n = { .nud_state = 0x40, .dev = &dev_lo }, .key = IP(127, 0, 0, 1) };
__direct struct neighbour *arp_buckets[2] = { &nb_a.n, &nb_lo.n };
__direct struct neigh_hash_table arp_nht = { .hash_buckets = arp_buckets, .hash_shift = 1 };
struct neigh_table arp_tbl = { .family = 2, .key_len = 4, .nht = &arp_nht };
