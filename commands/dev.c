/* dev: the registered character devices and block device majors, each
 * with the cdev or gendisk found for it and the file or block operations
 * it uses (the walkers of kernel-types/linux/devices.h). */
#include <inttypes.h>
#include <unistd.h>

#include "extensions/crash-api.h"

static const char chr_header[] =
	"CHRDEV    NAME                 CDEV        OPERATIONS      \n";
static const char blk_header[] =
	"BLKDEV    NAME                GENDISK      OPERATIONS      \n";

struct dev {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	/* JSON (commands/json/dev.schema.json): rows go here instead of
	 * being printed; bus is the PCI bus whose devices are being added */
	struct json_object *rows, *bus;
};

/* An operations pointer in JSON: its address and symbol (+offset). */
static void ops_json(struct dev *d, struct json_object *o, uint64_t ops)
{
	uint64_t off = 0;
	const char *name = ops ? kernel_symbol_at(d->k, ops, &off) : NULL;
	char buf[256];
	if (name && off)
		snprintf(buf, sizeof buf, "%s+%" PRIu64, name, off);
	else if (name)
		snprintf(buf, sizeof buf, "%s", name);
	json_object_object_add(o, "operations", ops ? crash_json_addr(ops) : NULL);
	json_object_object_add(o, "operations_symbol", name ? crash_json_str(buf) : NULL);
}

static void row_json(struct dev *d, uint32_t major, const char *name, const char *owner_key,
		     uint64_t owner, uint64_t ops)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "major", json_object_new_int64(major));
	json_object_object_add(o, "name", crash_json_str(name));
	json_object_object_add(o, owner_key, ops ? crash_json_addr(owner) : NULL);
	ops_json(d, o, ops);
	json_object_array_add(d->rows, o);
}

/* An operations pointer as crash shows it: the symbol (with a decimal
 * offset when inside one), or hex when it is in no symbol. */
static void print_ops(struct dev *d, uint64_t ops)
{
	uint64_t off = 0;
	const char *name = kernel_symbol_at(d->k, ops, &off);
	if (!name)
		fprintf(d->out, "%" PRIx64 "\n", ops);
	else if (off)
		fprintf(d->out, "%s+%" PRIu64 "\n", name, off);
	else
		fprintf(d->out, "%s\n", name);
}

/* One row: the owner (cdev or gendisk) and its operations, or "(none)"
 * centred in the address column when nothing was found. */
static void print_row(struct dev *d, uint32_t major, const char *name, uint64_t owner, uint64_t ops)
{
	fprintf(d->out, " %3u      %-13s ", major, name);
	if (!ops) {
		fprintf(d->out, "      (none)     \n");
		return;
	}
	fprintf(d->out, " %16" PRIx64 "  ", owner);
	print_ops(d, ops);
}

static int chr_row(void *arg, const struct chrdev_info *c)
{
	struct dev *d = arg;
	if (d->rows) {
		row_json(d, c->major, c->name, "cdev", c->cdev, c->ops);
		return 0;
	}
	print_row(arg, c->major, c->name, c->cdev, c->ops);
	return 0;
}

static int blk_row(void *arg, const struct blkdev_info *b)
{
	struct dev *d = arg;
	if (d->rows) {
		row_json(d, b->major, b->name, "gendisk", b->gendisk, b->fops);
		return 0;
	}
	print_row(arg, b->major, b->name, b->gendisk, b->fops);
	return 0;
}

/* dev -i: the I/O port tree, then the I/O memory tree, flat as crash
 * shows them, ranges zero-padded to 4 (ports) or 8 (memory) digits. */
struct res_out {
	FILE *out;
	int width;
	struct json_object *rows;	/* JSON, else NULL */
};

