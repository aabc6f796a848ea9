/* net: network devices and sockets (the walkers of
 * kernel-types/linux/net.h).  Without options, the devices of the initial
 * network namespace with their IPv4 addresses; -n uses a task's namespace
 * instead, -s lists the sockets among a task's open files, -N turns a
 * number into a dotted IPv4 address. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

struct net {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	int found;		/* sockets shown */
	bool full;		/* -S: struct socket and struct sock dumps */
	int radix;		/* -x 16, -d 10, else 0: the session's */
	bool ref;		/* -R: only the socket matching ref_* */
	uint64_t ref_addr;
	long ref_fd;
	/* JSON (commands/json/net.schema.json): the rows (devices, sockets,
	 * neighbours) are added here instead of printed; NULL otherwise */
	struct json_object *rows;
};

/* An IPv4 address as the kernel stores it (network order in memory, so
 * the low byte of the little-endian value comes first). */
static void ipv4(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a & 0xff, (a >> 8) & 0xff, (a >> 16) & 0xff, a >> 24);
}

/* ---------------- devices ---------------- */

/* A device and its ", "-separated IPv4 addresses. */
static int show_device(void *arg, const struct net_device_info *d)
{
	struct net *n = arg;
	if (n->rows) {
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();
		json_object_object_add(o, "address", crash_json_addr(d->addr));
		json_object_object_add(o, "name", crash_json_str(d->name));
		for (int i = 0; i < d->nipv4; i++) {
			char buf[20];
			ipv4(d->ipv4[i], buf, sizeof(buf));
			json_object_array_add(a, json_object_new_string(buf));
		}
		json_object_object_add(o, "ipv4", a);
		json_object_array_add(n->rows, o);
		return crash_interrupted() ? 1 : 0;
	}
	fprintf(n->out, "%16" PRIx64 "  %-6s ", d->addr, d->name);
	for (int i = 0; i < d->nipv4; i++) {
		char buf[20];
		ipv4(d->ipv4[i], buf, sizeof(buf));
		fprintf(n->out, "%s%s", i ? ", " : "", buf);
	}
	fputc('\n', n->out);
	return crash_interrupted() ? 1 : 0;
}

/* The devices of the namespace struct net at ns. */
static int show_devices(struct net *n, uint64_t ns)
{
	if (net_device_check(n->k) != 0)
		return crash_error(n->s, "%s", err_get());
	if (crash_json(n->s))
		n->rows = json_object_new_array();
	else
		fprintf(n->out, "   NET_DEVICE     NAME   IP ADDRESS(ES)\n");
	int rc = net_device_foreach(n->k, ns, show_device, n);
	if (n->rows) {
		/* the devices read before a failure stay, with the error */
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "namespace", crash_json_addr(ns));
		json_object_object_add(d, "devices", n->rows);
		n->rows = NULL;
		crash_json_emit(n->s, d);
	}
	if (rc < 0)
		return crash_error(n->s, "%s", err_get());
	if (rc > 0)
		return crash_error(n->s, "interrupted");
	return 0;
}

/* ---------------- sockets (-s) ---------------- */

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

/* FAMILY:TYPE and, for IPv4, source and destination address-port. */
static void sock_info(struct net *n, const struct net_socket *so)
{
	const char *fn = family_name(so->family), *tn = type_name(so->type);
	if (fn)
		fprintf(n->out, "%s:", fn);
	else
		fprintf(n->out, "%u:", so->family);
	if (tn)
		fprintf(n->out, "%s ", tn);
	else
		fprintf(n->out, "%u ", so->type);
	if (so->family != 2)
		return;
	char src[20], dst[20];
	ipv4(so->saddr, src, sizeof(src));
	ipv4(so->daddr, dst, sizeof(dst));
	fprintf(n->out, " %s-%u %s-%u", src, so->sport, dst, so->dport);
}

