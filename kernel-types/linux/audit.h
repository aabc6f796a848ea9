/* Audit records the kernel queued for auditd and never handed over: the
 * netlink sk_buffs on audit_queue, audit_retry_queue and audit_hold_queue
 * (CONFIG_AUDIT), what crash's log -a prints. */
#ifndef CRASH_KERNEL_TYPES_LINUX_AUDIT_H
#define CRASH_KERNEL_TYPES_LINUX_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

/* Longest record text kept (an audit record is at most 8970 bytes). */
#define AUDIT_TEXT_MAX 9000

struct audit_rec {
	const char *queue;	/* "audit_queue", ... */
	uint64_t skb;
	uint16_t type;		/* nlmsghdr.nlmsg_type: AUDIT_SYSCALL 1300 ... */
	const char *text;	/* len bytes, not NUL-terminated */
	size_t len;
};

/* Every queued record, queue by queue, oldest first; cb's non-zero
 * return stops the walk and is returned.  The number of records seen,
 * or -1 with err_get() when the kernel has no audit queues (built
 * without CONFIG_AUDIT) or their sk_buffs cannot be read. */
int audit_walk(struct kernel *k, int (*cb)(void *arg, const struct audit_rec *r), void *arg);

#endif
