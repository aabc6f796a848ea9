/* sbitmapq: a struct sbitmap_queue (kernel-types/linux/sbitmap.c) as
 * crash shows it, or the entries of an array its set bits index. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

static void summary(FILE *out, const struct ksbitmapq *q)
{
	fprintf(out, "depth = %u\nbusy = %llu\ncleared = %llu\nbits_per_word = %u\nmap_nr = %u\n",
		q->depth, (unsigned long long)q->busy, (unsigned long long)q->cleared, 1u << q->shift,
		q->map_nr);
	if (q->alloc_hint) {
		fputs("alloc_hint = {", out);
		for (int c = 0; c < q->ncpus; c++)
			fprintf(out, "%s%u", c ? ", " : "", q->alloc_hint[c]);
		fputs("}\n", out);
	}
	fprintf(out, "wake_batch = %u\nwake_index = %u\n", q->wake_batch, q->wake_index);
	if (q->has_ws_active)
		fprintf(out, "ws_active = %u\n", q->ws_active);
	if (q->nws) {
		fputs("ws = {\n", out);
		for (int i = 0; i < q->nws; i++) {
			fputs("\t{ ", out);
			if (q->ws[i].wait_cnt >= 0 || q->ws[i].wait_cnt < -1)
				fprintf(out, ".wait_cnt = %lld, ", (long long)q->ws[i].wait_cnt);
			fprintf(out, ".wait = %s },\n", q->ws[i].active ? "active" : "inactive");
		}
		fputs("}\n", out);
	} else {
		fputs("ws = (none)\n", out);
	}
	fprintf(out, "round_robin = %d\n", q->round_robin);
	if (q->has_min_shallow_depth)
		fprintf(out, "min_shallow_depth = %u\n", q->min_shallow_depth);
	/* the tags in use, 16 bytes a line in pairs */
	fputc('\n', out);
	for (size_t o = 0; o < q->bitmap_bytes; o += 16) {
		fprintf(out, "%08zx:", o);
		for (size_t i = o; i < o + 16 && i < q->bitmap_bytes; i++)
			fprintf(out, "%s%02x", (i - o) % 2 ? "" : " ", q->bitmap[i]);
		fputc('\n', out);
	}
}

/* -s TYPE[.member,...]: split into the struct's name and its members. */
struct elem {
	char type[272];
	char *members[16];
	int nmembers;
	char buf[256];
};

static int parse_struct(struct crash_session *s, const char *arg, struct elem *e)
{
	snprintf(e->buf, sizeof(e->buf), "%s", arg);
	char *dot = strchr(e->buf, '.');
	if (dot) {
		*dot = 0;
		for (char *m = strtok(dot + 1, ","); m && e->nmembers < 16; m = strtok(NULL, ","))
			e->members[e->nmembers++] = m;
	}
	if (!*e->buf)
		return crash_usage_error(s, "invalid structure name: %s", arg);
	if (!strncmp(e->buf, "struct ", 7) || !strncmp(e->buf, "union ", 6))
		snprintf(e->type, sizeof(e->type), "%s", e->buf);
	else
		snprintf(e->type, sizeof(e->type), "struct %s", e->buf);
	return 0;
}

static int show_elements(struct crash_session *s, struct kernel *k, FILE *out,
			 const struct ksbitmapq *q, const struct elem *e, uint64_t array,
			 bool pointers, bool verbose, unsigned flags)
{
	struct kqtype t;
	if (ktype_lookup(k, e->type, &t) != 0)
		return crash_error(s, "%s", err_get());
	long size = ktype_size(ktype_strip(t.type));
	if (!pointers && size <= 0)
		return crash_error(s, "%s has no size", e->type);
	int rc = 0;
	for (uint64_t n = 0; n < q->depth && !crash_interrupted(); n++) {
		if (!ksbitmapq_bit(q, n))
			continue;
		uint64_t a;
		if (pointers) {
			if (kernel_read_u64(k, array + 8 * n, &a) != 0) {
				rc = crash_error(s, "%llu: %s", (unsigned long long)n, err_get());
				continue;
			}
		} else {
			a = array + (uint64_t)size * n;
		}
		if (!verbose) {
			fprintf(out, "%llu: 0x%llx\n", (unsigned long long)n, (unsigned long long)a);
			continue;
		}
		fprintf(out, "%llu (0x%llx):\n", (unsigned long long)n, (unsigned long long)a);
		if (e->nmembers) {
			for (int i = 0; i < e->nmembers; i++)
				if (tp_member_value(k, out, ktype_strip(t.type), a, e->members[i], flags))
					rc = crash_error(s, "%s", err_get());
			continue;
		}
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		int bad = tp_value_at(k, mem, t, a, 0, flags);
		fclose(mem);
		if (bad)
			rc = crash_error(s, "%llu: %s", (unsigned long long)n, err_get());
		else
			fprintf(out, "%s %s\n", e->type, text);
		free(text);
	}
	return rc;
}

