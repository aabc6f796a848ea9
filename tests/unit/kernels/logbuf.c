/* The "logbuf" test kernel, for tests/unit/test_log.c: the message log as
 * kernels before 5.10 kept it, struct printk_log records in log_buf
 * between log_first_idx and log_next_idx (the test writes them). */
#include "printk.h"

__direct char __log_buf[64];
char *log_buf = __log_buf;
unsigned int log_buf_len = sizeof(__log_buf);
unsigned int log_first_idx, log_next_idx;
/* the records' type, as the kernel's code makes it known to its DWARF */
struct printk_log *tk_printk_log_type;