static int res_row(void *arg, const struct resource_info *r)
{
	struct res_out *o = arg;
	if (o->rows) {
		struct json_object *j = json_object_new_object();
		json_object_object_add(j, "address", crash_json_addr(r->addr));
		json_object_object_add(j, "start", crash_json_addr(r->start));
		json_object_object_add(j, "end", crash_json_addr(r->end));
		json_object_object_add(j, "name", crash_json_str(r->name));
		json_object_array_add(o->rows, j);
		return 0;
	}
	fprintf(o->out, "%16" PRIx64 "  %0*" PRIx64 "-%0*" PRIx64 "  %s\n", r->addr, o->width, r->start,
		o->width, r->end, r->name);
	return 0;
}

static int dev_resources_json(struct dev *d)
{
	struct json_object *doc = json_object_new_object();
	struct res_out o = { d->out, 4, json_object_new_array() };
	int rc = 0;
	json_object_object_add(doc, "ioports", o.rows);
	if (resource_foreach(d->k, "ioport_resource", res_row, &o))
		rc = crash_error(d->s, "I/O ports: %s", err_get());
	o.rows = json_object_new_array();
	json_object_object_add(doc, "iomem", o.rows);
	if (!rc && resource_foreach(d->k, "iomem_resource", res_row, &o))
		rc = crash_error(d->s, "I/O memory: %s", err_get());
	crash_json_emit(d->s, doc);
	return rc;
}

static int dev_resources(struct dev *d)
{
	if (crash_json(d->s))
		return dev_resources_json(d);
	struct res_out o = { d->out, 4 };
	fputs("    RESOURCE        RANGE    NAME\n", d->out);
	if (resource_foreach(d->k, "ioport_resource", res_row, &o))
		return crash_error(d->s, "I/O ports: %s", err_get());
	fputs("\n    RESOURCE            RANGE        NAME\n", d->out);
	o.width = 8;
	if (resource_foreach(d->k, "iomem_resource", res_row, &o))
		return crash_error(d->s, "I/O memory: %s", err_get());
	return 0;
}

/* dev -p: each root bus, then its devices (those of the buses below it
 * included), crash's columns. */
static int pci_bus_row(void *arg, const struct pci_bus_info *b)
{
	struct dev *d = arg;
	if (d->rows) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "address", crash_json_addr(b->addr));
		json_object_object_add(o, "name", crash_json_str(b->name));
		d->bus = json_object_new_array();
		json_object_object_add(o, "devices", d->bus);
		json_object_array_add(d->rows, o);
		return 0;
	}
	fprintf(d->out, "    ROOT BUS     BUSNAME\n%16" PRIx64 " %s\n", b->addr, b->name);
	fputs("      PCI DEV      DO:BU:SL.FN  CLASS   PCI_ID      TYPE   \n", d->out);
	return 0;
}

static int pci_dev_row(void *arg, const struct pci_dev_info *p)
{
	struct dev *d = arg;
	if (d->rows) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "address", crash_json_addr(p->addr));
		json_object_object_add(o, "slot", crash_json_str(p->name));
		json_object_object_add(o, "class", json_object_new_int((int)(p->class >> 8)));
		json_object_object_add(o, "vendor", json_object_new_int(p->vendor));
		json_object_object_add(o, "device", json_object_new_int(p->device));
		json_object_object_add(o, "type", crash_json_str(p->type));
		if (d->bus)
			json_object_array_add(d->bus, o);
		else
			json_object_put(o);
		return 0;
	}
	fprintf(d->out, "  %16" PRIx64 " %s  %04x  %04x:%04x  %s \n", p->addr, p->name,
		p->class >> 8, p->vendor, p->device, p->type);
	return 0;
}

static int dev_pci(struct dev *d)
{
	if (crash_json(d->s)) {
		struct json_object *doc = json_object_new_object();
		int rc = 0;
		d->rows = json_object_new_array();
		json_object_object_add(doc, "buses", d->rows);
		if (pci_foreach(d->k, pci_bus_row, pci_dev_row, d))
			rc = crash_error(d->s, "PCI: %s", err_get());
		d->rows = d->bus = NULL;
		crash_json_emit(d->s, doc);
		return rc;
	}
	if (pci_foreach(d->k, pci_bus_row, pci_dev_row, d))
		return crash_error(d->s, "PCI: %s", err_get());
	fputc('\n', d->out);
	return 0;
}

