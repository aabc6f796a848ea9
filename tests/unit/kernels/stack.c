/* The "stack" test kernel, for tests/unit/test_stack.c: what the
 * unwinder of a 6.1 x86_64 kernel reads, with the kernel's ORC tables.
 *
 *   functions   eight in .text (stack.h: FN_*), 0x100 bytes each, and an
 *               ORC table (format 1) for them: __start_orc_unwind_ip ...
 *   tasks       task_running (pid 1, current on CPU 0), task_idle1 (pid 0,
 *               current on CPU 1), task_sleeper (100) and task_modsleeper
 *               (101) switched out, task_zombie (102, no stack), init_task
 *   stacks      a task stack each (vmalloc), an IRQ stack and the
 *               exception stacks of each CPU; the test writes the frames
 *   module      "tkmod" on `modules`, its text and its ORC tables
 *               (written by the test) in vmalloc space
 * The frames on the stacks are the test's: see test_stack.c. */
#include "stack.h"

/* The functions and their unwind data.  v1 flags: sp_reg | bp_reg << 4 |
 * type << 8 | end << 10. */
__asm__(".pushsection .text\n"
	".balign 4096\n"
	".globl tk_fn_sched, tk_fn_sleeper, tk_fn_entry, tk_fn_irqh, tk_fn_irqsw, tk_fn_intr,"
	" tk_fn_nmih, tk_fn_nmientry, tk_fn_end\n"
	"tk_fn_sched: .skip 0x100, 0xcc\n"
	"tk_fn_sleeper: .skip 0x100, 0xcc\n"
	"tk_fn_entry: .skip 0x100, 0xcc\n"
	"tk_fn_irqh: .skip 0x100, 0xcc\n"
	"tk_fn_irqsw: .skip 0x100, 0xcc\n"
	"tk_fn_intr: .skip 0x100, 0xcc\n"
	"tk_fn_nmih: .skip 0x100, 0xcc\n"
	"tk_fn_nmientry: .skip 0x100, 0xcc\n"
	"tk_fn_end: .skip 0x10, 0xcc\n"
	".popsection\n"
	".pushsection .rodata\n"
	".balign 4\n"
	".globl __start_orc_unwind_ip, __stop_orc_unwind_ip, __start_orc_unwind, __stop_orc_unwind\n"
	"__start_orc_unwind_ip:\n"
	"	.long tk_fn_sched - .\n"
	"	.long tk_fn_sleeper - .\n"
	"	.long tk_fn_entry - .\n"
	"	.long tk_fn_irqh - .\n"
	"	.long tk_fn_irqsw - .\n"
	"	.long tk_fn_intr - .\n"
	"	.long tk_fn_nmih - .\n"
	"	.long tk_fn_nmientry - .\n"
	"	.long tk_fn_end - .\n"
	"__stop_orc_unwind_ip:\n"
	"__start_orc_unwind:\n"
	"	.short 16, 0, 0x005\n"	/* sched: CALL, CFA = sp + 16 */
	"	.short 8, 0, 0x005\n"	/* sleeper: CALL, CFA = sp + 8 */
	"	.short 0, 0, 0x105\n"	/* entry: pt_regs at sp */
	"	.short 8, 0, 0x005\n"	/* irq handler: CALL */
	"	.short 8, 0, 0x009\n"	/* irq stack switch: CFA = *sp + 8 */
	"	.short 0, 0, 0x105\n"	/* interrupt entry: pt_regs at sp */
	"	.short 8, 0, 0x005\n"	/* nmi handler: CALL */
	"	.short 0, 0, 0x205\n"	/* nmi entry: iret frame at sp */
	"	.short 0, 0, 0x400\n"	/* end of the text: end of stack */
	"__stop_orc_unwind:\n"
	".popsection\n");

/* Types only the unwinder's reads name, kept in the DWARF: the ORC entry
 * (the format is learnt from its members) and the switch frame. */
