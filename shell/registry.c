/* The table of commands.  Built-in commands register from constructors,
 * before main(), so this uses only zero-initialised statics. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"

struct entry {
	const struct crash_cmd *cmd;
	const void *owner; /* extension handle, NULL for built-ins */
};

static struct entry *table;
static size_t ntable;
static const struct crash_cmd **sorted;
static bool sorted_valid;
static const void *cur_owner;

void registry_set_owner(const void *owner)
{
	cur_owner = owner;
}

int crash_register_command(const struct crash_cmd *cmd)
{
	if (!cmd || !cmd->name || !*cmd->name || !cmd->run) {
		err_set("command without a name or handler");
		return -1;
	}
	for (size_t i = 0; i < ntable; i++)
		if (!strcmp(table[i].cmd->name, cmd->name)) {
			err_set("command \"%s\" already exists", cmd->name);
			return -1;
		}
	table = xreallocarray(table, ntable + 1, sizeof(*table));
	table[ntable].cmd = cmd;
	table[ntable].owner = cur_owner;
	ntable++;
	sorted_valid = false;
	return 0;
}

const struct crash_cmd *crash_find_command(const char *name)
{
	for (size_t i = 0; i < ntable; i++)
		if (!strcmp(table[i].cmd->name, name))
			return table[i].cmd;
	return NULL;
}

const void *registry_owner(const struct crash_cmd *cmd)
{
	for (size_t i = 0; i < ntable; i++)
		if (table[i].cmd == cmd)
			return table[i].owner;
	return NULL;
}

int registry_remove_owner(const void *owner)
{
	size_t j = 0;
	int removed = 0;

	for (size_t i = 0; i < ntable; i++) {
		if (owner && table[i].owner == owner)
			removed++;
		else
			table[j++] = table[i];
	}
	ntable = j;
	sorted_valid = false;
	return removed;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct crash_cmd *const *)a)->name,
		      (*(const struct crash_cmd *const *)b)->name);
}

const struct crash_cmd *const *registry_list(size_t *n)
{
	if (!sorted_valid) {
		sorted = xreallocarray(sorted, ntable + 1, sizeof(*sorted));
		for (size_t i = 0; i < ntable; i++)
			sorted[i] = table[i].cmd;
		qsort(sorted, ntable, sizeof(*sorted), by_name);
		sorted_valid = true;
	}
	*n = ntable;
	return sorted;
}

/* Freed at exit so that LeakSanitizer reports only real leaks. */
__attribute__((destructor)) static void registry_free(void)
{
	free(table);
	free(sorted);
	table = NULL;
	sorted = NULL;
	ntable = 0;
}