/* One socket of net -s in JSON. */
static struct json_object *socket_json(const struct net_socket *so)
{
	struct json_object *o = json_object_new_object();
	const char *fn = family_name(so->family), *tn = type_name(so->type);
	char tname[16] = "";
	if (tn) {
		snprintf(tname, sizeof(tname), "%s", tn);
		for (char *e = tname + strlen(tname); e > tname && e[-1] == ' '; )
			*--e = 0;
	}
	bool sk = so->sk != 0, inet = sk && so->family == 2;
	char src[20], dst[20];
	ipv4(so->saddr, src, sizeof(src));
	ipv4(so->daddr, dst, sizeof(dst));
	json_object_object_add(o, "fd", json_object_new_int64(so->fd));
	json_object_object_add(o, "socket", crash_json_addr(so->socket));
	json_object_object_add(o, "sock", sk ? crash_json_addr(so->sk) : NULL);
	json_object_object_add(o, "family", sk ? json_object_new_int((int)so->family) : NULL);
	json_object_object_add(o, "family_name", sk && fn ? json_object_new_string(fn) : NULL);
	json_object_object_add(o, "type", sk ? json_object_new_int((int)so->type) : NULL);
	json_object_object_add(o, "type_name", sk && tn ? json_object_new_string(tname) : NULL);
	json_object_object_add(o, "source", inet ? json_object_new_string(src) : NULL);
	json_object_object_add(o, "source_port", inet ? json_object_new_int(so->sport) : NULL);
	json_object_object_add(o, "destination", inet ? json_object_new_string(dst) : NULL);
	json_object_object_add(o, "destination_port", inet ? json_object_new_int(so->dport) : NULL);
	return o;
}

/* -S: the structures, printed by the struct command in the radix asked. */
static void dump_struct(struct net *n, const char *type, uint64_t addr)
{
	char line[128];
	snprintf(line, sizeof(line), "struct %s %" PRIx64 "%s", type, addr,
		 n->radix == 16 ? " -x" : n->radix == 10 ? " -d" : "");
	crash_run_line(n->s, line);
}

static int show_socket(void *arg, const struct net_socket *so)
{
	struct net *n = arg;
	/* -R: a file descriptor number, or a socket or sock address */
	if (n->ref && !((n->ref_fd >= 0 && so->fd == (unsigned long)n->ref_fd) ||
			so->socket == n->ref_addr || (so->sk && so->sk == n->ref_addr)))
		return 0;
	if (n->rows) {
		json_object_array_add(n->rows, socket_json(so));
		n->found++;
		return crash_interrupted() ? 1 : 0;
	}
	if (n->full) {
		if (!n->found++)
			fprintf(n->out, "FD      SOCKET            SOCK\n");
		fprintf(n->out, "%2u  %16" PRIx64 "  %16" PRIx64 "\n\n", so->fd, so->socket, so->sk);
		dump_struct(n, "socket", so->socket);
		if (so->sk)
			dump_struct(n, "sock", so->sk);
		fputc('\n', n->out);
		return crash_interrupted() ? 1 : 0;
	}
	if (!n->found++)
		fprintf(n->out, "FD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT "
				"DESTINATION-PORT\n");
	fprintf(n->out, "%2u  %16" PRIx64 "  %16" PRIx64 "  ", so->fd, so->socket, so->sk);
	if (so->sk)
		sock_info(n, so);
	fputc('\n', n->out);
	return crash_interrupted() ? 1 : 0;
}

/* ---------------- the ARP cache (-a) ---------------- */

static const char *nud_name(unsigned st)
{
	static const struct { unsigned bit; const char *name; } nud[] = {
		{ 0x80, "PERMANENT" }, { 0x40, "NOARP" }, { 0x20, "FAILED" }, { 0x10, "PROBE" },
		{ 0x08, "DELAY" }, { 0x04, "STALE" }, { 0x02, "REACHABLE" }, { 0x01, "INCOMPLETE" },
	};
	for (size_t i = 0; i < sizeof(nud) / sizeof(nud[0]); i++)
		if (st & nud[i].bit)
			return nud[i].name;
	return "NONE";
}

