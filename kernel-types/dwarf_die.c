/* Small helpers over libdw DIEs for the DWARF type source and the DWARF
 * index (dwarf.h): typedefs and qualifiers followed, sizes. */
#include <dwarf.h>

#include "kernel-types/dwarf.h"

void kernel_die_strip(Dwarf_Die *die)
{
	for (int guard = 0; guard < 64; guard++) {
		int tag = dwarf_tag(die);
		Dwarf_Attribute a;
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
		    tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type)
			return;
		if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, die))
			return;	/* const void: leave it */
	}
}

long kernel_die_size(Dwarf_Die *type)
{
	Dwarf_Die t = *type;
	Dwarf_Word size;

	kernel_die_strip(&t);
	if (dwarf_tag(&t) == DW_TAG_pointer_type)
		return 8;
	if (dwarf_aggregate_size(&t, &size) == 0)
		return (long)size;
	return -1;
}
