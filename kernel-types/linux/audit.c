/* Queued audit records; see audit.h. */
#include "kernel-types/linux/audit.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

/* struct nlmsghdr: len, type, flags, seq, pid */
#define NLMSG_HDRLEN 16

struct audit_walk {
	struct kernel *k;
	const char *queue;
	long off_data, off_len;
	int (*cb)(void *arg, const struct audit_rec *r);
	void *arg;
	int n, rc;
	char *buf;
};

static int one_skb(void *arg, uint64_t skb)
{
	struct audit_walk *w = arg;
	uint64_t data;
	uint32_t len;
	unsigned char h[NLMSG_HDRLEN];

	if (kernel_read_u64(w->k, skb + (uint64_t)w->off_data, &data) != 0 ||
	    kernel_read_u32(w->k, skb + (uint64_t)w->off_len, &len) != 0 ||
	    len < NLMSG_HDRLEN || kernel_read(w->k, data, h, sizeof(h)) != 0)
		return 0; /* an unreadable buffer: the next one */
	uint32_t mlen;
	uint16_t type;
	memcpy(&mlen, h, 4);
	memcpy(&type, h + 4, 2);
	if (mlen > len)
		mlen = len;
	size_t tlen = mlen > NLMSG_HDRLEN ? mlen - NLMSG_HDRLEN : 0;
	if (tlen > AUDIT_TEXT_MAX)
		tlen = AUDIT_TEXT_MAX;
	if (tlen && kernel_read(w->k, data + NLMSG_HDRLEN, w->buf, tlen) != 0)
		return 0;
	while (tlen && w->buf[tlen - 1] == '\0') /* the text's own NUL */
		tlen--;
	w->n++;
	struct audit_rec r = { .queue = w->queue, .skb = skb, .type = type, .text = w->buf,
			       .len = tlen };
	w->rc = w->cb(w->arg, &r);
	return w->rc;
}

int audit_walk(struct kernel *k, int (*cb)(void *arg, const struct audit_rec *r), void *arg)
{
	static const char *const queues[] = { "audit_queue", "audit_retry_queue",
					       "audit_hold_queue" };
	struct audit_walk w = { .k = k, .cb = cb, .arg = arg };
	uint64_t head;
	int found = 0;

	w.off_data = kernel_offsetof(k, "struct sk_buff", "data");
	w.off_len = kernel_offsetof(k, "struct sk_buff", "len");
	long off_next = kernel_offsetof(k, "struct sk_buff", "next");
	if (w.off_data < 0 || w.off_len < 0 || off_next != 0) {
		err_set("struct sk_buff has no data, len or next at its start in this kernel's types");
		return -1;
	}
	w.buf = malloc(AUDIT_TEXT_MAX);
	if (!w.buf) {
		err_set("out of memory");
		return -1;
	}
	for (size_t i = 0; i < sizeof(queues) / sizeof(queues[0]) && !w.rc; i++) {
		if (kernel_symbol(k, queues[i], &head) != 0)
			continue;
		found++;
		w.queue = queues[i];
		/* an sk_buff_head and its sk_buffs begin with next, prev */
		kwalk_list(k, head, 0, false, one_skb, &w);
	}
	free(w.buf);
	if (!found) {
		err_set("the kernel has no audit queues (audit_queue: built without CONFIG_AUDIT)");
		return -1;
	}
	return w.rc ? w.rc : w.n;
}