static int sbitmapq_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct elem e = { 0 };
	const char *sarg = NULL;
	uint64_t array = 0, addr;
	bool have_array = false, pointers = false, verbose = false;
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	int opt;
	optind = 0;
	while ((opt = getopt(argc, argv, "s:a:pvxd")) != -1) {
		switch (opt) {
		case 's': sarg = optarg; break;
		case 'a':
			if (addrarg_resolve(k, optarg, &array) != 0)
				return crash_usage_error(s, "invalid address: %s", optarg);
			have_array = true;
			break;
		case 'p': pointers = true; break;
		case 'v': verbose = true; break;
		case 'x': flags |= TP_HEX; break;
		case 'd': flags &= ~(unsigned)TP_HEX; break;
		default:
			return crash_usage_error(s, "usage: sbitmapq [-s struct[.member[,member]] -a "
						    "address [-p] [-v]] -[x|d] address");
		}
	}
	if (optind != argc - 1)
		return crash_usage_error(s, optind < argc ? "one sbitmap_queue address, not more"
							  : "an sbitmap_queue address is needed");
	if (sarg && !have_array)
		return crash_usage_error(s, "-s needs -a (the array the bits index)");
	if (have_array && !sarg)
		return crash_usage_error(s, "-a needs -s (the structure of the array)");
	if (verbose && !sarg)
		return crash_usage_error(s, "-v needs -s");
	if (sarg && parse_struct(s, sarg, &e))
		return -1;
	if (addrarg_resolve(k, argv[optind], &addr) != 0)
		return crash_usage_error(s, "invalid address: %s", argv[optind]);
	struct ksbitmapq q;
	if (ksbitmapq_read(k, addr, &q) != 0)
		return crash_error(s, "%s", err_get());
	FILE *out = crash_out(s);
	int rc = sarg ? show_elements(s, k, out, &q, &e, array, pointers, verbose, flags)
		      : (summary(out, &q), 0);
	ksbitmapq_free(&q);
	return rc;
}

static const struct crash_cmd sbitmapq_cmd = {
	.name = "sbitmapq",
	.run = sbitmapq_run,
	.summary = "sbitmap_queue struct contents",
	.synopsis = "[-s struct[.member[,member]] -a address [-p] [-v]] -[x|d] address",
	.description =
		"The struct sbitmap_queue at address (blk-mq's tags, a SCSI target's\n"
		"tag pool): its depth, the bits in use and cleared, the word size and\n"
		"count, each CPU's allocation hint, the wake batch and index, the\n"
		"wait queues (active when a task waits), then the bits in use, as a\n"
		"byte dump.  The counts are the kernel's sbitmap_queue_show() ones:\n"
		"busy is the bits set less the bits cleared.\n"
		"\n"
		"  -s struct  the structure of an array the set bits index; with\n"
		"             struct.member[,member] only those members (with -v).\n"
		"  -a address the array: each set bit's index and its element's\n"
		"             address are printed.\n"
		"  -p         the array holds pointers to the structures.\n"
		"  -v         each element's contents, not only its address.\n"
		"  -x, -d     -v in hexadecimal, in decimal.\n"
		"\n"
		"EXAMPLES\n"
		"  The tags of a loop device's first hardware queue:\n"
		"\n"
		"  crash> p &((struct gendisk *)0xffff8e129fee4400)->queue->tag_set->tags[0]->bitmap_tags\n"
		"  $1 = (struct sbitmap_queue *) 0xffff8e1290e0a0d0\n"
		"  crash> sbitmapq 0xffff8e1290e0a0d0\n"
		"  depth = 128\n"
		"  busy = 0\n"
		"  cleared = 0\n"
		"  bits_per_word = 32\n"
		"  map_nr = 4\n"
		"  alloc_hint = {80, 53}\n"
		"  wake_batch = 8\n"
		"  wake_index = 0\n"
		"  ws_active = 0\n"
		"  ws = {\n"
		"          { .wait = inactive },\n"
		"          ...\n"
		"  }\n"
		"  round_robin = 0\n"
		"  min_shallow_depth = 4294967295\n"
		"\n"
		"  00000000: 0000 0000 0000 0000 0000 0000 0000 0000\n"
		"\n"
		"  The requests of the tags in use (an array of pointers):\n"
		"\n"
		"  crash> sbitmapq -s request -a 0xffff8e129fee1400 -p 0xffff8e1290e0a0d0\n"
		"  3: 0xffff8e1290f30000\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(sbitmapq_cmd)
