/* Swap areas; see swapinfo.h. */
#include "kernel-types/swapinfo.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "kernel-types/vmf_access.h"

#define SWP_USED 1	/* include/linux/swap.h, unchanged since 2.6 */

int swapinfo_count(struct kernel *k)
{
	uint64_t addr;
	uint32_t n;
	if (vmf_symbol(k, "swap_info", &addr) < 0 || vmf_symbol(k, "nr_swapfiles", &addr) < 0) {
		err_set("kernel has no swap_info (built without swap)");
		return -1;
	}
	if (vmf_read_u32(k, addr, &n) < 0)
		return -1;
	/* MAX_SWAPFILES is 32 at most (5 bits of type in a swap entry). */
	if (n > 64) {
		err_set("nr_swapfiles %u is not believable", n);
		return -1;
	}
	return (int)n;
}

/* The swap_info_struct of slot type: swap_info[] has been an array of
 * pointers since 2.6.33 (older kernels are out of scope); a NULL pointer
 * is a slot never used. */
static int slot_addr(struct kernel *k, int type, uint64_t *si)
{
	uint64_t base;
	*si = 0;
	if (vmf_symbol(k, "swap_info", &base) < 0)
		return -1;
	return vmf_read_u64(k, base + 8ull * (uint64_t)type, si);
}

int swapinfo_get(struct kernel *k, int type, struct swapinfo *si)
{
	uint64_t addr, flags, file = 0, v;
	long o;

	memset(si, 0, sizeof(*si));
	si->type = type;
	if (slot_addr(k, type, &addr) < 0)
		return -1;
	si->addr = addr;
	if (!addr)
		return 0;
	o = vmf_offset(k, "struct swap_info_struct", "flags");
	if (o < 0 || vmf_read_uint(k, addr + o, (size_t)vmf_member_size(k, "struct swap_info_struct", "flags"), &flags) < 0)
		return -1;
	if (!(flags & SWP_USED))
		return 0;
	si->used = true;

	o = vmf_offset(k, "struct swap_info_struct", "pages");
	if (o >= 0 && vmf_read_uint(k, addr + o, (size_t)vmf_member_size(k, "struct swap_info_struct", "pages"), &v) == 0)
		si->pages = v;
	o = vmf_offset(k, "struct swap_info_struct", "inuse_pages");
	if (o >= 0 && vmf_read_uint(k, addr + o, (size_t)vmf_member_size(k, "struct swap_info_struct", "inuse_pages"), &v) == 0)
		si->inuse = v;
	o = vmf_offset(k, "struct swap_info_struct", "prio");
	if (o >= 0) {
		long sz = vmf_member_size(k, "struct swap_info_struct", "prio");
		if (vmf_read_uint(k, addr + o, (size_t)sz, &v) == 0)
			si->prio = sz == 2 ? (int)(int16_t)v : (int)(int32_t)v;
	}
	o = vmf_offset(k, "struct swap_info_struct", "swap_file");
	if (o >= 0)
		vmf_read_u64(k, addr + o, &file);
	if (file) {
		struct dpath_file_info fi;
		struct dpath_inode_info ii;
		if (dpath_file(k, file, si->path, sizeof(si->path)) < 0 && !si->path[0])
			snprintf(si->path, sizeof(si->path), "(unknown)");
		if (dpath_file_info(k, file, &fi) == 0 && fi.inode &&
		    dpath_inode_info(k, fi.inode, &ii) == 0)
			si->partition = S_ISBLK(ii.mode);
	} else
		snprintf(si->path, sizeof(si->path), "(unknown)");
	return 1;
}
