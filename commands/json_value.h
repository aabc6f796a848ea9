/* Typed values as JSON: the JSON forms of task, struct, union and p
 * (commands/json/README.md, the task section; value.schema.json).  A value is built from the
 * object's bytes and its type (types.h), as typeprint prints them:
 * integers and floats as numbers, bools as booleans, pointers as
 * addresses, enums as {"name", "value"}, char arrays as strings, other
 * arrays as arrays, structs and unions as arrays of members {"name",
 * "type", "value"}. */
#ifndef CRASH_COMMANDS_JSON_VALUE_H
#define CRASH_COMMANDS_JSON_VALUE_H

#include "extensions/crash-api.h"

/* The value of an object of type whose bytes are buf (len of them);
 * bit_size > 0: a bitfield bit_offset bits into buf.  Bytes past len are
 * null. */
struct json_object *json_value(struct kernel *k, struct kqtype type, const unsigned char *buf,
			       size_t len, int bit_offset, int bit_size);
/* The object of type at addr (size bytes; -1: the type's), read and
 * built; 0, or -1 (or a read's KREAD_* code) with err_get(). */
int json_value_at(struct kernel *k, struct kqtype type, uint64_t addr, long size,
		  struct json_object **out);
/* An expression's value (expr.h): in memory, read; computed, from its
 * bytes.  0, or -1 (or a read's code) with err_get(). */
int json_value_kx(struct kernel *k, const struct kx_value *v, struct json_object **out);
/* The type as C declares it ("struct list_head *"). */
struct json_object *json_type_name(struct kqtype type);

#endif
