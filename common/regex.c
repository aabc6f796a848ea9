/* common/regex.h: a bound on what a pattern can make regcomp build.
 *
 * The check walks the pattern once, as ERE and BRE both read it, and
 * sums an estimate of the nodes glibc makes: 1 per atom, times the count
 * of each repetition applied to it (at least 2 for * + ?, the upper bound
 * of {m,n}), nested through groups; stacked operators ("a+++", undefined
 * in POSIX, which glibc nests) multiply too.  And how deep repetitions
 * nest, stacked or through groups: over a pattern that can match the
 * empty string glibc's work grows far faster than its nodes ("b*" and 13
 * '+' made 16,384 nodes and took 56 s; 12 groups of "(...)+" around "b*"
 * more than 20 s), so more than RE_MAX_NEST levels are refused. */
#include "common/regex.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define RE_MAX_LEN 4096		/* characters of a pattern */
#define RE_MAX_COST 20000	/* estimated nodes */
#define RE_MAX_DEPTH 64		/* nested groups */
#define RE_MAX_NEST 4		/* repetitions of repetitions */

/* After a bracket expression's '[': the index just past its ']'. */
static size_t bracket_end(const char *p, size_t i)
{
	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	while (p[i] && p[i] != ']') {
		if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
			char close = p[i + 1];
			const char *e = strchr(p + i + 2, close);
			i = e && e[1] == ']' ? (size_t)(e - p) + 2 : i + 1;
		} else {
			i++;
		}
	}
	return p[i] ? i + 1 : i;
}

/* {m}, {m,} or {m,n} at p[i] (after the '{', ERE; after "\{", BRE): its
 * count (the upper bound, or m + 1 when open), the index past its
 * closing brace in *next; -1 when it is no bound. */
static long bound(const char *p, size_t i, bool ere, size_t *next)
{
	long m = 0, n = -1;
	if (!isdigit((unsigned char)p[i]))
		return -1;
	while (isdigit((unsigned char)p[i]) && m < 100000)
		m = m * 10 + (p[i++] - '0');
	if (p[i] == ',') {
		i++;
		n = isdigit((unsigned char)p[i]) ? 0 : m + 1;
		while (isdigit((unsigned char)p[i]) && n < 100000)
			n = n * 10 + (p[i++] - '0');
	}
	if (ere ? p[i] != '}' : (p[i] != '\\' || p[i + 1] != '}'))
		return -1;
	*next = i + (ere ? 1 : 2);
	long c = n > m ? n : m;
	return c < 1 ? 1 : c;
}

int re_compile(regex_t *re, const char *pat, int flags, char *why, size_t whylen)
{
	bool ere = flags & REG_EXTENDED;
	size_t len = strlen(pat);
	if (len > RE_MAX_LEN) {
		snprintf(why, whylen, "pattern longer than %d characters", RE_MAX_LEN);
		return -1;
	}
	/* cost of the sequence so far at each group depth, and of the
	 * last atom (what a repetition applies to) */
	double seq[RE_MAX_DEPTH + 1] = { 0 }, last[RE_MAX_DEPTH + 1] = { 0 };
	/* repetition levels of the last atom, and the most of any atom of
	 * the group so far (what the group brings when it closes) */
	int nest[RE_MAX_DEPTH + 1] = { 0 }, most[RE_MAX_DEPTH + 1] = { 0 };
	int depth = 0;
	bool have_atom = false;
	for (size_t i = 0; i < len;) {
		char c = pat[i];
		long rep = 0;
		size_t next = i + 1;
		if (c == '\\' && i + 1 < len) {
			char d = pat[i + 1];
			next = i + 2;
			if (!ere && d == '(') {
				c = '(';
			} else if (!ere && d == ')') {
				c = ')';
			} else if (!ere && d == '{') {
				rep = bound(pat, i + 2, false, &next);
				if (rep < 0)
					rep = 0, next = i + 2;
				c = rep ? '{' : 'x';
			} else if (!ere && (d == '+' || d == '?')) {
				rep = 2;	/* glibc's BRE extensions */
			} else {
				c = 'x';	/* an escaped character: an atom */
			}
		} else if (c == '[') {
			next = bracket_end(pat, i + 1);
			c = 'x';
		} else if (c == '*' && (ere || have_atom)) {
			rep = 2;
		} else if (ere && (c == '+' || c == '?')) {
			rep = 2;
		} else if (ere && c == '{') {
			rep = bound(pat, i + 1, true, &next);
			if (rep < 0)
				rep = 0, next = i + 1;
		} else if (!ere || (c != '(' && c != ')' && c != '|')) {
			if (c != '(' && c != ')')
				c = 'x';
		}
		if (rep) {
			seq[depth] += last[depth] * (double)(rep - 1);
			last[depth] *= (double)rep;
			if (++nest[depth] > RE_MAX_NEST) {
				snprintf(why, whylen, "pattern too complex: repetitions nested more than %d deep",
					 RE_MAX_NEST);
				return -1;
			}
			if (nest[depth] > most[depth])
				most[depth] = nest[depth];
		} else if (c == '(') {
			if (depth == RE_MAX_DEPTH) {
				snprintf(why, whylen, "groups nested deeper than %d", RE_MAX_DEPTH);
				return -1;
			}
			depth++;
			seq[depth] = last[depth] = 0;
			nest[depth] = most[depth] = 0;
			have_atom = false;
		} else if (c == ')' && depth > 0) {
			double g = seq[depth] + 1;
			int n = most[depth];
			depth--;
			seq[depth] += g;
			last[depth] = g;
			nest[depth] = n;
			have_atom = true;
		} else if (ere && c == '|') {
			seq[depth] += 1;
			last[depth] = 0;
			nest[depth] = 0;
			have_atom = false;
		} else {
			seq[depth] += 1;
			last[depth] = 1;
			nest[depth] = 0;
			have_atom = true;
		}
		if (seq[depth] > RE_MAX_COST) {
			snprintf(why, whylen, "pattern too complex: its repetitions multiply past %d", RE_MAX_COST);
			return -1;
		}
		i = next;
	}
	int rc = regcomp(re, pat, flags);
	if (rc) {
		regerror(rc, re, why, whylen);
		return -1;
	}
	return 0;
}
