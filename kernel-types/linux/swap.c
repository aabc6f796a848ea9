/* Swap areas; see swap.h. */
#include "kernel-types/linux/swap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "arch/arch.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/files.h"

#define SWP_USED 1	/* include/linux/swap.h, unchanged since 2.6 */

int swap_area_count(struct kernel *k)
{
	uint64_t addr;
	uint32_t n;
	int rc;
	if (kernel_symbol(k, "swap_info", &addr) != 0 ||
	    kernel_symbol(k, "nr_swapfiles", &addr) != 0) {
		err_set("kernel has no swap_info (built without swap)");
		return -1;
	}
	if ((rc = kernel_read_u32(k, addr, &n)) != 0)
		return rc;
	/* MAX_SWAPFILES is 32 at most (5 bits of type in a swap entry). */
	if (n > 64) {
		err_set("nr_swapfiles %u is not believable", n);
		return -1;
	}
	/* areas this kernel's types cannot describe (no debug info) */
	if (n > 0 && kernel_sizeof(k, "struct swap_info_struct") < 0)
		return -1;
	return (int)n;
}

/* A member of the swap_info_struct at si, sized by the kernel's type;
 * false when it has no such member or it cannot be read. */
static bool si_member(struct kernel *k, uint64_t si, const char *member, uint64_t *v)
{
	return kernel_read_member(k, si, "struct swap_info_struct", member, v) == 0;
}

int swap_area_get(struct kernel *k, int type, struct swap_area *si)
{
	uint64_t base, addr, flags, file = 0, v;
	int rc;

	memset(si, 0, sizeof(*si));
	si->type = type;
	/* swap_info[] has been an array of pointers since 2.6.33 (older
	 * kernels are out of scope); a NULL pointer is a slot never used */
	if (kernel_symbol(k, "swap_info", &base) != 0)
		return -1;
	if ((rc = kernel_read_u64(k, base + 8ull * (uint64_t)type, &addr)) != 0)
		return rc;
	si->addr = addr;
	if (!addr)
		return 0;
	if ((rc = kernel_read_member(k, addr, "struct swap_info_struct", "flags", &flags)) != 0)
		return rc;
	if (!(flags & SWP_USED))
		return 0;
	si->used = true;

	if (si_member(k, addr, "pages", &v))
		si->pages = v;
	if (si_member(k, addr, "inuse_pages", &v))
		si->inuse = v;
	if (si_member(k, addr, "prio", &v)) {
		long sz = kernel_member_size(k, "struct swap_info_struct", "prio");
		si->prio = sz == 2 ? (int)(int16_t)v : (int)(int32_t)v;
	}
	si_member(k, addr, "swap_file", &file);
	if (file) {
		struct kfile f;
		struct kinode ii;
		if (dpath_file(k, file, si->path, sizeof(si->path)) < 0 && !si->path[0])
			snprintf(si->path, sizeof(si->path), "(unknown)");
		if (kfile_read(k, file, &f) == 0 && f.inode && kinode_read(k, f.inode, &ii) == 0)
			si->partition = S_ISBLK(ii.mode);
	} else
		snprintf(si->path, sizeof(si->path), "(unknown)");
	return 1;
}

int swap_totals(struct kernel *k, uint64_t *pages, uint64_t *inuse)
{
	int n = swap_area_count(k);
	struct swap_area *si;
	*pages = *inuse = 0;
	if (n < 0)
		return -1;
	si = xmalloc(sizeof(*si));
	for (int i = 0; i < n; i++) {
		if (swap_area_get(k, i, si) != 1)
			continue;
		*pages += si->pages;
		*inuse += si->inuse;
	}
	free(si);
	return 0;
}

/* Slot offset of area type is in use: swap_map[offset] counts its users
 * (0 free, SWAP_MAP_BAD a bad slot, SWAP_HAS_CACHE only cached). */
#define SWAP_MAP_BAD 0x3f
static bool slot_in_use(struct kernel *k, uint64_t type, uint64_t offset)
{
	uint64_t base, si, flags, max, map;
	uint8_t use;
	if (type >= 64 || kernel_symbol(k, "swap_info", &base) != 0 ||
	    kernel_read_u64(k, base + 8 * type, &si) != 0 || !si ||
	    kernel_read_member(k, si, "struct swap_info_struct", "flags", &flags) != 0 || !(flags & SWP_USED) ||
	    kernel_read_member(k, si, "struct swap_info_struct", "max", &max) != 0 || offset == 0 ||
	    offset >= max || kernel_read_member(k, si, "struct swap_info_struct", "swap_map", &map) != 0 || !map ||
	    kernel_read(k, map + offset, &use, 1) != 0) {
		err_clear();
		return false;
	}
	return use != 0 && use != SWAP_MAP_BAD;
}

static char layout_key;

int swap_entry_of_pte(struct kernel *k, uint64_t pte, uint64_t *type, uint64_t *offset)
{
	struct arch_vm *vm = kernel_arch(k);
	int *last = kernel_state(k, &layout_key);
	uint64_t t0, o0;
	if (!vm || arch_swap_layout_decode(vm, pte, 0, &t0, &o0) != 0) {
		err_set("%#llx holds no swap entry", (unsigned long long)pte);
		return -1;
	}
	*type = t0;
	*offset = o0;
	if (!last) {
		last = xcalloc(1, sizeof(*last));
		kernel_set_state(k, &layout_key, last, free);
	}
	uint64_t t, o;
	for (int i = -1; i < 8; i++) {
		int layout = i < 0 ? *last : i;
		if ((i >= 0 && i == *last) || arch_swap_layout_decode(vm, pte, layout, &t, &o) != 0)
			continue;
		if (slot_in_use(k, t, o)) {
			*last = layout;
			*type = t;
			*offset = o;
			return 1;
		}
	}
	return 0;
}