/* dev -d/-D: requests in flight per disk; -D leaves out the idle ones. */
struct disk_out {
	struct dev *d;
	bool busy_only;
};

static int disk_row(void *arg, const struct gendisk_info *g)
{
	struct disk_out *o = arg;
	uint64_t total = g->in_flight[0] + g->in_flight[1];
	if (o->busy_only && g->stats && !total)
		return 0;
	if (o->d->rows) {
		struct json_object *j = json_object_new_object();
		json_object_object_add(j, "major", json_object_new_int64(g->major));
		json_object_object_add(j, "gendisk", crash_json_addr(g->addr));
		json_object_object_add(j, "name", crash_json_str(g->name));
		json_object_object_add(j, "request_queue", crash_json_addr(g->queue));
		json_object_object_add(j, "total", g->stats ? json_object_new_uint64(total) : NULL);
		json_object_object_add(j, "read", g->stats ? json_object_new_uint64(g->in_flight[0]) : NULL);
		json_object_object_add(j, "write", g->stats ? json_object_new_uint64(g->in_flight[1]) : NULL);
		json_object_array_add(o->d->rows, j);
		return 0;
	}
	fprintf(o->d->out, "%5u %16" PRIx64 "   %-10s %16" PRIx64 " ", g->major, g->addr, g->name, g->queue);
	if (g->stats)
		fprintf(o->d->out, "%7" PRIu64 " %5" PRIu64 " %5" PRIu64 " \n", total, g->in_flight[0],
			g->in_flight[1]);
	else
		fprintf(o->d->out, "%7s %5s %5s \n", "?", "?", "?");
	return 0;
}

static int dev_disks(struct dev *d, bool busy_only)
{
	struct disk_out o = { d, busy_only };
	if (crash_json(d->s)) {
		struct json_object *doc = json_object_new_object();
		int rc = 0;
		d->rows = json_object_new_array();
		json_object_object_add(doc, "disks", d->rows);
		if (gendisk_foreach(d->k, disk_row, &o))
			rc = crash_error(d->s, "disks: %s", err_get());
		d->rows = NULL;
		crash_json_emit(d->s, doc);
		return rc;
	}
	fputs("MAJOR GENDISK            NAME       REQUEST_QUEUE      TOTAL  READ WRITE \n", d->out);
	if (gendisk_foreach(d->k, disk_row, &o))
		return crash_error(d->s, "disks: %s", err_get());
	return 0;
}

/* dev in JSON: both tables; what was read before a failure stays. */
static int dev_json(struct dev *d)
{
	struct json_object *doc = json_object_new_object();
	int rc = 0;
	d->rows = json_object_new_array();
	json_object_object_add(doc, "character", d->rows);
	if (chrdev_foreach(d->k, chr_row, d) != 0)
		rc = crash_error(d->s, "character devices: %s", err_get());
	d->rows = json_object_new_array();
	json_object_object_add(doc, "block", d->rows);
	if (!rc && blkdev_check(d->k) != 0)
		rc = crash_error(d->s, "block devices: %s", err_get());
	if (!rc && blkdev_foreach(d->k, blk_row, d) != 0)
		rc = crash_error(d->s, "block devices: %s", err_get());
	d->rows = NULL;
	crash_json_emit(d->s, doc);
	return rc;
}

