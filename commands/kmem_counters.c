/* kmem -V (the VM counters), -o (the per-CPU offsets), -h (the huge page
 * pools), in crash's layouts. */
#include <inttypes.h>
#include <string.h>

#include "kmem.h"

static size_t name_width(const struct vmstat_set *s, size_t w)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->items[i].name) > w)
			w = strlen(s->items[i].name);
	return w;
}

static void print_set(struct kmem *m, const struct vmstat_set *s, int w, bool title)
{
	if (title)
		fprintf(m->out, "  %s:\n", s->title);
	for (size_t i = 0; i < s->n; i++) {
		if (s->items[i].rc)
			fprintf(m->out, "%*s: (%s)\n", w, s->items[i].name,
				kernel_read_error_name(s->items[i].rc));
		else
			fprintf(m->out, "%*s: %" PRId64 "\n", w, s->items[i].name, s->items[i].value);
	}
}

/* The global counters, section by section; the zone, node and NUMA
 * names share one width, the events have theirs (as crash aligns them). */
int kmem_vmstat(struct kmem *m)
{
	static const enum vmstat_kind kinds[] = { VMSTAT_ZONE, VMSTAT_NODE, VMSTAT_NUMA,
						  VMSTAT_EVENT };
	struct vmstat_set sets[4];
	bool have[4] = { false };
	size_t w = 0;
	int shown = 0;

	for (int i = 0; i < 4; i++) {
		int r = vmstat_global(m->k, kinds[i], &sets[i]);
		if (r < 0)
			crash_warn(m->s, "%s", err_get());
		have[i] = r == 0;
		if (have[i] && kinds[i] != VMSTAT_EVENT)
			w = name_width(&sets[i], w);
	}
	for (int i = 0; i < 4; i++) {
		if (!have[i])
			continue;
		if (shown++)
			fputc('\n', m->out);
		print_set(m, &sets[i], (int)(kinds[i] == VMSTAT_EVENT ? name_width(&sets[i], 0) : w),
			  true);
		vmstat_free(&sets[i]);
	}
	if (!shown)
		return crash_error(m->s, "the kernel has no vm_zone_stat, vm_node_stat or vm_event_states");
	return 0;
}

int kmem_percpu_offsets(struct kmem *m)
{
	int n = kernel_nr_cpus(m->k);
	fprintf(m->out, "PER-CPU OFFSET VALUES:\n");
	for (int c = 0; c < n; c++) {
		uint64_t off;
		if (crash_interrupted())
			return crash_error(m->s, "interrupted");
		if (kernel_percpu_offset(m->k, c, &off) != 0)
			fprintf(m->out, "  CPU %d: (unknown)\n", c);
		else
			fprintf(m->out, "  CPU %d: %" PRIx64 "\n", c, off);
	}
	return 0;
}

struct hs_ctx {
	struct kmem *m;
	int shown;
};

static int hstate_line(void *arg, const struct hstate_info *h)
{
	struct hs_ctx *x = arg;
	char size[24];
	uint64_t kb = (x->m->page_size << h->order) / 1024;
	if (!x->shown++)
		fprintf(x->m->out, "     HSTATE        SIZE    FREE   TOTAL  NAME\n");
	if (kb >= 1024 * 1024 && !(kb % (1024 * 1024)))
		snprintf(size, sizeof(size), "%" PRIu64 "GB", kb / (1024 * 1024));
	else if (kb >= 1024 && !(kb % 1024))
		snprintf(size, sizeof(size), "%" PRIu64 "MB", kb / 1024);
	else
		snprintf(size, sizeof(size), "%" PRIu64 "KB", kb);
	fprintf(x->m->out, "%-16" PRIx64 "  %5s  %6" PRIu64 "  %6" PRIu64 "  %s\n", h->addr, size,
		h->nr_free, h->nr, h->name);
	return 0;
}

int kmem_hstates(struct kmem *m)
{
	struct hs_ctx x = { m, 0 };
	if (hstate_foreach(m->k, hstate_line, &x) < 0)
		return crash_error(m->s, "%s", err_get());
	if (!x.shown)
		return crash_error(m->s, "no huge page sizes are registered (hugetlb_max_hstate is 0)");
	return 0;
}
