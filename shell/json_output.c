/* JSON output (crash --json, set output json): each command line run at
 * the prompt or in a batch prints one JSON document on one line (JSON
 * Lines), built with json-c.
 *
 * A command that has a JSON form builds its document and hands it to
 * crash_json_emit(); one that has none is captured: what it printed goes
 * into the "text" member of a document the shell makes for it, so that
 * the stream stays JSON whatever was run.  Errors and warnings of the
 * command become members too ("error", "errors", "warnings"), not lines
 * on the error stream.  The keys of every document are described by the
 * schemas in commands/json/. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "extensions/crash-internal.h"
#include "shell/json_output.h"

bool crash_json(struct crash_session *s)
{
	return s && s->json && s->json_docs;
}

void crash_json_emit(struct crash_session *s, struct json_object *doc)
{
	if (!doc)
		return;
	if (!crash_json(s)) {	/* not asked for: nothing to print it in */
		json_object_put(doc);
		return;
	}
	if (json_object_is_type(doc, json_type_object) &&
	    !json_object_object_get_ex(doc, "command", NULL) && s->cmdname) {
		/* "command" first, as a reader scanning the line expects */
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "command", json_object_new_string(s->cmdname));
		json_object_object_foreach(doc, key, val)
			json_object_object_add(d, key, json_object_get(val));
		json_object_put(doc);
		doc = d;
	}
	json_object_array_add(s->json_docs, doc);
}

struct json_object *crash_json_addr(uint64_t addr)
{
	char b[24];
	snprintf(b, sizeof(b), "0x%llx", (unsigned long long)addr);
	return json_object_new_string(b);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if none:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	unsigned cp = c & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

struct json_object *crash_json_strn(const char *str, size_t n)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, l;

	if (!str)
		return NULL;
	while (i < n && (l = utf8_seq(p + i, n - i)))
		i += l;
	if (i == n)
		return json_object_new_string_len(str, (int)n);
	/* Kernel strings are bytes: a byte that is no UTF-8 becomes U+FFFD,
	 * since json-c writes bytes as they are and the line must stay
	 * valid JSON. */
	char *b = xmalloc(n * 3 + 1);
	size_t o = 0;
	for (i = 0; i < n;) {
		l = utf8_seq(p + i, n - i);
		if (l) {
			memcpy(b + o, p + i, l);
			o += l;
			i += l;
		} else {
			memcpy(b + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	struct json_object *j = json_object_new_string_len(b, (int)o);
	free(b);
	return j;
}

struct json_object *crash_json_str(const char *str)
{
	return str ? crash_json_strn(str, strlen(str)) : NULL;
}

struct json_object *crash_json_task(struct crash_session *s, uint64_t task)
{
	const struct ktask *t = s && s->kernel && task ? ktask_by_addr(s->kernel, task) : NULL;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "pid", t ? json_object_new_int(t->pid) : NULL);
	json_object_object_add(o, "task", crash_json_addr(task));
	json_object_object_add(o, "cpu", t ? json_object_new_int(t->cpu) : NULL);
	json_object_object_add(o, "comm", t ? crash_json_str(t->comm) : NULL);
	return o;
}

void json_output_begin(struct crash_session *s, struct json_state *st)
{
	memset(st, 0, sizeof(*st));
	st->out = s->out;
	st->docs = json_object_new_array();
	st->errors = json_object_new_array();
	st->warnings = json_object_new_array();
	st->capture = open_memstream(&st->text, &st->textlen);
	s->json_docs = st->docs;
	s->json_errors = st->errors;
	s->json_warnings = st->warnings;
	if (st->capture)
		s->out = st->capture;
}

void json_output_message(struct crash_session *s, bool warning, const char *msg)
{
	struct json_object *a = warning ? s->json_warnings : s->json_errors;
	if (a)
		json_object_array_add(a, crash_json_str(msg));
}

/* Adds what the command printed, its errors and warnings to doc. */
static void add_extras(struct json_object *doc, struct json_state *st, bool failed, bool has_doc)
{
	size_t ne = json_object_array_length(st->errors);
	if (st->textlen && !json_object_object_get_ex(doc, "text", NULL))
		json_object_object_add(doc, "text", crash_json_strn(st->text, st->textlen));
	if (ne && (failed || !has_doc))
		json_object_object_add(doc, "error",
				       json_object_get(json_object_array_get_idx(st->errors, 0)));
	if (ne > 1 || (ne && has_doc && !failed))
		json_object_object_add(doc, "errors", json_object_get(st->errors));
	if (json_object_array_length(st->warnings))
		json_object_object_add(doc, "warnings", json_object_get(st->warnings));
}

void json_output_end(struct crash_session *s, struct json_state *st, const char *name, int rc)
{
	struct json_object *doc;
	size_t nd = json_object_array_length(st->docs);

	if (st->capture)
		fclose(st->capture);
	s->out = st->out;
	s->json_docs = s->json_errors = s->json_warnings = NULL;
	if (nd == 1) {
		doc = json_object_get(json_object_array_get_idx(st->docs, 0));
		add_extras(doc, st, rc != 0, true);
	} else {
		/* several (foreach, a command that runs others) or none */
		doc = json_object_new_object();
		json_object_object_add(doc, "command", json_object_new_string(name));
		if (nd)
			json_object_object_add(doc, "results", json_object_get(st->docs));
		add_extras(doc, st, rc != 0, nd > 0);
	}
	json_output_print(s, doc);
	json_object_put(doc);
	json_object_put(st->docs);
	json_object_put(st->errors);
	json_object_put(st->warnings);
	free(st->text);
}

void json_output_print(struct crash_session *s, struct json_object *doc)
{
	FILE *out = crash_out(s);
	fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE), out);
	fputc('\n', out);
	fflush(out);
}

void json_output_error(struct crash_session *s, const char *name, const char *msg)
{
	struct json_object *doc = json_object_new_object();
	json_object_object_add(doc, "command", name ? crash_json_str(name) : NULL);
	json_object_object_add(doc, "error", crash_json_str(msg));
	json_output_print(s, doc);
	json_object_put(doc);
}
