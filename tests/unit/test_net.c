/* The networking walker (kernel-types/linux/net.c) on the real code:
 * kernel_open() of the "net" test kernel (tests/unit/kernels/net.c),
 * plain and with KASLR in a kdump file: the devices of init_net and of a
 * task's namespace with their IPv4 addresses, the sockets among a task's
 * open files (through f_inode or f_path.dentry) with family, type,
 * addresses and ports, and an address chain that breaks. */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/files.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/net.h"
#include "kernels/net.h"
#include "testkernel.h"
#include "tkstart.h"

struct devs {
	int n;
	uint64_t addr[4];
	char name[4][32];
	int nipv4[4];
	uint32_t ipv4[4][2];
};

static int see_dev(void *arg, const struct net_device_info *d)
{
	struct devs *s = arg;
	if (s->n < 4) {
		s->addr[s->n] = d->addr;
		strcpy(s->name[s->n], d->name);
		s->nipv4[s->n] = d->nipv4;
		for (int i = 0; i < d->nipv4 && i < 2; i++)
			s->ipv4[s->n][i] = d->ipv4[i];
	}
	s->n++;
	return 0;
}

struct socks {
	int n;
	struct net_socket s[4];
};

static int see_sock(void *arg, const struct net_socket *so)
{
	struct socks *s = arg;
	if (s->n < 4)
		s->s[s->n] = *so;
	s->n++;
	return 0;
}

#define IPV4(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

struct arp {
	int n;
	struct net_neigh e[4];
};

static int see_arp(void *arg, const struct net_neigh *e)
{
	struct arp *a = arg;
	if (a->n < 4)
		a->e[a->n] = *e;
	a->n++;
	return 0;
}

/* net -a's walker: arp_tbl's buckets in order, each chain followed, and a
 * chain that loops back */