static int show_neigh(void *arg, const struct net_neigh *e)
{
	struct net *n = arg;
	char ip[20], ha[100] = "";
	size_t l = 0;
	bool ether = e->hwtype == 1;	/* ARPHRD_ETHER */
	ipv4(e->ip, ip, sizeof(ip));
	for (int i = 0; i < e->halen && l + 4 < sizeof(ha); i++)
		l += (size_t)snprintf(ha + l, sizeof(ha) - l, "%s%02x", i ? (ether ? ":" : " ") : "", e->ha[i]);
	const char *hwtype = ether ? "ETHER" : e->hwtype == 772 ? "LOOPBACK" : "UNKNOWN";
	if (n->rows) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "address", crash_json_addr(e->addr));
		json_object_object_add(o, "ip", json_object_new_string(ip));
		json_object_object_add(o, "hw_type", json_object_new_int(e->hwtype));
		json_object_object_add(o, "hw_type_name", json_object_new_string(hwtype));
		json_object_object_add(o, "hw_address", json_object_new_string(ha));
		json_object_object_add(o, "device", crash_json_str(e->dev));
		json_object_object_add(o, "state", json_object_new_string(nud_name(e->state)));
		json_object_array_add(n->rows, o);
		n->found++;
		return crash_interrupted() ? 1 : 0;
	}
	if (!n->found++)
		fprintf(n->out, "NEIGHBOUR           IP ADDRESS      HW TYPE    HW ADDRESS         DEVICE  STATE\n");
	fprintf(n->out, "%16" PRIx64 "    %-15s %-10s %-18s %-7s %s\n", e->addr, ip,
		hwtype, ha, e->dev, nud_name(e->state));
	return crash_interrupted() ? 1 : 0;
}

static int show_arp(struct net *n)
{
	if (crash_json(n->s))
		n->rows = json_object_new_array();
	int rc = net_neigh_foreach(n->k, show_neigh, n);
	if (n->rows) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "neighbours", n->rows);
		n->rows = NULL;
		crash_json_emit(n->s, d);
		if (rc < 0)
			return crash_error(n->s, "%s", err_get());
		return rc > 0 ? crash_error(n->s, "interrupted") : 0;
	}
	if (rc < 0)
		return crash_error(n->s, "%s", err_get());
	if (rc > 0)
		return crash_error(n->s, "interrupted");
	if (!n->found)
		fprintf(n->out, "The ARP cache is empty.\n");
	return 0;
}

/* net -s in JSON: the task and its sockets (those -R names, with -R). */
static int sockets_json(struct net *n, uint64_t task, uint64_t files)
{
	struct json_object *d = crash_json_task(n->s, task);
	n->rows = json_object_new_array();
	json_object_object_add(d, "sockets", n->rows);
	int rc = files ? net_socket_foreach(n->k, files, show_socket, n) : 0;
	n->rows = NULL;
	crash_json_emit(n->s, d);
	if (rc < 0)
		return crash_error(n->s, "%s", err_get());
	if (rc > 0)
		return crash_error(n->s, "interrupted");
	return 0;
}

