/* net: network devices and sockets.  Without options, the devices of the
 * init network namespace (init_net.dev_base_head, a list of struct
 * net_device linked by dev_list) with their IPv4 addresses (ip_ptr, a
 * struct in_device whose ifa_list chains struct in_ifaddr).  -n uses a
 * task's namespace instead, -s lists the sockets among a task's open
 * files, -N turns a number into a dotted IPv4 address. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/addrarg.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

/* Addresses of one device shown at most: the chain must end. */
#define NET_IFA_MAX 4096

struct net {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
};

/* An IPv4 address as the kernel stores it (network order in memory, so
 * the low byte of the little-endian value comes first). */
static void ipv4(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a & 0xff, (a >> 8) & 0xff, (a >> 16) & 0xff, a >> 24);
}

/* ---------------- devices ---------------- */

struct dev_walk {
	struct net *n;
	long off_name, off_ip_ptr, off_ifa_list, off_ifa_addr, off_ifa_next;
};

/* ", "-separated IPv4 addresses of a device (crash shows ifa_address). */
static void dev_addresses(struct dev_walk *w, uint64_t dev)
{
	struct kernel *k = w->n->k;
	uint64_t indev = 0, ifa = 0;
	if (w->off_ip_ptr < 0 || kernel_read_u64(k, dev + (uint64_t)w->off_ip_ptr, &indev) != 0 ||
	    !indev || kernel_read_u64(k, indev + (uint64_t)w->off_ifa_list, &ifa) != 0)
		return;
	for (int i = 0; ifa && i < NET_IFA_MAX; i++) {
		uint32_t a;
		char buf[20];
		if (kernel_read_u32(k, ifa + (uint64_t)w->off_ifa_addr, &a) != 0)
			return;
		ipv4(a, buf, sizeof(buf));
		fprintf(w->n->out, "%s%s", i ? ", " : "", buf);
		if (kernel_read_u64(k, ifa + (uint64_t)w->off_ifa_next, &ifa) != 0)
			return;
	}
}

static int dev_visit(void *arg, uint64_t dev)
{
	struct dev_walk *w = arg;
	char name[32] = "";
	if (kernel_read_string(w->n->k, dev + (uint64_t)w->off_name, name, 17) < 0)
		snprintf(name, sizeof(name), "?");
	fprintf(w->n->out, "%16" PRIx64 "  %-6s ", dev, name);
	dev_addresses(w, dev);
	fputc('\n', w->n->out);
	return crash_interrupted() ? 1 : 0;
}

/* The devices of the namespace struct net at ns. */
static int show_devices(struct net *n, uint64_t ns)
{
	struct kernel *k = n->k;
	struct dev_walk w = { .n = n };
	long head = kernel_offsetof(k, "struct net", "dev_base_head");
	long list = kernel_offsetof(k, "struct net_device", "dev_list");
	w.off_name = kernel_offsetof(k, "struct net_device", "name");
	w.off_ip_ptr = kernel_offsetof(k, "struct net_device", "ip_ptr");
	w.off_ifa_list = kernel_offsetof(k, "struct in_device", "ifa_list");
	w.off_ifa_addr = kernel_offsetof(k, "struct in_ifaddr", "ifa_address");
	w.off_ifa_next = kernel_offsetof(k, "struct in_ifaddr", "ifa_next");
	if (head < 0 || list < 0 || w.off_name < 0)
		return crash_error(n->s, "this kernel's net/net_device layout is not known");
	if (w.off_ifa_list < 0 || w.off_ifa_addr < 0 || w.off_ifa_next < 0)
		w.off_ip_ptr = -1; /* no IPv4: names only */
	fprintf(n->out, "   NET_DEVICE     NAME   IP ADDRESS(ES)\n");
	int rc = kwalk_list(k, ns + (uint64_t)head, list, false, dev_visit, &w);
	if (rc < 0)
		return crash_error(n->s, "net device list: %s", err_get());
	if (rc > 0)
		return crash_error(n->s, "interrupted");
	return 0;
}

/* The network namespace of a task: task->nsproxy->net_ns. */
static int task_netns(struct net *n, uint64_t task, uint64_t *ns)
{
	uint64_t nsproxy;
	if (kernel_read_member(n->k, task, "struct task_struct", "nsproxy", &nsproxy) != 0)
		return -1;
	if (!nsproxy) {
		err_set("task %" PRIx64 " has no nsproxy (it has exited)", task);
		return -1;
	}
	return kernel_read_member(n->k, nsproxy, "struct nsproxy", "net_ns", ns);
}

/* ---------------- sockets (-s) ---------------- */

struct sock_off {
	long f_inode, f_dentry, d_inode, i_mode, vfs_inode, socket_sk;
	long family, type, daddr, rcv_saddr, dport, sport;
};

struct sock_walk {
	struct net *n;
	struct sock_off o;
	int found;
};

