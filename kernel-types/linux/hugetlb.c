/* The hstates; see hugetlb.h. */
#include "kernel-types/linux/hugetlb.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"

int hstate_foreach(struct kernel *k, int (*cb)(void *arg, const struct hstate_info *h), void *arg)
{
	const char *ht = "struct hstate";
	long sz = kernel_sizeof(k, ht);
	long no = kernel_offsetof(k, ht, "name");
	uint64_t a, hma, n = 0, v;
	int count = 0;

	if (kernel_symbol(k, "hstates", &a) != 0 || sz <= 0) {
		err_set("the kernel has no huge pages (no hstates)");
		return -1;
	}
	/* the registered ones (max_hstate before 3.x); without the count,
	 * the first, the default size's */
	if ((kernel_symbol(k, "hugetlb_max_hstate", &hma) != 0 &&
	     kernel_symbol(k, "max_hstate", &hma) != 0) ||
	    kernel_read_uint(k, hma, 4, &n) != 0)
		n = 1;
	if (n > HSTATE_MAX)
		n = HSTATE_MAX;
	for (uint64_t i = 0; i < n; i++) {
		struct hstate_info h;
		memset(&h, 0, sizeof(h));
		h.addr = a + i * (uint64_t)sz;
		if (kernel_read_member(k, h.addr, ht, "order", &v) != 0 || v > 40)
			continue;
		h.order = (unsigned)v;
		kernel_read_member(k, h.addr, ht, "nr_huge_pages", &h.nr);
		kernel_read_member(k, h.addr, ht, "free_huge_pages", &h.nr_free);
		if (no < 0 || kernel_read_string(k, h.addr + (uint64_t)no, h.name, sizeof(h.name)) < 0)
			h.name[0] = '\0';
		count++;
		if (cb && cb(arg, &h))
			break;
	}
	return count;
}