static int dev_run(struct crash_session *s, int argc, char **argv)
{
	struct dev d = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int opt, what = 0;

	optind = 0;
	while ((opt = getopt(argc, argv, "dDipVv:")) != -1) {
		switch (opt) {
		case 'd':
		case 'D':
		case 'i':
		case 'p':
		case 'V':
		case 'v':
			if (what && what != opt)
				return crash_usage_error(s, "-%c and -%c cannot be used together", what, opt);
			what = opt;
			break;
		default: return -1;
		}
	}
	if (optind < argc && what != 'v')
		return crash_error(s, "unexpected argument: %s", argv[optind]);
	if (!d.k)
		return crash_error(s, "no dump is open");
	switch (what) {
	case 'i': return dev_resources(&d);
	case 'p': return dev_pci(&d);
	case 'd': return dev_disks(&d, false);
	case 'D': return dev_disks(&d, true);
	/* device dumps are NT_DEVICE_DUMP notes that a kdump kernel's
	 * vmcore_add_device_dump() adds; the readers keep no such note */
	case 'V':
	case 'v': return crash_error(s, "no device dumps found in this dumpfile");
	}
	if (chrdev_check(d.k) != 0)
		return crash_error(s, "character devices: %s", err_get());
	if (crash_json(s))
		return dev_json(&d);
	fputs(chr_header, d.out);
	if (chrdev_foreach(d.k, chr_row, &d) != 0)
		return crash_error(s, "character devices: %s", err_get());
	fputc('\n', d.out);
	if (blkdev_check(d.k) != 0)
		return crash_error(s, "block devices: %s", err_get());
	fputs(blk_header, d.out);
	if (blkdev_foreach(d.k, blk_row, &d) != 0)
		return crash_error(s, "block devices: %s", err_get());
	return 0;
}

static const struct crash_cmd dev_cmd = {
	.name = "dev",
	.run = dev_run,
	.summary = "character and block devices",
	.synopsis = "[-i | -p | -d | -D] [-V | -v index [file]]",
	.description =
		"Lists the character device numbers the kernel has registered (its\n"
		"chrdevs table) and the block device majors (its major_names table).\n"
		"A character device line gives the major, the name given at\n"
		"registration, the struct cdev serving it and that cdev's file\n"
		"operations; a block device line gives the major, its name, the first\n"
		"gendisk of that major and the disk's block device operations.\n"
		"Operations are shown by symbol name when they are one; \"(none)\"\n"
		"means no cdev or gendisk was found for the major.\n"
		"\n"
		"  -i  the I/O port tree (ioport_resource), then the I/O memory tree\n"
		"      (iomem_resource): each struct resource, its range and its name,\n"
		"      parents before their children\n"
		"  -p  the PCI root buses, each followed by the devices on it and on the\n"
		"      buses below it: struct pci_dev, domain:bus:slot.function, class,\n"
		"      vendor:device and the device's PCIe port type (or ENDPOINT,\n"
		"      PCI_BRIDGE for plain PCI by header type)\n"
		"  -d  each disk (gendisk) with its request queue and its requests in\n"
		"      flight, TOTAL, READ and WRITE, counted as the kernel does: from the\n"
		"      per-CPU I/O statistics of a bio-based disk, from the tags in use\n"
		"      of a blk-mq one (the requests of that queue in flight); \"?\" when\n"
		"      they cannot be read\n"
		"  -D  the same without the disks that have no requests in flight\n"
		"  -V, -v index [file]\n"
		"      the device dumps a kdump kernel adds to its vmcore (device dump\n"
		"      notes); a dump without them says so\n"
		"\n"
		"EXAMPLES\n"
		"  crash> dev\n"
		"  CHRDEV    NAME                 CDEV        OPERATIONS      \n"
		"     1      mem            ffff8f3e90592700  memory_fops\n"
		"     4      /dev/vc/0      ffffffff981fbd40  console_fops\n"
		"    13      input               (none)     \n"
		"  ...\n"
		"\n"
		"  BLKDEV    NAME                GENDISK      OPERATIONS      \n"
		"   259      blkext              (none)     \n"
		"     7      loop           ffff8f3e9fe74400  lo_fops\n"
		"   254      zram           ffff8f3e82431000  zram_devops\n"
		"\n"
		"  crash> dev -d\n"
		"  MAJOR GENDISK            NAME       REQUEST_QUEUE      TOTAL  READ WRITE \n"
		"    254 ffff8e129fe93c00   zram0      ffff8e129fe965d0       0     0     0 \n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(dev_cmd)
