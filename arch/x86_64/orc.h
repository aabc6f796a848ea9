/* ORC unwind tables of the x86_64 kernel (vmlinux and modules).
 *
 * A table is two parallel arrays as the kernel lays them out: 32-bit
 * instruction offsets, each relative to its own slot's address, and 6-byte
 * entries.  Entry bit layouts changed over kernel versions, so a table
 * carries its format version and entries are decoded into one normalised
 * form:
 *   v1 (until 6.2)  sp_reg:4 bp_reg:4 type:2 (CALL, REGS, REGS_PARTIAL) end:1
 *   v2 (6.3)        sp_reg:4 bp_reg:4 type:2 signal:1 end:1
 *   v3 (6.4 on)     sp_reg:4 bp_reg:4 type:3 (UNDEFINED, END_OF_STACK, CALL,
 *                   REGS, REGS_PARTIAL) signal:1
 * The version is found from the vmlinux (see orc_version_*), never from
 * a release string.  Pure arch code: no kernel-types headers. */
#ifndef CRASH_ARCH_X86_64_ORC_H
#define CRASH_ARCH_X86_64_ORC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Base registers of an entry (same numbers in every version). */
enum orc_reg {
	ORC_REG_UNDEFINED = 0,
	ORC_REG_PREV_SP = 1,
	ORC_REG_DX = 2,
	ORC_REG_DI = 3,
	ORC_REG_BP = 4,
	ORC_REG_SP = 5,
	ORC_REG_R10 = 6,
	ORC_REG_R13 = 7,
	ORC_REG_BP_INDIRECT = 8,
	ORC_REG_SP_INDIRECT = 9,
};

/* Normalised entry types (the v3 numbering). */
enum orc_type {
	ORC_TYPE_UNDEFINED = 0,
	ORC_TYPE_END_OF_STACK = 1,
	ORC_TYPE_CALL = 2,
	ORC_TYPE_REGS = 3,
	ORC_TYPE_REGS_PARTIAL = 4,
};

struct orc_entry {
	int16_t sp_offset, bp_offset;
	uint8_t sp_reg, bp_reg; /* enum orc_reg */
	uint8_t type;		/* enum orc_type */
	bool signal;		/* the ip is exact, not a return address */
};

#define ORC_ENTRY_SIZE 6
#define ORC_HEADER_SIZE 20

struct orc_table {
	uint64_t ip_base;  /* address of the first ip slot (runtime) */
	uint32_t n;
	int version;	   /* 1, 2 or 3 */
	uint64_t *ips;	   /* absolute, sorted */
	uint8_t *entries;  /* n * ORC_ENTRY_SIZE raw bytes, same order */
};

/* Decode one raw 6-byte entry of the given format version. */
void orc_decode(const uint8_t raw[ORC_ENTRY_SIZE], int version, struct orc_entry *e);

/* Version from the 20-byte .orc_header hash: 2 or 3, or -1 if unknown. */
int orc_version_from_header(const void *hdr, size_t len);

/* Version from the member names of the DWARF `struct orc_entry`:
 * has_signal / has_end say which of those members exist.  -1 if neither. */
int orc_version_from_members(bool has_signal, bool has_end);

/* Build a table from copies of the raw arrays.  ip_base is the address the
 * ip array has in the kernel being examined (relocated), so the absolute
 * addresses come out relocated too.  Returns 0, or -1 with err_get(). */
int orc_table_init(struct orc_table *t, const void *ip_raw, size_t ip_size,
		   const void *ent_raw, size_t ent_size, uint64_t ip_base, int version);
void orc_table_free(struct orc_table *t);

/* The entry that covers ip: the last one whose address is <= ip.  Returns
 * false when ip is below the first entry or the table is empty. */
bool orc_table_find(const struct orc_table *t, uint64_t ip, struct orc_entry *e);
/* Address range the table covers: [first entry, last entry]. */
bool orc_table_covers(const struct orc_table *t, uint64_t ip);

/* Load the vmlinux's tables from its .orc_unwind_ip / .orc_unwind sections,
 * relocated by kaslr.  version <= 0: use .orc_header if present, else the
 * given fallback (-version, or 1 when 0).  Returns 0 or -1 with err_get(). */
int orc_table_load_elf(struct orc_table *t, const char *vmlinux, uint64_t kaslr, int version);

#endif
