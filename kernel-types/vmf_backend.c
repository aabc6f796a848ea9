/* vmf_access.h on the kernel-types API.  (Placeholder until kt lands.) */
#include "kernel-types/vmf_backend.h"

#include "common/err.h"

#define NOT_YET err_set("kernel-types API not merged yet")

int vmfb_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len) { (void)k; (void)kaddr; (void)buf; (void)len; NOT_YET; return -1; }
long vmfb_offset(struct kernel *k, const char *type, const char *member) { (void)k; (void)type; (void)member; return -1; }
long vmfb_member_size(struct kernel *k, const char *type, const char *member) { (void)k; (void)type; (void)member; return -1; }
long vmfb_sizeof(struct kernel *k, const char *type) { (void)k; (void)type; return -1; }
const char *vmfb_member_type(struct kernel *k, const char *type, const char *member) { (void)k; (void)type; (void)member; return NULL; }
int vmfb_enum_value(struct kernel *k, const char *name, int64_t *value) { (void)k; (void)name; (void)value; return -1; }
int vmfb_symbol(struct kernel *k, const char *name, uint64_t *addr) { (void)k; (void)name; (void)addr; return -1; }
const char *vmfb_symbol_at(struct kernel *k, uint64_t addr) { (void)k; (void)addr; return NULL; }
uint32_t vmfb_page_size(struct kernel *k) { (void)k; return 4096; }
int vmfb_kvtop(struct kernel *k, uint64_t kaddr, uint64_t *paddr) { (void)k; (void)kaddr; (void)paddr; NOT_YET; return -1; }
int vmfb_uvtop(struct kernel *k, uint64_t pgd_paddr, uint64_t uaddr, struct vmf_upage *out) { (void)k; (void)pgd_paddr; (void)uaddr; (void)out; NOT_YET; return -1; }
int vmfb_nr_cpus(struct kernel *k) { (void)k; return 0; }
int vmfb_percpu_offset(struct kernel *k, int cpu, uint64_t *off) { (void)k; (void)cpu; (void)off; return -1; }