static int show_sockets(struct net *n, uint64_t task)
{
	uint64_t files;
	if (net_socket_check(n->k) != 0)
		return crash_error(n->s, "%s", err_get());
	if (fdtable_task_files(n->k, task, &files) != 0)
		return crash_error(n->s, "%s", err_get());
	if (crash_json(n->s) && !n->full)
		return sockets_json(n, task, files);
	crash_print_task_header(n->s, task, false);
	if (!files) {
		fprintf(n->out, "No open sockets.\n");
		return 0;
	}
	int rc = net_socket_foreach(n->k, files, show_socket, n);
	if (rc < 0)
		return crash_error(n->s, "%s", err_get());
	if (rc > 0)
		return crash_error(n->s, "interrupted");
	if (!n->found && !n->ref)
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
	if (crash_json(n->s)) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "value", json_object_new_uint64(v));
		json_object_object_add(d, "ipv4", json_object_new_string(buf));
		crash_json_emit(n->s, d);
		return 0;
	}
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
	bool sockets = false, nsarg = false, arp = false;
	const char *dotted = NULL, *ref = NULL;
	int opt;

	optind = 0;
	while ((opt = getopt(argc, argv, "snN:aSR:xd")) != -1) {
		switch (opt) {
		case 's': sockets = true; break;
		case 'n': nsarg = true; break;
		case 'N': dotted = optarg; break;
		case 'a': arp = true; break;
		case 'S': sockets = n.full = true; break;
		case 'R': ref = optarg; break;
		case 'x': n.radix = 16; break;
		case 'd': n.radix = 10; break;
		default: return -1;
		}
	}
	if (dotted)
		return show_dotted(&n, dotted);
	if (ref) {
		if (!sockets)
			return crash_usage_error(s, "-R goes with -s or -S");
		char *end;
		errno = 0;
		unsigned long long v = strtoull(ref, &end, 10);
		n.ref_fd = !errno && end != ref && !*end && v < 1u << 30 ? (long)v : -1;
		if (!crash_parse_hex(ref, &n.ref_addr) && n.ref_fd < 0)
			return crash_usage_error(s, "invalid reference: %s (a file descriptor or a socket or sock address)", ref);
		n.ref = true;
	}
	if (arp) {
		if (sockets || nsarg || optind < argc)
			return crash_usage_error(s, "-a takes no task and goes with no other option");
		if (!n.k)
			return crash_error(s, "no dump is open");
		return show_arp(&n);
	}
	if (optind + 1 < argc || (optind < argc && !sockets && !nsarg))
		return crash_error(s, "unexpected argument: %s", argv[optind + (sockets || nsarg)]);
	if (sockets && nsarg)
		return crash_error(s, "-s/-S and -n cannot be used together");
	if (!n.k)
		return crash_error(s, "no dump is open");
	const char *arg = optind < argc ? argv[optind] : NULL;
	uint64_t task, ns;
	if (sockets || nsarg) {
		if (pick_task(&n, arg, &task) != 0)
			return -1;
		if (sockets)
			return show_sockets(&n, task);
		if (net_task_ns(n.k, task, &ns) != 0)
			return crash_error(s, "cannot find the network namespace: %s", err_get());
		return show_devices(&n, ns);
	}
	if (net_init_ns(n.k, &ns) != 0)
		return crash_error(s, "%s", err_get());
	return show_devices(&n, ns);
}

static const struct crash_cmd net_cmd = {
	.name = "net",
	.run = net_run,
	.summary = "network devices and sockets",
	.synopsis = "[[-s | -S] [-xd] [-R ref] [pid | taskp]] [-a] [-n [pid | taskp]] [-N addr]",
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
		"  -S [pid|taskp]  the same sockets, each followed by its struct socket\n"
		"                  and struct sock in full (as the struct command shows\n"
		"                  them); -x or -d sets the radix of those dumps.\n"
		"  -R ref          with -s or -S: only the socket whose file descriptor,\n"
		"                  struct socket or struct sock address is ref (for\n"
		"                  foreach net -s -R ref); nothing for a task without it.\n"
		"  -a              the ARP (IPv4 neighbour) cache: each struct neighbour,\n"
		"                  its IP address, hardware type and address, device and\n"
		"                  NUD state.\n"
		"  -n [pid|taskp]  the devices of that task's network namespace.\n"
		"  -N addr         an IPv4 address held in a number (decimal or 0x-hex,\n"
		"                  as stored in memory) in dotted notation.\n"
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
