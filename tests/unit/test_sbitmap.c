/* The sbitmap_queue walker (kernel-types/linux/sbitmap.c) on the real
 * code, on the "sbitmap" test kernel (kernels/sbitmap.c says what it
 * holds), then the sbitmapq command's layout through the crash binary. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/sbitmap.h"
#include "kernels/sbitmap.h"
#include "testkernel.h"
#include "tkstart.h"

static const int in_use[] = { 5, 32, 63, 64, 65, 66, 67, 68, 69 };

static void walker(const char *what, const struct tk_opts *opts)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("sbitmap", opts, what, &k);
	if (!tk)
		return;
	struct ksbitmapq q;
	int rc = ksbitmapq_read(k, tk_symbol(tk, "tk_sbq"), &q);
	CHECK(rc == 0, "%s: read: %s", what, rc ? err_get() : "ok");
	if (rc == 0) {
		CHECK(q.depth == 70 && q.shift == 5 && q.map_nr == 3 && !q.round_robin,
		      "%s: depth, shift, map_nr", what);
		CHECK(q.busy == 9 && q.cleared == 1, "%s: busy 9 (set less cleared), cleared 1 (%llu, %llu)",
		      what, (unsigned long long)q.busy, (unsigned long long)q.cleared);
		int bits = 0;
		bool same = true;
		for (uint64_t n = 0; n < 80; n++)
			if (ksbitmapq_bit(&q, n)) {
				same &= bits < 9 && in_use[bits] == (int)n;
				bits++;
			}
		CHECK(same && bits == 9 && q.bitmap_bytes == 9,
		      "%s: the tags in use: word & ~cleared, the last word cut at the depth", what);
		CHECK(q.alloc_hint && q.ncpus == opts->ncpus && q.alloc_hint[0] == 3 &&
			      (q.ncpus < 2 || q.alloc_hint[1] == 7),
		      "%s: per-cpu allocation hints", what);
		CHECK(q.wake_batch == 8 && q.wake_index == 2 && q.has_ws_active && q.ws_active == 1 &&
			      q.has_min_shallow_depth && q.min_shallow_depth == 4294967295u,
		      "%s: wake batch and index, ws_active, min_shallow_depth", what);
		bool ws = q.nws == 8;
		for (int i = 0; i < q.nws; i++)
			ws &= q.ws[i].wait_cnt == -1 && q.ws[i].active == (i == 2);
		CHECK(ws, "%s: 8 wait queues, the third active, no wait_cnt (6.1)", what);
		ksbitmapq_free(&q);
	}
	rc = ksbitmapq_read(k, tk_symbol(tk, "tk_bad_sbq"), &q);
	CHECK(rc < 0 && strstr(err_get(), "not an sbitmap_queue"),
	      "%s: map_nr that disagrees with the depth: refused (%s)", what, err_get());
	rc = ksbitmapq_read(k, 0x7fff00000000ull, &q);
	CHECK(rc < 0, "%s: an address outside the dump: an error (%s)", what, err_get());
	kernel_close(k);
	tk_free(tk);
}

static char *run_crash(struct testkernel *tk, const char *lines)
{
	const char *crash = getenv("CRASH");
	char cmd[2048], buf[4096], *out = NULL;
	size_t len = 0, n;
	snprintf(cmd, sizeof(cmd), "printf '%s' | '%s' -s '%s' '%s' 2>&1", lines, crash,
		 tk_vmlinux_path(tk), tk_dump_path(tk));
	FILE *f = popen(cmd, "r"), *mem = open_memstream(&out, &len);
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	if (f)
		pclose(f);
	fclose(mem);
	return out;
}

static void command(void)
{
	const char *crash = getenv("CRASH");
	if (!crash || access(crash, X_OK)) {
		printf("skip - sbitmapq command: no crash binary (CRASH)\n");
		return;
	}
	struct tk_opts o = { .ncpus = 2 };
	struct testkernel *tk = tk_new("sbitmap", &o);
	CHECK(tk, "command: tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		return;
	char lines[512];
	unsigned long long q = tk_symbol(tk, "tk_sbq"), reqs = tk_symbol(tk, "tk_reqs"),
			   ptrs = tk_symbol(tk, "tk_req_ptrs");
	snprintf(lines, sizeof(lines),
		 "sbitmapq %llx\\necho ==\\nsbitmapq -s tk_req -a %llx %llx\\necho ==\\n"
		 "sbitmapq -s tk_req -a %llx -p %llx\\necho ==\\nsbitmapq -s tk_req.tag -a %llx -v %llx\\n"
		 "sbitmapq -v %llx\\nsbitmapq -s tk_req %llx\\n",
		 q, reqs, q, ptrs, q, reqs, q, q, q);
	char *out = run_crash(tk, lines);
	const char *want =
		"depth = 70\nbusy = 9\ncleared = 1\nbits_per_word = 32\nmap_nr = 3\n"
		"alloc_hint = {3, 7}\nwake_batch = 8\nwake_index = 2\nws_active = 1\nws = {\n"
		"\t{ .wait = inactive },\n\t{ .wait = inactive },\n\t{ .wait = active },\n"
		"\t{ .wait = inactive },\n\t{ .wait = inactive },\n\t{ .wait = inactive },\n"
		"\t{ .wait = inactive },\n\t{ .wait = inactive },\n}\nround_robin = 0\n"
		"min_shallow_depth = 4294967295\n\n00000000: 2000 0000 0100 0080 3f\n==\n";
	bool same = out && !strncmp(out, want, strlen(want));
	CHECK(same, "sbitmapq ADDRESS: crash's fields, the wait queues, the byte dump");
	if (!same)
		printf("# got:\n%s# want:\n%s", out ? out : "", want);
	char w2[2048];
	size_t l = (size_t)snprintf(w2, sizeof(w2), "==\n");
	for (int i = 0; i < 9; i++)
		l += (size_t)snprintf(w2 + l, sizeof(w2) - l, "%d: 0x%llx\n", in_use[i],
				      reqs + (unsigned long long)(in_use[i] * sizeof(struct tk_req)));
	snprintf(w2 + l, sizeof(w2) - l, "==\n");
	char *arr = out ? strstr(out, w2) : NULL;
	CHECK(arr, "sbitmapq -s -a: each tag in use and its element's address");
	CHECK(arr && strstr(arr + 3, w2), "sbitmapq -s -a -p: the same through the array of pointers");
	snprintf(w2, sizeof(w2), "==\n5 (0x%llx):\n  tag = 0,\n32 (0x%llx):\n  tag = 0,\n", reqs + 5 * 16,
		 reqs + 32 * 16);
	CHECK(out && strstr(out, w2), "sbitmapq -s struct.member -v: the member of each element");
	CHECK(out && strstr(out, "\nsbitmapq: -v needs -s\nsbitmapq: -s needs -a (the array the bits index)\n"),
	      "sbitmapq: -v without -s, -s without -a: one line each");
	free(out);
	tk_free(tk);
}

int main(void)
{
	walker("plain", &(struct tk_opts){ .ncpus = 1 });
	walker("kaslr", &(struct tk_opts){ .ncpus = 2, .kaslr = 0x2a00000 });
	command();
	CHECK_DONE();
}
