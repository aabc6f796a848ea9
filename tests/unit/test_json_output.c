/* JSON output (shell/json_output.c): kernel strings of any bytes become
 * valid UTF-8, addresses hex strings, and a command's documents, errors,
 * warnings and text become one document on one line.  Compiled in
 * directly (the shell objects are not in libcrashcore.a). */
#include <string.h>

#include "shell/json_output.c"
#include "tests/unit/check.h"

FILE *crash_out(struct crash_session *s)
{
	return s->out;
}

static const char *str(struct json_object *j)
{
	return json_object_get_string(j);
}

/* Runs one "command": begin, what body does, end; returns its line. */
static char *run(struct crash_session *s, void (*body)(struct crash_session *), int rc)
{
	static char *buf;
	size_t len;
	struct json_state st;

	free(buf);
	s->out = open_memstream(&buf, &len);
	s->cmdname = "demo";
	json_output_begin(s, &st);
	body(s);
	json_output_end(s, &st, "demo", rc);
	fclose(s->out);
	return buf;
}

static void emit_one(struct crash_session *s)
{
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "n", json_object_new_int(1));
	crash_json_emit(s, d);
}

static void emit_two(struct crash_session *s)
{
	emit_one(s);
	emit_one(s);
}

static void print_text(struct crash_session *s)
{
	fprintf(crash_out(s), "a \"quoted\"\tline\n");
	json_output_message(s, true, "a warning");
}

static void fail(struct crash_session *s)
{
	json_output_message(s, false, "bad thing");
	json_output_message(s, false, "worse thing");
}

int main(void)
{
	struct crash_session s;
	struct json_object *j;

	memset(&s, 0, sizeof(s));
	j = crash_json_str("plain ascii");
	CHECK(!strcmp(str(j), "plain ascii"), "ASCII kept");
	json_object_put(j);
	j = crash_json_str("caf\xc3\xa9 \xe2\x82\xac");
	CHECK(!strcmp(str(j), "caf\xc3\xa9 \xe2\x82\xac"), "valid UTF-8 kept");
	json_object_put(j);
	j = crash_json_str("a\xffz\xc0\xaf\xed\xa0\x80");
	CHECK(!strcmp(str(j), "a\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
	      "a stray byte, an overlong form and a surrogate become U+FFFD each byte");
	json_object_put(j);
	j = crash_json_strn("ab\0c", 4);
	CHECK(json_object_get_string_len(j) == 4, "an embedded NUL is kept");
	CHECK(strstr(json_object_to_json_string(j), "\\u0000") != NULL, "and written as \\u0000");
	json_object_put(j);
	CHECK(crash_json_str(NULL) == NULL, "NULL is JSON null");
	j = crash_json_addr(0xffff888003ac0000ull);
	CHECK(!strcmp(str(j), "0xffff888003ac0000"), "an address is a 0x hex string");
	json_object_put(j);

	s.json = true;
	CHECK(!crash_json(&s), "crash_json is false outside a command");
	CHECK(!strcmp(run(&s, emit_one, 0), "{\"command\":\"demo\",\"n\":1}\n"),
	      "one document: command first, one line");
	CHECK(!strcmp(run(&s, emit_two, 0),
		      "{\"command\":\"demo\",\"results\":[{\"command\":\"demo\",\"n\":1},{\"command\":\"demo\",\"n\":1}]}\n"),
	      "two documents: results");
	CHECK(!strcmp(run(&s, print_text, 0),
		      "{\"command\":\"demo\",\"text\":\"a \\\"quoted\\\"\\tline\\n\",\"warnings\":[\"a warning\"]}\n"),
	      "text captured and escaped, a warning");
	CHECK(!strcmp(run(&s, fail, 1),
		      "{\"command\":\"demo\",\"error\":\"bad thing\",\"errors\":[\"bad thing\",\"worse thing\"]}\n"),
	      "a failure: error and errors");
	CHECK(!s.json_docs && !s.json_errors, "state cleared after the command");
	CHECK_DONE();
}
