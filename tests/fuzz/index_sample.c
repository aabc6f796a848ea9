/* A small program with the kinds of names the DWARF index holds (structs,
 * unions, enums and their enumerators, typedefs, base types, variables,
 * functions, declarations), for fuzz_index. */
struct sample_list {
	struct sample_list *next, *prev;
};

struct sample_decl;	/* only declared */

union sample_u {
	long l;
	unsigned char b[8];
};

enum sample_state { SAMPLE_RUNNING, SAMPLE_SLEEPING = 4, SAMPLE_DEAD = -1 };

typedef struct sample_task {
	int pid;
	char comm[16];
	enum sample_state state;
	struct sample_list tasks;
	union sample_u u;
	struct sample_decl *opaque;
	unsigned int flags : 3, prio : 5;
} sample_task_t;

typedef unsigned long sample_ulong;

sample_task_t sample_init_task;
sample_ulong sample_jiffies = 42;
struct sample_decl *sample_ptr;

static int sample_count(const struct sample_list *h)
{
	int n = 0;
	for (const struct sample_list *p = h->next; p && p != h; p = p->next)
		n++;
	return n;
}

int main(void)
{
	sample_init_task.tasks.next = sample_init_task.tasks.prev = &sample_init_task.tasks;
	return sample_count(&sample_init_task.tasks) + (int)sample_jiffies - 42;
}
