#include "shell/parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

/* A growing string, for building one word. */
struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->p = xrealloc(b->p, b->cap);
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static void add_arg(struct cmdline *cl, char *word)
{
	cl->argv = xreallocarray(cl->argv, (size_t)cl->argc + 2, sizeof(char *));
	cl->argv[cl->argc++] = word;
	cl->argv[cl->argc] = NULL;
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Read one word at *pp (quotes and backslashes handled).  Stops at
 * whitespace or an unquoted '|' / '>', except the '>' of "->", which
 * expressions use (p task->pid).  Returns NULL at such a stop with
 * nothing read; -1 via *bad on an unterminated quote. */
static char *read_word(const char **pp, bool *bad)
{
	const char *p = *pp;
	struct buf b = {0};
	bool any = false;

	while (*p && !isspace((unsigned char)*p) && *p != '|' &&
	       (*p != '>' || (p > *pp && p[-1] == '-'))) {
		any = true;
		if (*p == '\'' || *p == '"') {
			char q = *p++;
			while (*p && *p != q) {
				if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				buf_add(&b, *p++);
			}
			if (*p != q) {
				*bad = true;
				free(b.p);
				return NULL;
			}
			p++;
		} else if (*p == '\\' && p[1]) {
			buf_add(&b, p[1]);
			p += 2;
		} else {
			buf_add(&b, *p++);
		}
	}
	*pp = p;
	if (any && !b.p)
		return xstrdup(""); /* "" or '' */
	return b.p;
}

/* Where each word of cl starts and where the last one ends, for
 * argtext. */
struct spans {
	const char **start;
	const char *end;
	size_t n, cap;
};

static int parse_words(const char *line, struct cmdline *cl, struct spans *sp);

static void span_add(struct spans *sp, const char *start, const char *end)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 8;
		sp->start = xreallocarray(sp->start, sp->cap, sizeof(*sp->start));
	}
	sp->start[sp->n++] = start;
	sp->end = end;
}

static void make_argtext(struct cmdline *cl, struct spans *sp)
{
	cl->argtext = xcalloc((size_t)cl->argc + 1, sizeof(*cl->argtext));
	for (int i = 0; i < cl->argc && (size_t)i < sp->n; i++)
		cl->argtext[i] = trim_dup(sp->start[i], (size_t)(sp->end - sp->start[i]));
	free(sp->start);
}

static int parse_once(const char *line, struct cmdline *cl)
{
	struct spans sp = { 0 };
	int rc = parse_words(line, cl, &sp);
	make_argtext(cl, &sp);
	return rc;
}

static int parse_words(const char *line, struct cmdline *cl, struct spans *sp)
{
	const char *p = line;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '#' || !*p)
		return 0;
	if (*p == '!') {
		cl->shell = trim_dup(p + 1, strlen(p + 1));
		return 0;
	}
	for (;;) {
		bool bad = false;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '|') {
			if (cl->redir) {
				err_set("cannot both redirect and pipe the output");
				return -1;
			}
			cl->pipe = trim_dup(p + 1, strlen(p + 1));
			if (!*cl->pipe) {
				err_set("missing command after '|'");
				return -1;
			}
			break;
		}
		if (*p == '>') {
			char *w;

			cl->append = p[1] == '>';
			p += cl->append ? 2 : 1;
			while (isspace((unsigned char)*p))
				p++;
			w = read_word(&p, &bad);
			if (bad) {
				err_set("unterminated quote");
				return -1;
			}
			if (!w || !*w) {
				free(w);
				err_set("missing file name after '>'");
				return -1;
			}
			if (cl->redir) {
				free(w);
				err_set("more than one output redirection");
				return -1;
			}
			cl->redir = w;
			continue;
		}
		const char *ws = p;
		char *w = read_word(&p, &bad);
		if (bad) {
			err_set("unterminated quote");
			return -1;
		}
		if (w) {
			add_arg(cl, w);
			span_add(sp, ws, p);
		}
	}
	if (cl->argc == 0 && (cl->pipe || cl->redir)) {
		err_set("missing command");
		return -1;
	}
	return 0;
}

int cmdline_parse(const char *line, alias_lookup_fn alias, struct cmdline *cl)
{
	char *cur = xstrdup(line);
	int depth;

	memset(cl, 0, sizeof(*cl));
	/* Alias expansion is textual on the first word, so that an alias may
	 * carry options, pipes or redirections. */
	for (depth = 0; alias && depth < 8; depth++) {
		const char *p = cur, *start, *val;
		char *name;

		while (isspace((unsigned char)*p))
			p++;
		start = p;
		while (*p && !isspace((unsigned char)*p) && *p != '|' && *p != '>')
			p++;
		if (p == start || *start == '!' || *start == '#')
			break;
		name = xstrndup(start, (size_t)(p - start));
		val = alias(name);
		/* An alias that starts with its own name (alias ls "ls -l")
		 * expands once only. */
		bool self = val && !strncmp(val, name, strlen(name)) &&
			    (!val[strlen(name)] || isspace((unsigned char)val[strlen(name)]));
		free(name);
		if (!val)
			break;
		char *next = xasprintf("%s%s", val, p);
		free(cur);
		cur = next;
		if (self)
			break;
	}
	int rc = parse_once(cur, cl);
	free(cur);
	if (rc)
		cmdline_free(cl);
	return rc;
}

void cmdline_free(struct cmdline *cl)
{
	for (int i = 0; i < cl->argc; i++) {
		free(cl->argv[i]);
		if (cl->argtext)
			free(cl->argtext[i]);
	}
	free(cl->argtext);
	free(cl->argv);
	free(cl->pipe);
	free(cl->redir);
	free(cl->shell);
	memset(cl, 0, sizeof(*cl));
}
