/* The "sysinfo" test kernel, for tests/unit/test_sysinfo.c: a system
 * call table of four entries (two calling the same function, as the
 * unimplemented numbers all call sys_ni_syscall) and the DMI strings of
 * dmi_ident[] indexed by enum dmi_field, some left NULL. */
#include "tk_kernel.h"

long __x64_sys_read(void) { return 0; }
long __x64_sys_write(void) { return 1; }
long __x64_sys_ni_syscall(void) { return -38; }

typedef long (*sys_call_ptr_t)(void);
const sys_call_ptr_t sys_call_table[] = {
	__x64_sys_read, __x64_sys_write, __x64_sys_ni_syscall, __x64_sys_ni_syscall,
};

enum dmi_field {
	DMI_NONE,
	DMI_BIOS_VENDOR,
	DMI_BIOS_VERSION,
	DMI_SYS_VENDOR,
	DMI_PRODUCT_NAME,
	DMI_STRING_MAX,
	DMI_OEM_STRING,
};
enum dmi_field dmi_field_of_type;	/* keeps the enum in the DWARF */

__direct char dmi_vendor[] = "SeaBIOS", dmi_sys[] = "QEMU", dmi_empty[] = "";
const char *dmi_ident[DMI_STRING_MAX] = {
	[DMI_BIOS_VENDOR] = dmi_vendor, [DMI_SYS_VENDOR] = dmi_sys, [DMI_PRODUCT_NAME] = dmi_empty,
};