static int sock_probe(struct kernel *k, struct sock_off *o)
{
	o->f_inode = kernel_offsetof(k, "struct file", "f_inode");
	o->f_dentry = kernel_offsetof(k, "struct file", "f_path.dentry");
	o->d_inode = kernel_offsetof(k, "struct dentry", "d_inode");
	o->i_mode = kernel_offsetof(k, "struct inode", "i_mode");
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

/* The inode of an open file: f_inode, or f_path.dentry->d_inode. */
static uint64_t file_inode(struct kernel *k, const struct sock_off *o, uint64_t file)
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

static const char *family_name(unsigned f)
{
	static const char *const names[] = {
		[0] = "UNSPEC",	    [1] = "UNIX",	  [2] = "INET",	   [3] = "AX25",
		[4] = "IPX",	    [5] = "APPLETALK",	  [6] = "NETROM",  [7] = "BRIDGE",
		[8] = "ATMPVC",	    [9] = "X25",	  [10] = "INET6",  [11] = "ROSE",
		[12] = "DECnet",    [13] = "NETBEUI",	  [14] = "SECURITY/KEY",
		[16] = "NETLINK/ROUTE", [17] = "PACKET",  [18] = "ASH",	   [19] = "ECONET",
		[20] = "ATMSVC",    [22] = "SNA",	  [23] = "IRDA",   [24] = "PPPOX",
	};
	return f < sizeof(names) / sizeof(names[0]) ? names[f] : NULL;
}

static const char *type_name(unsigned t)
{
	switch (t) {
	case 1: return "STREAM";
	case 2: return "DGRAM "; /* crash pads it */
	case 3: return "RAW";
	case 4: return "RDM";
	case 5: return "SEQPACKET";
	case 10: return "PACKET";
	default: return NULL;
	}
}

static uint64_t rd(struct kernel *k, uint64_t addr, long off, size_t size)
{
	uint64_t v = 0;
	if (off >= 0)
		kernel_read_uint(k, addr + (uint64_t)off, size, &v);
	return v;
}

/* FAMILY:TYPE and, for IPv4, source and destination address-port. */
static void sock_info(struct sock_walk *w, uint64_t sk)
{
	struct kernel *k = w->n->k;
	unsigned family = (unsigned)rd(k, sk, w->o.family, 2);
	unsigned type = (unsigned)rd(k, sk, w->o.type, 2);
	const char *fn = family_name(family), *tn = type_name(type);
	if (fn)
		fprintf(w->n->out, "%s:", fn);
	else
		fprintf(w->n->out, "%u:", family);
	if (tn)
		fprintf(w->n->out, "%s ", tn);
	else
		fprintf(w->n->out, "%u ", type);
	if (family != 2)
		return;
	char src[20], dst[20];
	ipv4((uint32_t)rd(k, sk, w->o.rcv_saddr, 4), src, sizeof(src));
	ipv4((uint32_t)rd(k, sk, w->o.daddr, 4), dst, sizeof(dst));
	/* ports are in network order */
	unsigned sp = (unsigned)rd(k, sk, w->o.sport, 2), dp = (unsigned)rd(k, sk, w->o.dport, 2);
	sp = ((sp & 0xff) << 8) | (sp >> 8);
	dp = ((dp & 0xff) << 8) | (dp >> 8);
	fprintf(w->n->out, " %s-%u %s-%u", src, sp, dst, dp);
}

static int sock_visit(void *arg, unsigned fd, uint64_t file)
{
	struct sock_walk *w = arg;
	struct kernel *k = w->n->k;
	uint64_t inode = file_inode(k, &w->o, file), mode = 0, sk = 0;
	if (!inode || kernel_read_uint(k, inode + (uint64_t)w->o.i_mode,
				       (size_t)kernel_member_size(k, "struct inode", "i_mode"),
				       &mode) != 0)
		return 0;
	if ((mode & 0170000) != 0140000) /* S_ISSOCK */
		return 0;
	/* the inode is the vfs_inode of a struct socket_alloc */
	uint64_t socket = inode - (uint64_t)w->o.vfs_inode;
	kernel_read_u64(k, socket + (uint64_t)w->o.socket_sk, &sk);
	if (!w->found++)
		fprintf(w->n->out, "FD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT "
				   "DESTINATION-PORT\n");
	fprintf(w->n->out, "%2u  %16" PRIx64 "  %16" PRIx64 "  ", fd, socket, sk);
	if (sk)
		sock_info(w, sk);
	fputc('\n', w->n->out);
	return crash_interrupted() ? 1 : 0;
}

static int show_sockets(struct net *n, uint64_t task)
{
	struct sock_walk w = { .n = n };
	uint64_t files;
	if (sock_probe(n->k, &w.o) != 0)
		return crash_error(n->s, "%s", err_get());
	if (fdtable_task_files(n->k, task, &files) != 0)
		return crash_error(n->s, "%s", err_get());
	crash_print_task_header(n->s, task, false);
	if (!files) {
		fprintf(n->out, "No open sockets.\n");
		return 0;
	}
	int rc = fdtable_foreach(n->k, files, sock_visit, &w);
	if (rc < 0)
		return crash_error(n->s, "%s", err_get());
	if (rc > 0)
		return crash_error(n->s, "interrupted");
	if (!w.found)
		fprintf(n->out, "No open sockets.\n");
	return 0;
}

/* ---------------- the command ---------------- */

/* -N: a decimal or 0x-hex number to dotted notation. */
static int show_dotted(struct net *n, const char *arg)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || v > 0xffffffffull)
		return crash_error(n->s, "invalid IPv4 address value: %s", arg);
	char buf[20];
	ipv4((uint32_t)v, buf, sizeof(buf));
	fprintf(n->out, "%s\n", buf);
	return 0;
}

