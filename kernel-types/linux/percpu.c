/* The percpu_counter sum; see percpu.h. */
#include "kernel-types/linux/percpu.h"

#include "common/err.h"
#include "kernel-types/kernel.h"

int percpu_counter_sum(struct kernel *k, uint64_t addr, int64_t *sum)
{
	uint64_t count, counters = 0;
	int rc, n;

	*sum = 0;
	if ((rc = kernel_read_member(k, addr, "struct percpu_counter", "count", &count)) != 0) {
		err_prefix("percpu_counter %llx", (unsigned long long)addr);
		return rc;
	}
	/* unsigned arithmetic: damaged deltas must not overflow */
	uint64_t s = count;
	/* counters: s32 __percpu *, absent on UP kernels */
	if (kernel_read_member(k, addr, "struct percpu_counter", "counters", &counters) == 0 &&
	    counters) {
		n = kernel_nr_cpus(k);
		for (int cpu = 0; cpu < n; cpu++) {
			uint64_t a;
			uint32_t d;
			if (kernel_percpu_ptr(k, counters, cpu, &a) != 0)
				break;
			if (kernel_read_u32(k, a, &d) == 0)
				s += (uint64_t)(int64_t)(int32_t)d;
		}
	}
	*sum = (int64_t)s;
	return 0;
}
