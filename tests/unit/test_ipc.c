/* The System V IPC walker (kernel-types/linux/ipc.c) on the real code:
 * kernel_open() of the "ipc" test kernel (tests/unit/kernels/ipc.c), once
 * plain and once with KASLR in a kdump file: the objects of each kind
 * from the namespace's idr (an entry in the idr head, two under a node),
 * their fields, the pages of a shm segment with and without its shmem
 * file, a task's namespace, and the read errors of damaged entries, with
 * their kind. */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/ipc.h"
#include "kernels/ipc.h"
#include "testkernel.h"
#include "tkstart.h"

struct objs {
	int n;
	struct ipc_obj o[4];
};

static int keep(void *arg, const struct ipc_obj *o)
{
	struct objs *s = arg;
	if (s->n < 4)
		s->o[s->n] = *o;
	s->n++;
	return 0;
}

static void run(const char *what, const struct tk_opts *opts)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("ipc", opts, what, &k);
	if (!tk)
		return;
	struct objs s = { 0 };
	uint64_t ns = 0;
	CHECK(ipc_init_ns(k, &ns) == 0 && ns == tk_symbol(tk, "init_ipc_ns"), "%s: ipc: init_ipc_ns",
	      what);
	int r = ipc_walk(k, ns, IPC_KIND_SHM, keep, &s);
	CHECK(r == 0 && s.n == 2 && s.o[0].addr == tk_symbol(tk, "shm_0") && s.o[0].id == 32768 &&
		      (uint32_t)s.o[0].key == 0x5eed0001 && s.o[0].uid == 1000 && s.o[0].gid == 100 &&
		      s.o[0].mode == (0600 | SHM_DEST) && s.o[0].segsz == 65536 && s.o[0].nattch == 3 &&
		      !s.o[0].file,
	      "%s: ipc: shm segment fields (%d segments: %s)", what, s.n, r ? err_get() : "ok");
	uint64_t a = 99, res = 99, sw = 99;
	ipc_shm_pages(k, &s.o[0], &a, &res, &sw);
	CHECK(a == 16 && res == 0 && sw == 0, "%s: ipc: shm pages without a file", what);
	CHECK(s.n == 2 && s.o[1].id == 32769 && s.o[1].file == tk_symbol(tk, "shm_1_file") &&
		      s.o[1].inode == tk_symbol(tk, "shm_1_info") + offsetof(struct shmem_inode_info, vfs_inode),
	      "%s: ipc: second segment, under an idr node, with its file and inode", what);
	if (s.n == 2)
		ipc_shm_pages(k, &s.o[1], &a, &res, &sw);
	CHECK(a == 2 && res == 1 && sw == 1,
	      "%s: ipc: shm pages of a shmem file: 2 allocated, 1 resident, 1 swapped (%llu/%llu/%llu)",
	      what, (unsigned long long)a, (unsigned long long)res, (unsigned long long)sw);
	memset(&s, 0, sizeof(s));
	r = ipc_walk(k, ns, IPC_KIND_SEM, keep, &s);
	CHECK(r == 0 && s.n == 1 && s.o[0].nsems == 3 && s.o[0].mode == 0644 && s.o[0].id == 1,
	      "%s: ipc: semaphore array", what);
	memset(&s, 0, sizeof(s));
	r = ipc_walk(k, ns, IPC_KIND_MSG, keep, &s);
	CHECK(r == 0 && s.n == 1 && s.o[0].cbytes == 27 && s.o[0].qnum == 3 && s.o[0].id == 2,
	      "%s: ipc: message queue", what);
	struct ipc_obj one;
	CHECK(ipc_read_obj(k, IPC_KIND_MSG, tk_symbol(tk, "msg_2"), &one) == 0 && one.qnum == 3,
	      "%s: ipc: one object read by address", what);

	/* A task's namespace: another one, empty; an exited task has none. */
	CHECK(ipc_task_ns(k, tk_symbol(tk, "task_other"), &ns) == 0 &&
		      ns == tk_symbol(tk, "other_ipc_ns"),
	      "%s: ipc: namespace of a task (nsproxy->ipc_ns)", what);
	memset(&s, 0, sizeof(s));
	CHECK(ipc_walk(k, ns, IPC_KIND_SHM, keep, &s) == 0 && s.n == 0,
	      "%s: ipc: the other namespace is empty", what);
	CHECK(ipc_task_ns(k, tk_symbol(tk, "task_exited"), &ns) < 0 && strstr(err_get(), "exited"),
	      "%s: ipc: a task without nsproxy: %s", what, err_get());
	kernel_close(k);

	/* An idr entry pointing outside the dump is an error, not a crash,
	 * and says the address is not mapped. */
	uint64_t msg_head = tk_symbol(tk, "init_ipc_ns") + offsetof(struct ipc_namespace, ids[1]) +
			    offsetof(struct ipc_ids, ipcs_idr) + offsetof(struct idr, idr_rt) +
			    offsetof(struct xarray, xa_head);
	tk_write_u64(tk, msg_head, 0xdead000);
	k = tk_open(tk);
	if (k && ipc_init_ns(k, &ns) == 0) {
		r = ipc_walk(k, ns, IPC_KIND_MSG, keep, &s);
		CHECK(r == KREAD_NOT_MAPPED && strstr(err_get(), "dead0"),
		      "%s: ipc: unreadable object reported as not mapped (%d): %s", what, r, err_get());
	}
	kernel_close(k);
	tk_write_u64(tk, msg_head, tk_symbol(tk, "msg_2"));

	/* An object whose page the dump left out. */
	tk_exclude_page(tk, tk_symbol(tk, "sem_1"));
	k = tk_open(tk);
	if (k && ipc_init_ns(k, &ns) == 0) {
		r = ipc_walk(k, ns, IPC_KIND_SEM, keep, &s);
		if (opts->format == TK_KDUMP)
			CHECK(r == KREAD_EXCLUDED && strstr(err_get(), "excluded"),
			      "%s: ipc: an object in an excluded page says so (%d): %s", what, r, err_get());
		else
			CHECK(r < 0 && strstr(err_get(), "not in the dump"),
			      "%s: ipc: an object in a page the ELF dump lacks (%d): %s", what, r, err_get());
	}
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x1e00000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