/* The task named by arg (pid or task address), or the current one. */
static int pick_task(struct net *n, const char *arg, uint64_t *task)
{
	if (!arg) {
		*task = crash_current_task(n->s);
		if (!*task)
			return crash_error(n->s, "no current task");
		return 0;
	}
	const struct ktask *t = crash_task_arg(n->s, arg);
	if (!t)
		return crash_error(n->s, "%s", err_get());
	*task = t->task;
	return 0;
}

static int net_run(struct crash_session *s, int argc, char **argv)
{
	struct net n = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	bool sockets = false, nsarg = false;
	const char *dotted = NULL;
	int opt;

	optind = 0;
	while ((opt = getopt(argc, argv, "snN:aSR:xd")) != -1) {
		switch (opt) {
		case 's': sockets = true; break;
		case 'n': nsarg = true; break;
		case 'N': dotted = optarg; break;
		case 'a': return crash_error(s, "net -a (the ARP cache) is not supported");
		case 'S':
		case 'R':
		case 'x':
		case 'd': return crash_error(s, "net -%c is not supported", opt);
		default: return -1;
		}
	}
	if (dotted)
		return show_dotted(&n, dotted);
	if (optind + 1 < argc || (optind < argc && !sockets && !nsarg))
		return crash_error(s, "unexpected argument: %s", argv[optind + (sockets || nsarg)]);
	if (sockets && nsarg)
		return crash_error(s, "-s and -n cannot be used together");
	if (!n.k)
		return crash_error(s, "no dump is open");
	const char *arg = optind < argc ? argv[optind] : NULL;
	uint64_t task, ns;
	if (sockets || nsarg) {
		if (pick_task(&n, arg, &task) != 0)
			return -1;
		if (sockets)
			return show_sockets(&n, task);
		if (task_netns(&n, task, &ns) != 0)
			return crash_error(s, "cannot find the network namespace: %s", err_get());
		return show_devices(&n, ns);
	}
	if (kernel_symbol(n.k, "init_net", &ns) != 0)
		return crash_error(s, "no init_net symbol: %s", err_get());
	return show_devices(&n, ns);
}

static const struct crash_cmd net_cmd = {
	.name = "net",
	.run = net_run,
	.summary = "network devices and sockets",
	.synopsis = "[-s [pid | taskp]] [-n [pid | taskp]] [-N addr]",
	.description =
		"Without options, lists the network devices of the initial network\n"
		"namespace: the address of each struct net_device, its name and its IPv4\n"
		"addresses.\n"
		"\n"
		"  -s [pid|taskp]  the sockets among the open files of a task (the\n"
		"                  current context's task when none is named): per file\n"
		"                  descriptor, the struct socket and struct sock addresses,\n"
		"                  the address family and socket type and, for IPv4\n"
		"                  sockets, the local and remote address-port pairs.\n"
		"  -n [pid|taskp]  the devices of that task's network namespace.\n"
		"  -N addr         an IPv4 address held in a number (decimal or 0x-hex,\n"
		"                  as stored in memory) in dotted notation.\n"
		"\n"
		"The ARP cache (-a), structure dumps (-S) and reference searches (-R) are\n"
		"not available.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> net\n"
		"     NET_DEVICE     NAME   IP ADDRESS(ES)\n"
		"  ffff8f3e905b9000  lo     127.0.0.1\n"
		"  ffff8f3e9feee000  dummy0 \n"
		"\n"
		"  crash> net -s 143\n"
		"  PID: 143      TASK: ffff8f3e829c0000  CPU: 0    COMMAND: \"wl-files\"\n"
		"  FD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT DESTINATION-PORT\n"
		"  11  ffff8f3e8145a080  ffff8f3e8294bc00  UNIX:STREAM \n"
		"  12  ffff8f3e8145b740  ffff8f3e8294a400  UNIX:STREAM \n"
		"  15  ffff8f3e8145b0c0  ffff8f3e8aa57500  INET:STREAM  127.0.0.1-7777 0.0.0.0-0\n"
		"  16  ffff8f3e8145ad80  ffff8f3e81360d80  INET:DGRAM   127.0.0.1-7778 0.0.0.0-0\n"
		"\n"
		"  crash> net -N 16777343\n"
		"  127.0.0.1\n",
	.flags = CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(net_cmd)
