/* The memory counters of kmem -i; see meminfo.h. */
#include "kernel-types/linux/meminfo.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/hugetlb.h"
#include "kernel-types/linux/percpu.h"
#include "kernel-types/linux/swap.h"
#include "kernel-types/walk.h"

/* Item `name` of the global counter array `array` (vm_zone_stat,
 * vm_node_stat: atomic_long_t each), indexed by its enumerator.  false
 * when the kernel has no such item. */
static bool vmstat(struct kernel *k, const char *array, const char *name, int64_t *v)
{
	int64_t idx;
	uint64_t a, raw;
	if (kernel_enum_value(k, name, &idx) != 0 || idx < 0 || kernel_symbol(k, array, &a) != 0 ||
	    kernel_read_u64(k, a + 8u * (uint64_t)idx, &raw) != 0)
		return false;
	*v = (int64_t)raw;
	return true;
}

static int64_t zone_stat(struct kernel *k, const char *name)
{
	int64_t v = 0;
	vmstat(k, "vm_zone_stat", name, &v);
	return v < 0 ? 0 : v;
}

static int64_t node_stat(struct kernel *k, const char *name)
{
	int64_t v = 0;
	if (!vmstat(k, "vm_node_stat", name, &v))
		vmstat(k, "vm_zone_stat", name, &v);	/* before node counters */
	return v < 0 ? 0 : v;
}

/* Pages in the swap cache as /proc/meminfo counts them (6.1's
 * total_swapcache_pages()): the nrpages of each swap file's address
 * spaces, swapper_spaces[i][0 .. nr_swapper_spaces[i]).  The NR_SWAPCACHE
 * counter lags that by the CPUs' deltas not yet folded in (6 pages on a
 * fixture, which made CACHED differ from crash's); it is the answer where
 * those arrays are gone. */
static int64_t swapcache_pages(struct kernel *k)
{
	uint64_t sp, nsp, nfa, nfiles;
	long as = kernel_sizeof(k, "struct address_space");
	long nrp = kernel_offsetof(k, "struct address_space", "nrpages");
	int64_t sum = 0;

	if (kernel_symbol(k, "swapper_spaces", &sp) != 0 || kernel_symbol(k, "nr_swapper_spaces", &nsp) != 0 ||
	    kernel_symbol(k, "nr_swapfiles", &nfa) != 0 || as <= 0 || nrp < 0 ||
	    kernel_read_uint(k, nfa, 4, &nfiles) != 0)
		return node_stat(k, "NR_SWAPCACHE");
	for (uint64_t i = 0; i < nfiles && i < 64; i++) {
		uint64_t spaces, nr, n;
		if (kernel_read_u64(k, sp + 8 * i, &spaces) != 0 || kernel_read_uint(k, nsp + 4 * i, 4, &nr) != 0)
			return node_stat(k, "NR_SWAPCACHE");
		if (!spaces)
			continue;
		if (nr > (1u << 20))	/* 64 EB of swap: a damaged dump */
			return node_stat(k, "NR_SWAPCACHE");
		for (uint64_t j = 0; j < nr; j++) {
			if (kernel_read_u64(k, spaces + j * (uint64_t)as + (uint64_t)nrp, &n) != 0)
				return node_stat(k, "NR_SWAPCACHE");
			/* more than 2^40 pages (4 PB): a damaged dump, and the
			 * sum must not overflow */
			if (n > (1ull << 40) || sum > (int64_t)(1ull << 40))
				return node_stat(k, "NR_SWAPCACHE");
			sum += (int64_t)n;
		}
	}
	return sum;
}

static uint64_t total_ram(struct kernel *k)
{
	uint64_t a, v = 0;
	if (kernel_symbol(k, "_totalram_pages", &a) == 0 ||
	    kernel_symbol(k, "totalram_pages", &a) == 0)
		kernel_read_u64(k, a, &v);
	return v;
}

struct bdev_sum {
	struct kernel *k;
	long nrpages;		/* inode.i_data.nrpages */
	uint64_t pages;
};

static int bdev_inode(void *arg, uint64_t inode)
{
	struct bdev_sum *b = arg;
	uint64_t n;
	if (kernel_read_u64(b->k, inode + (uint64_t)b->nrpages, &n) == 0)
		b->pages += n;
	return 0;
}

/* Pages cached for block devices (what /proc/meminfo calls Buffers): the
 * page caches of the inodes of the bdev pseudo filesystem. */