struct orc_entry tk_orc_entry_type __attribute__((used));
struct inactive_task_frame tk_switch_frame_type __attribute__((used));

/* init's stack: THREAD_SIZE from init_stack .. __end_init_task */
union thread_union init_stack __attribute__((aligned(THREAD_SIZE)));
__asm__(".globl __end_init_task\n.set __end_init_task, init_stack + 16384\n");

extern struct task_struct task_running, task_idle1, task_sleeper, task_modsleeper, task_zombie;
extern union thread_union stack_running, stack_idle1, stack_sleeper, stack_modsleeper;
extern struct irq_stack irq_stack0, irq_stack1;
extern struct cea_exception_stacks cea0, cea1;
extern struct module mod_tk;
extern char mod_text[0x200];
extern int mod_orc_ip[2];
extern struct orc_entry mod_orc[2];

struct list_head modules = LIST_NODE(&mod_tk.list, &mod_tk.list);

struct task_struct init_task = {
	.__state = 0, .stack = &init_stack, .pid = 0, .comm = "swapper/0",
	.tasks = LIST_NODE(&task_running.tasks, &task_zombie.tasks),
};

#define TASK(var, pid_, cpu_, comm_, stk, next, prev)                                    \
	__direct struct task_struct var = {                                              \
		.thread_info = { .cpu = (cpu_) }, .stack = (stk), .pid = (pid_),         \
		.tgid = (pid_), .comm = comm_, .tasks = LIST_NODE(next, prev),           \
	}
TASK(task_running, 1, 0, "init", &stack_running, &task_sleeper.tasks, &init_task.tasks);
TASK(task_sleeper, 100, 0, "sleeper", &stack_sleeper, &task_modsleeper.tasks, &task_running.tasks);
TASK(task_modsleeper, 101, 1, "modsleeper", &stack_modsleeper, &task_zombie.tasks,
     &task_sleeper.tasks);
TASK(task_zombie, 102, 0, "zombie", 0, &init_task.tasks, &task_modsleeper.tasks);
TASK(task_idle1, 0, 1, "swapper/1", &stack_idle1, &task_idle1.tasks, &task_idle1.tasks);

__vmalloc union thread_union stack_running, stack_idle1, stack_sleeper, stack_modsleeper;
__vmalloc struct irq_stack irq_stack0, irq_stack1;
__vmalloc struct cea_exception_stacks cea0, cea1;

/* The module: text and ORC tables (sorted, as the kernel does at load
 * time) in module-like memory, within reach of 32-bit offsets. */
__vmalloc char mod_text[0x200];
__vmalloc int mod_orc_ip[2];
__vmalloc struct orc_entry mod_orc[2];
__direct struct module mod_tk = {
	.state = 0, .list = LIST_NODE(&modules, &modules), .name = "tkmod",
	.core_layout = { .base = mod_text, .size = sizeof(mod_text), .text_size = 0x100 },
	.arch = { .num_orcs = 2, .orc_unwind_ip = mod_orc_ip, .orc_unwind = mod_orc },
};

/* arch/x86/kernel: the running task and the IRQ stack pointer (its top
 * word) of each CPU, and where its exception stacks are. */
DEFINE_PER_CPU(struct task_struct *, current_task) = &task_running;
PER_CPU_INIT(1, current_task) = &task_idle1;
DEFINE_PER_CPU(struct irq_stack *, hardirq_stack_ptr) =
	(struct irq_stack *)((char *)&irq_stack0 + IRQ_STACK_SIZE - 8);
PER_CPU_INIT(1, hardirq_stack_ptr) = (struct irq_stack *)((char *)&irq_stack1 + IRQ_STACK_SIZE - 8);
DEFINE_PER_CPU(struct cea_exception_stacks *, cea_exception_stacks) = &cea0;
PER_CPU_INIT(1, cea_exception_stacks) = &cea1;

atomic_t panic_cpu = { 0 };
