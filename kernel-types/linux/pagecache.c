/* Page cache of an inode; see pagecache.h. */
#include "kernel-types/linux/pagecache.h"

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

int pagecache_nrpages(struct kernel *k, uint64_t mapping, uint64_t *nr)
{
	long o = kernel_offsetof(k, "struct address_space", "nrpages");
	*nr = 0;
	if (o < 0) {
		err_set("kernel has no address_space.nrpages");
		return -1;
	}
	return kernel_read_u64(k, mapping + (uint64_t)o, nr);
}

struct pc_walk {
	int (*fn)(void *arg, uint64_t index, uint64_t page);
	void *arg;
};

static int pc_entry(void *arg, uint64_t index, uint64_t e)
{
	struct pc_walk *p = arg;
	if (e & 1)
		return 0;	/* a value entry: shadow of an evicted page */
	return p->fn(p->arg, index, e);
}

int pagecache_foreach(struct kernel *k, uint64_t mapping,
		      int (*fn)(void *arg, uint64_t index, uint64_t page), void *arg)
{
	long o = kernel_offsetof(k, "struct address_space", "i_pages");
	struct pc_walk p = { fn, arg };
	if (o < 0) {
		err_set("kernel has no address_space.i_pages");
		return -1;
	}
	return kwalk_xarray(k, mapping + (uint64_t)o, pc_entry, &p);
}
