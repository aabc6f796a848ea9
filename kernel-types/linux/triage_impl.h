/* Private to kernel-types/linux/triage*.c: the name helpers the kind,
 * the log and the frames share. */
#ifndef CRASH_KERNEL_TYPES_LINUX_TRIAGE_IMPL_H
#define CRASH_KERNEL_TYPES_LINUX_TRIAGE_IMPL_H

#include <stdbool.h>
#include <stddef.h>

/* A function's name without the compiler's suffixes (".cold", ".isra.0"). */
void ktriage_base_name(const char *f, char *out, size_t len);
bool ktriage_has_prefix(const char *s, const char *p);
/* f (suffixes left out) is in the NULL-terminated list; an entry ending
 * in '*' is a prefix. */
bool ktriage_in_list(const char *f, const char *const *list);

struct kernel;
struct ktriage;
/* The log's part of the triage: the records up to the panic line, through
 * ktriage_from_log (triage_log.c). */
void ktriage_read_log(struct kernel *k, struct ktriage *t);

#endif
