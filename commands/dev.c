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
};

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
	print_row(arg, c->major, c->name, c->cdev, c->ops);
	return 0;
}

static int blk_row(void *arg, const struct blkdev_info *b)
{
	print_row(arg, b->major, b->name, b->gendisk, b->fops);
	return 0;
}

static int dev_run(struct crash_session *s, int argc, char **argv)
{
	struct dev d = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int opt;

	optind = 0;
	while ((opt = getopt(argc, argv, "dDipVv:")) != -1) {
		switch (opt) {
		case 'd':
		case 'D': return crash_error(s, "-%c (disk I/O statistics) is not supported", opt);
		case 'i': return crash_error(s, "-i (I/O ports and memory) is not supported");
		case 'p': return crash_error(s, "-p (PCI devices) is not supported");
		case 'V':
		case 'v': return crash_error(s, "-%c (device dumps) is not supported", opt);
		default: return -1;
		}
	}
	if (optind < argc)
		return crash_error(s, "unexpected argument: %s", argv[optind]);
	if (!d.k)
		return crash_error(s, "no dump is open");
	if (chrdev_check(d.k) != 0)
		return crash_error(s, "character devices: %s", err_get());
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
	.synopsis = "",
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
		"The options -d, -D (disk I/O statistics), -i (I/O ports and memory),\n"
		"-p (PCI devices), -V and -v (device dumps) are not supported.\n"
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
		"   254      zram           ffff8f3e82431000  zram_devops\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(dev_cmd)
