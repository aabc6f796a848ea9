/* ipcirq_access.h on the kernel-types API.  Placeholder until the kt
 * branch lands its symbol/type/read API: every operation fails cleanly. */
#include "kernel-types/ipcirq_backend.h"

#include "common/err.h"

#define NOT_YET err_set("kernel-types API not merged yet")

int iib_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len) { (void)k; (void)kaddr; (void)buf; (void)len; NOT_YET; return -1; }
long iib_offset(struct kernel *k, const char *type, const char *member) { (void)k; (void)type; (void)member; return -1; }
long iib_member_size(struct kernel *k, const char *type, const char *member) { (void)k; (void)type; (void)member; return -1; }
long iib_sizeof(struct kernel *k, const char *type) { (void)k; (void)type; return -1; }
long iib_var_offset(struct kernel *k, const char *var, const char *member) { (void)k; (void)var; (void)member; return -1; }
int iib_enum_value(struct kernel *k, const char *name, int64_t *value) { (void)k; (void)name; (void)value; return -1; }
int iib_symbol(struct kernel *k, const char *name, uint64_t *addr) { (void)k; (void)name; (void)addr; return -1; }
const char *iib_symbol_near(struct kernel *k, uint64_t addr, uint64_t *offset) { (void)k; (void)addr; (void)offset; return NULL; }