static void arp_checks(const char *what, struct testkernel *tk)
{
	struct kernel *k = tk_open(tk);
	struct arp a = { 0 };
	int r = k ? net_neigh_foreach(k, see_arp, &a) : -1;
	CHECK(r == 0 && a.n == 3, "%s: arp_tbl: three neighbours (%d: %s)", what, a.n, r ? err_get() : "ok");
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	CHECK(a.n == 3 && a.e[0].addr == tk_symbol(tk, "nb_a") && a.e[0].ip == IPV4(10, 0, 0, 1) &&
		      !strcmp(a.e[0].dev, "eth0") && a.e[0].hwtype == 1 && a.e[0].halen == 6 &&
		      !memcmp(a.e[0].ha, mac, 6) && a.e[0].state == 0x02,
	      "%s: arp_tbl: 10.0.0.1 on eth0, its MAC, REACHABLE", what);
	CHECK(a.n == 3 && a.e[1].ip == IPV4(10, 0, 0, 2) && a.e[1].state == 0x04 &&
		      a.e[2].ip == IPV4(127, 0, 0, 1) && !strcmp(a.e[2].dev, "lo") && a.e[2].hwtype == 772 &&
		      a.e[2].halen == 0 && a.e[2].state == 0x40,
	      "%s: arp_tbl: the chained 10.0.0.2 (STALE), then bucket 1's 127.0.0.1 on lo (NOARP)", what);
	kernel_close(k);
	uint64_t b = tk_symbol(tk, "nb_b");
	tk_write_u64(tk, b + offsetof(struct neighbour, next), tk_symbol(tk, "nb_a"));
	k = tk_open(tk);
	a.n = 0;
	r = k ? net_neigh_foreach(k, see_arp, &a) : 0;
	CHECK(r == -1 && strstr(err_get(), "loops"), "%s: arp_tbl: a looping chain (%d): %s", what, r,
	      err_get());
	kernel_close(k);
	tk_write_u64(tk, b + offsetof(struct neighbour, next), 0);
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("net", o, what, &k);
	if (!tk)
		return;
	uint64_t ns = 0, task = tk_symbol(tk, "task_net");
	struct devs d = { 0 };
	CHECK(net_init_ns(k, &ns) == 0 && ns == tk_symbol(tk, "init_net") && net_device_check(k) == 0,
	      "%s: net: init_net, a known layout", what);
	int r = net_device_foreach(k, ns, see_dev, &d);
	CHECK(r == 0 && d.n == 3 && d.addr[0] == tk_symbol(tk, "dev_lo") && !strcmp(d.name[0], "lo") &&
		      d.nipv4[0] == 1 && d.ipv4[0][0] == IPV4(127, 0, 0, 1) && !strcmp(d.name[1], "eth0") &&
		      d.nipv4[1] == 2 && d.ipv4[1][0] == IPV4(10, 0, 2, 15) &&
		      d.ipv4[1][1] == IPV4(192, 168, 7, 1) && !strcmp(d.name[2], "dummy0") && !d.nipv4[2],
	      "%s: net: lo, eth0 with two addresses, dummy0 without (%d: %s)", what, d.n,
	      r ? err_get() : "ok");
	memset(&d, 0, sizeof(d));
	CHECK(net_task_ns(k, task, &ns) == 0 && ns == tk_symbol(tk, "other_net") &&
		      net_device_foreach(k, ns, see_dev, &d) == 0 && d.n == 1 &&
		      !strcmp(d.name[0], "veth1"),
	      "%s: net: a task's namespace and its device", what);
	CHECK(net_task_ns(k, tk_symbol(tk, "task_exited"), &ns) < 0 && strstr(err_get(), "exited"),
	      "%s: net: a task without nsproxy: %s", what, err_get());

	uint64_t files = 0;
	struct socks s = { 0 };
	CHECK(net_socket_check(k) == 0 && fdtable_task_files(k, task, &files) == 0 &&
		      files == tk_symbol(tk, "files_net"),
	      "%s: net: socket layout known, the task's files", what);
	r = net_socket_foreach(k, files, see_sock, &s);
	CHECK(r == 0 && s.n == 3, "%s: net: three of five open files are sockets (%d: %s)", what, s.n,
	      r ? err_get() : "ok");
	CHECK(s.s[0].fd == 3 && s.s[0].socket == tk_symbol(tk, "sa_unix") &&
		      s.s[0].sk == tk_symbol(tk, "sk_unix") && s.s[0].family == 1 && s.s[0].type == 1,
	      "%s: net: fd 3, a UNIX stream socket found through f_path.dentry", what);
	CHECK(s.s[1].fd == 4 && s.s[1].sk == tk_symbol(tk, "sk_tcp") && s.s[1].family == 2 &&
		      s.s[1].type == 1 && s.s[1].saddr == IPV4(127, 0, 0, 1) &&
		      s.s[1].daddr == IPV4(10, 0, 2, 2) && s.s[1].sport == 7777 && s.s[1].dport == 443,
	      "%s: net: fd 4, TCP 127.0.0.1-7777 to 10.0.2.2-443 (ports in host order)", what);
	CHECK(s.s[2].fd == 6 && s.s[2].socket == tk_symbol(tk, "sa_none") && !s.s[2].sk,
	      "%s: net: fd 6, a socket without a sock", what);
	kernel_close(k);

	/* eth0's second address is in memory the dump lacks: the first is
	 * kept, the walk goes on. */
	tk_write_u64(tk, tk_symbol(tk, "ifa_eth0") + offsetof(struct in_ifaddr, ifa_next), 0xdead0000);
	k = tk_open(tk);
	memset(&d, 0, sizeof(d));
	r = k && net_init_ns(k, &ns) == 0 ? net_device_foreach(k, ns, see_dev, &d) : -1;
	CHECK(r == 0 && d.n == 3 && d.nipv4[1] == 1 && d.ipv4[1][0] == IPV4(10, 0, 2, 15),
	      "%s: net: a broken address chain keeps what was read", what);
	kernel_close(k);
	arp_checks(what, tk);

	/* the device list itself breaks: the entry it leads to has no
	 * readable name ("?"), then an error that says where */
	tk_write_u64(tk, tk_symbol(tk, "dev_eth0") + offsetof(struct net_device, dev_list.next),
		     0xdead0000);
	k = tk_open(tk);
	memset(&d, 0, sizeof(d));
	r = k && net_init_ns(k, &ns) == 0 ? net_device_foreach(k, ns, see_dev, &d) : 0;
	CHECK(r < 0 && d.n == 3 && !strcmp(d.name[2], "?") && strstr(err_get(), "net device list"),
	      "%s: net: a broken device list: %s", what, err_get());
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x2600000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