static uint64_t buffer_pages(struct kernel *k)
{
	uint64_t sbp, sb;
	long s_inodes = kernel_offsetof(k, "struct super_block", "s_inodes");
	long i_sb_list = kernel_offsetof(k, "struct inode", "i_sb_list");
	struct bdev_sum b = { k, kernel_offsetof(k, "struct inode", "i_data.nrpages"), 0 };

	if (kernel_symbol(k, "blockdev_superblock", &sbp) != 0 || s_inodes < 0 || i_sb_list < 0 ||
	    b.nrpages < 0 || kernel_read_u64(k, sbp, &sb) != 0 || !sb)
		return 0;
	kwalk_list(k, sb + (uint64_t)s_inodes, i_sb_list, false, bdev_inode, &b);
	return b.pages;
}

struct huge_sum {
	uint64_t total, nfree;
};

static int huge_add(void *arg, const struct hstate_info *h)
{
	struct huge_sum *s = arg;
	if (h->order && h->order <= 30) {
		s->total += h->nr << h->order;
		s->nfree += h->nr_free << h->order;
	}
	return 0;
}

/* Huge pages of every hstate, in base pages: false when the kernel has
 * no hugetlbfs. */
static bool huge_pages(struct kernel *k, uint64_t *total, uint64_t *nfree)
{
	struct huge_sum s = { 0, 0 };
	int n = hstate_foreach(k, huge_add, &s);
	*total = s.total;
	*nfree = s.nfree;
	return n >= 0;
}

/* vm_committed_as as /proc/meminfo sums it, never negative. */
static uint64_t committed_pages(struct kernel *k)
{
	uint64_t a;
	int64_t sum;
	if (kernel_symbol(k, "vm_committed_as", &a) != 0 || percpu_counter_sum(k, a, &sum) != 0)
		return 0;
	return sum < 0 ? 0 : (uint64_t)sum;
}

/* CommitLimit: overcommit_kbytes, or overcommit_ratio percent of the RAM
 * that is not huge pages; plus all swap. */
static uint64_t commit_limit(struct kernel *k, uint64_t ram, uint64_t huge, uint64_t swap)
{
	uint64_t a, kb = 0, ratio = 50;
	uint64_t page_kb = arch_get_info(kernel_arch(k))->page_size / 1024;
	if (kernel_symbol(k, "sysctl_overcommit_kbytes", &a) == 0)
		kernel_read_u64(k, a, &kb);
	if (kb)
		return kb / (page_kb ? page_kb : 4) + swap;
	if (kernel_symbol(k, "sysctl_overcommit_ratio", &a) == 0)
		kernel_read_uint(k, a, 4, &ratio);
	return (ram - huge) * ratio / 100 + swap;
}

static int64_t slab_pages(struct kernel *k)
{
	int64_t r = 0, u = 0;
	if (vmstat(k, "vm_node_stat", "NR_SLAB_RECLAIMABLE_B", &r)) {
		vmstat(k, "vm_node_stat", "NR_SLAB_UNRECLAIMABLE_B", &u);
	} else if (node_stat(k, "NR_SLAB_RECLAIMABLE") || node_stat(k, "NR_SLAB_UNRECLAIMABLE")) {
		r = node_stat(k, "NR_SLAB_RECLAIMABLE");
		u = node_stat(k, "NR_SLAB_UNRECLAIMABLE");
	}
	return (r < 0 ? 0 : r) + (u < 0 ? 0 : u);
}

int meminfo_read(struct kernel *k, struct meminfo *mi)
{
	uint64_t a;
	int64_t file;

	memset(mi, 0, sizeof(*mi));
	mi->totalram = total_ram(k);
	if (!mi->totalram) {
		err_set("cannot read totalram_pages");
		return -1;
	}
	/* without the counters (no types, a damaged dump) every line would
	 * be a zero */
	int64_t nfree;
	err_clear();
	if (!vmstat(k, "vm_zone_stat", "NR_FREE_PAGES", &nfree)) {
		err_prefix("cannot read vm_zone_stat[NR_FREE_PAGES]");
		return -1;
	}
	mi->free = (uint64_t)zone_stat(k, "NR_FREE_PAGES");
	mi->buffers = buffer_pages(k);
	file = node_stat(k, "NR_FILE_PAGES") - swapcache_pages(k) - (int64_t)mi->buffers;
	mi->cached = file < 0 ? 0 : (uint64_t)file;
	mi->slab = (uint64_t)slab_pages(k);
	mi->has_huge = huge_pages(k, &mi->huge_total, &mi->huge_free);
	mi->has_swap = swap_totals(k, &mi->swap_total, &mi->swap_used) == 0;
	if (kernel_symbol(k, "sysctl_overcommit_memory", &a) == 0) {
		mi->has_commit = true;
		mi->commit_limit = commit_limit(k, mi->totalram, mi->huge_total, mi->swap_total);
		mi->committed = committed_pages(k);
	}
	return 0;
}
