/* Typed values as JSON (commands/json_value.c, the JSON of task, struct,
 * union and p) on the "types" test kernel's ty_object: every kind of
 * member as the schema (commands/json/value.schema.json) says, read from
 * a generated dump.  The command and shell objects are not in
 * libcrashcore.a: both files are compiled in. */
#include <string.h>

#include "commands/json_value.c"
#include "shell/json_output.c"
#include "tests/unit/check.h"
#include "tests/unit/testkernel.h"

FILE *crash_out(struct crash_session *s)
{
	return s->out;
}

/* The member of a struct value (an array of members) by name. */
static struct json_object *member(struct json_object *v, const char *name)
{
	for (size_t i = 0; v && json_object_is_type(v, json_type_array) && i < json_object_array_length(v); i++) {
		struct json_object *m = json_object_array_get_idx(v, i), *n, *val;
		if (json_object_object_get_ex(m, "name", &n) && n && !strcmp(json_object_get_string(n), name) &&
		    json_object_object_get_ex(m, "value", &val))
			return val;
	}
	return NULL;
}

static const char *type_of(struct json_object *v, const char *name)
{
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		struct json_object *m = json_object_array_get_idx(v, i), *n, *t;
		if (json_object_object_get_ex(m, "name", &n) && n && !strcmp(json_object_get_string(n), name) &&
		    json_object_object_get_ex(m, "type", &t))
			return json_object_get_string(t);
	}
	return NULL;
}

static const char *js(struct json_object *j)
{
	return j ? json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN) : "(none)";
}

static void check_object(struct kernel *k, struct testkernel *tk)
{
	struct kqtype t;
	struct json_object *v = NULL;
	if (ktype_lookup(k, "struct ty_outer", &t) != 0) {
		CHECK(0, "struct ty_outer: %s", err_get());
		return;
	}
	uint64_t addr = tk_symbol(tk, "ty_object");
	CHECK(json_value_at(k, t, addr, -1, &v) == 0 && v, "ty_object read: %s", v ? "" : err_get());
	if (!v)
		return;
	CHECK(json_object_is_type(v, json_type_array), "a struct is an array of members");
	CHECK(json_object_get_int(member(v, "c")) == 'A', "char c is its number: %s", js(member(v, "c")));
	CHECK(!strcmp(js(member(member(v, "in"), "b")), "4"), "nested struct in.b = 4: %s", js(member(v, "in")));
	CHECK(!strcmp(js(member(v, "grid")), "[[1,2,3],[4,5,6]]"), "int grid[2][3] as arrays: %s", js(member(v, "grid")));
	CHECK(json_object_array_length(member(v, "arr")) == 3, "struct ty_inner arr[3]: 3 elements");
	CHECK(json_object_get_int(member(v, "f0")) == 5, "bitfield f0 = 5: %s", js(member(v, "f0")));
	CHECK(json_object_get_int(member(v, "f1")) == -7, "signed bitfield f1 = -7: %s", js(member(v, "f1")));
	CHECK(json_object_get_int(member(v, "f2")) == 1234, "bitfield f2 = 1234: %s", js(member(v, "f2")));
	CHECK(json_object_get_int(member(v, "cv")) == 9, "const volatile int cv = 9");
	CHECK(!strcmp(js(member(v, "w")), "77"), "typedef'd ty_word2_t w = 77");
	CHECK(json_object_get_boolean(member(v, "yes")) && json_object_is_type(member(v, "yes"), json_type_boolean),
	      "_Bool yes is true");
	char want[40];
	snprintf(want, sizeof(want), "\"0x%llx\"", (unsigned long long)tk_symbol(tk, "ty_hidden"));
	CHECK(!strcmp(js(member(v, "op")), want), "pointer op is the address of ty_hidden: %s", js(member(v, "op")));
	CHECK(!strcmp(js(member(v, "pc")), "\"0x0\""), "a NULL pointer is \"0x0\"");
	CHECK(!strcmp(js(member(v, "small")), "{\"name\":\"TY_NEG\",\"value\":-3}"), "enum small: %s",
	      js(member(v, "small")));
	CHECK(!strcmp(js(member(v, "flags")), "{\"name\":\"TY_C\",\"value\":2147483648}"),
	      "unsigned enum flags: TY_C, 0x80000000: %s", js(member(v, "flags")));
	CHECK(type_of(v, "in") && !strcmp(type_of(v, "in"), "struct ty_inner"), "in's type: %s", type_of(v, "in"));
	CHECK(type_of(v, "cp") && !strcmp(type_of(v, "cp"), "const char *"), "cp's type: %s", type_of(v, "cp"));
	/* the anonymous union: a member with name null, its members inside */
	struct json_object *anon = NULL;
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		struct json_object *m = json_object_array_get_idx(v, i), *n;
		if (json_object_object_get_ex(m, "name", &n) && !n)
			json_object_object_get_ex(m, "value", &anon);
	}
	CHECK(anon && member(anon, "u1"), "the anonymous union is a member named null: %s", js(anon));
	json_object_put(v);

	/* a char array is a string up to its NUL */
	struct kqtype ch;
	CHECK(ktype_lookup(k, "char", &ch) == 0, "char");
	const struct ktype *arr = ktype_array_of(k, ch, 8);
	struct json_object *s = json_value(k, (struct kqtype){ arr, 0 }, (const unsigned char *)"ab\0cdefg", 8, 0, 0);
	CHECK(!strcmp(js(s), "\"ab\""), "char[8] \"ab\\0cdefg\" is \"ab\": %s", js(s));
	json_object_put(s);
	/* bytes that are not UTF-8 stay valid JSON */
	s = json_value(k, (struct kqtype){ arr, 0 }, (const unsigned char *)"\xff\xfe" "ab\0\0\0\0", 8, 0, 0);
	CHECK(s && !strcmp(json_object_get_string(s), "\xef\xbf\xbd\xef\xbf\xbd" "ab"), "bad bytes become U+FFFD");
	json_object_put(s);
	/* too few bytes: the members past them are null, nothing is read past len */
	struct json_object *cut = json_value(k, t, (const unsigned char *)"A", 1, 0, 0);
	CHECK(cut && json_object_get_int(member(cut, "c")) == 'A' && !member(cut, "w"),
	      "a cut-short object: c known, w null");
	json_object_put(cut);
	/* an unreadable address: an error, no value */
	struct json_object *none = NULL;
	CHECK(json_value_at(k, t, 0x10, -1, &none) != 0 && !none, "an unreadable address fails: %s", err_get());
}

int main(void)
{
	struct testkernel *tk = tk_new("types", &(struct tk_opts){ .ncpus = 1, .kaslr = 0x1e00000 });
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	struct kernel *k = tk_open(tk);
	CHECK(k, "kernel_open: %s", k ? "ok" : err_get());
	if (k)
		check_object(k, tk);
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
