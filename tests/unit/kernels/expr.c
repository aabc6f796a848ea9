/* The "expr" test kernel: tests/unit/test_expr_grammar.c evaluates C
 * expressions over its globals (every base type, arrays with repeated
 * elements, strings, a struct with bitfields, a union, function pointers,
 * enums, a list, a per-cpu variable, statics of a file and of a
 * function) and compares what it prints with what gdb prints for the
 * same expressions on this file. */
#include "expr.h"

char ex_char = 'A';
signed char ex_schar = -5;
unsigned char ex_uchar = 200;
short ex_short = -300;
unsigned short ex_ushort = 65000;
int ex_int = -42;
unsigned int ex_uint = 4000000000u;
long ex_long = -1234567890123L;
unsigned long ex_ulong = 18446744073709551615UL;
long long ex_llong = 9223372036854775807LL;
_Bool ex_bool = 1;
float ex_float = 1.5f;
double ex_double = -2.25;
ex_int_t ex_typed = 7;
enum ex_color ex_color_var = EX_BLUE;
enum ex_bits ex_bits_var = EX_BIT1;

int ex_arr[5] = { 1, 2, 3, 4, 5 };
int ex_zeros[16];
int ex_mixed[14] = { 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 };
int ex_grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
char ex_name[16] = "init";
char ex_rep[24] = "aaaaaaaaaaaaab";
char ex_full[4] = { 'a', 'b', 'c', 'd' };
const char *ex_str = "hello\tworld";
char *ex_null_str;
unsigned char ex_raw[6] = { 0, 1, 0x7f, 0x80, 0xff, '0' };
long ex_longs[3] = { -1, 0, 1 };

static int ex_add(int a, int b)
{
	return a + b;
}

int ex_func(int n);
int ex_func(int n)
{
	static int calls = 3;
	calls += n;
	return calls;
}

static int ex_static = 11;

struct ex_node ex_nodes[3];
struct list_head ex_list = LIST_NODE(&ex_nodes[0].list, &ex_nodes[2].list);

struct ex_node ex_nodes[3] = {
	{ .id = 1, .name = "one", .next = &ex_nodes[1], .list = LIST_NODE(&ex_nodes[1].list, &ex_list),
	  .f3 = 5, .fs = -3, .f9 = 300, .color = EX_GREEN, .on = 1, .u = { .lval = 0x4142434445464748 },
	  .pair = { 10, 20 }, .op = ex_add, .label = "first", .vals = { 1, -1, 2, -2 } },
	{ .id = 2, .name = "two", .next = &ex_nodes[2], .list = LIST_NODE(&ex_nodes[2].list, &ex_nodes[0].list),
	  .f3 = 7, .fs = 7, .color = EX_RED, .label = ex_name },
	{ .id = 3, .name = "three", .next = 0, .list = LIST_NODE(&ex_list, &ex_nodes[1].list),
	  .color = 42, .op = 0 },
};
struct ex_node *ex_head = &ex_nodes[0];
void *ex_voidp = &ex_nodes[1];
void (*ex_fnp)(void);
int (*ex_opp)(int, int) = ex_add;
struct ex_node **ex_pp = &ex_head;

__direct struct ex_node ex_heap = { .id = 100, .name = "heap", .next = &ex_nodes[0] };
struct ex_node *ex_heap_ptr = &ex_heap;

DEFINE_PER_CPU(struct ex_stat, ex_stats) = { .count = 1, .cpu = 0 };
PER_CPU_INIT(1, ex_stats) = { .count = 22, .cpu = 1 };
DEFINE_PER_CPU(int, ex_pcpu_int) = 5;

/* keep the statics */
int ex_use(void);
int ex_use(void)
{
	return ex_static + ex_func(0) + ex_add(1, 2);
}
