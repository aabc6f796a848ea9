/* dis: disassemble kernel code read from the dump (so that instructions
 * the kernel patched at run time, alternatives and static calls, show as
 * they were), x86_64 in AT&T syntax and AArch64 laid out as crash and gdb
 * print them. */
#include <capstone/capstone.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/addrarg.h"

/* Largest function disassembled whole (a corrupt symbol size must not
 * make us read gigabytes); longest x86 instruction. */
#define DIS_MAX_BYTES (1u << 20)
#define DIS_INSN_MAX 15
/* Most instructions one `dis ADDR count` prints. */
#define DIS_MAX_COUNT (1u << 20)

struct dis {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	csh cs;
	bool lines;		/* -l: source line before each instruction */
	bool a64;		/* AArch64 code, not x86_64 */
	bool hex;		/* -x: symbol offsets in hexadecimal */
	bool user;		/* -u: user virtual addresses of the current task */
	uint64_t pgd;		/* its page directory, with -u */
	unsigned ud2_skip;	/* -b: bytes skipped after a ud2 (BUG()) */
	char last_src[512];	/* the line shown last, printed once per change */
};

/* "<sym>" or "<sym+off>" (decimal offset, as crash prints it); empty when
 * the address is in no symbol. */
static void sym_suffix(struct dis *d, uint64_t addr, char *buf, size_t len)
{
	static const char *const clone_marks[] = { ".isra.", ".part.", ".llvm.", NULL };
	uint64_t off;
	const char *name = d->user ? NULL : kernel_symbol_at(d->k, addr, &off);
	if (!name) {
		buf[0] = '\0';
		return;
	}
	/* crash names a compiler clone (foo.isra.0) after its origin */
	int nlen = (int)strlen(name);
	for (int i = 0; clone_marks[i]; i++) {
		const char *p = strstr(name, clone_marks[i]);
		if (p && p - name < nlen)
			nlen = (int)(p - name);
	}
	if (off && d->hex)
		snprintf(buf, len, "<%.*s+0x%" PRIx64 ">", nlen, name, off);
	else if (off)
		snprintf(buf, len, "<%.*s+%" PRIu64 ">", nlen, name, off);
	else
		snprintf(buf, len, "<%.*s>", nlen, name);
}

/* Capstone writes "a, b"; gdb writes "a,b". */
static void squeeze_commas(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		*w++ = *r;
		if (*r == ',' && r[1] == ' ')
			r++;
	}
	*w = '\0';
}

/* Capstone drops a zero displacement that the encoding has ("(%rax)" for
 * "0x0(%rax)", as in the ftrace nop); gdb shows what is encoded.  With
 * mod 01/10 a displacement is encoded even when it is zero. */
static void zero_disp(const cs_insn *in, char *ops, size_t len)
{
	const cs_x86 *x = &in->detail->x86;
	int mod = x->modrm >> 6;
	if (!(mod == 1 || mod == 2) || x->disp != 0)
		return;
	char *p = strchr(ops, '(');
	if (!p || (p > ops && p[-1] != ',' && p[-1] != ' ' && p[-1] != '*' && p[-1] != ':'))
		return;
	size_t at = (size_t)(p - ops);
	if (strlen(ops) + 4 >= len)
		return;
	memmove(p + 3, p, strlen(p) + 1);
	memcpy(ops + at, "0x0", 3);
}

/* GNU names the string instructions by their last word ("rep stos"). */
static bool string_insn(const char *word, bool suffixed)
{
	static const char *const names[] = { "movs", "stos", "lods", "scas", "cmps", "ins", "outs",
					      NULL };
	for (int i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		if (strncmp(word, names[i], n) == 0 && (suffixed ? word[n] && !word[n + 1] : !word[n]))
			return true;
	}
	return false;
}

static bool has_reg_operand(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_REG)
			return true;
	return false;
}

/* Capstone 4 always writes the operand-size suffix; gdb (binutils) writes
 * it only where no register operand gives the size, and never on call,
 * ret, jmp, leave, and push/pop of a register or an immediate. */
static void mnemonic(csh cs, const cs_insn *in, const char *ops, char *buf, size_t len)
{
	static const char *const drop_q[] = { "callq", "retq", "jmpq", "leaveq", "pushfq", "popfq",
					       NULL };
	snprintf(buf, len, "%s", in->mnemonic);
	char *word = strrchr(buf, ' ');
	word = word ? word + 1 : buf;
	size_t n = strlen(word);
	for (int i = 0; drop_q[i]; i++) {
		if (strcmp(word, drop_q[i]) == 0) {
			word[n - 1] = '\0';
			return;
		}
	}
	if (strcmp(word, "pushq") == 0 || strcmp(word, "popq") == 0) {
		word[n - 1] = '\0';
		return;
	}
	if (n < 2 || !strchr("bwlq", word[n - 1]))
		return;
	/* capstone lists no register operand of a string instruction */
	const char *comma = strrchr(ops, ',');
	if (string_insn(word, true) && (ops[0] == '%' || (comma && comma[1] == '%'))) {
		word[n - 1] = '\0';
		return;
	}
	if (!has_reg_operand(in))
		return;
	const char *base = cs_insn_name(cs, in->id);
	if ((base && strlen(base) == n - 1 && strncmp(base, word, n - 1) == 0))
		word[n - 1] = '\0';
}

/* gdb prints every number in hex ("$0x6", "0x8(%rax)") where capstone
 * writes those below 10 in decimal, and a scale of 1 that capstone omits
 * ("(%rax,%rax,1)"). */
static void gnu_numbers(char *ops, size_t len)
{
	char out[256];
	size_t w = 0;
	for (size_t r = 0; ops[r] && w + 8 < sizeof(out); r++) {
		char c = ops[r];
		char prev = r ? ops[r - 1] : ' ';
		bool num_start = isdigit((unsigned char)c) && !(c == '0' && ops[r + 1] == 'x') &&
				 !isalnum((unsigned char)prev) && prev != '%' && prev != '(';
		bool scale = prev == ',' && r >= 2 && ops[r + 1] == ')';
		if (num_start && !scale) {
			out[w++] = '0';
			out[w++] = 'x';
		}
		out[w++] = c;
		/* "(%base,%index)": add the scale */
		if (c == ')' ) {
			size_t o = r;
			while (o > 0 && ops[o] != '(')
				o--;
			int commas = 0;
			for (size_t i = o; i < r; i++)
				commas += ops[i] == ',';
			if (commas == 1 && ops[r - 1] != ',' && strchr(ops + o, ',')[1] == '%') {
				out[w - 1] = ',';
				out[w++] = '1';
				out[w++] = ')';
			}
		}
	}
	out[w] = '\0';
	snprintf(ops, len, "%s", out);
}

/* gdb shows an immediate as the unsigned number of the operand's size
 * ("$0xffffffff" where capstone writes "$-0x1"). */
static void unsigned_imms(const cs_insn *in, char *ops, size_t len)
{
	const cs_x86 *x = &in->detail->x86;
	char *p = strstr(ops, "$-");
	if (!p)
		return;
	for (int i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];
		if (op->type != X86_OP_IMM || op->imm >= 0)
			continue;
		uint64_t v = (uint64_t)op->imm;
		if (op->size && op->size < 8)
			v &= (1ull << (8 * op->size)) - 1;
		char *end = p + 2;
		while (isalnum((unsigned char)*end))
			end++;
		char rest[256];
		snprintf(rest, sizeof(rest), "%s", end);
		snprintf(p, len - (size_t)(p - ops), "$0x%" PRIx64 "%s", v, rest);
		return;
	}
}

/* String instructions: gdb shows the segments, "%ds:(%rsi)", "%es:(%rdi)". */
static void string_segments(const char *mn, char *ops, size_t len)
{
	const char *word = strrchr(mn, ' ');
	word = word ? word + 1 : mn;
	if (!string_insn(word, false) && !string_insn(word, true))
		return;
	char out[256];
	size_t w = 0;
	for (size_t r = 0; ops[r] && w + 8 < sizeof(out); r++) {
		bool first = r == 0 || ops[r - 1] == ',';
		if (first && strncmp(ops + r, "(%rsi)", 6) == 0)
			w += (size_t)snprintf(out + w, sizeof(out) - w, "%%ds:");
		else if (first && strncmp(ops + r, "(%rdi)", 6) == 0)
			w += (size_t)snprintf(out + w, sizeof(out) - w, "%%es:");
		out[w++] = ops[r];
	}
	out[w] = '\0';
	snprintf(ops, len, "%s", out);
}

/* The relative branch target of a call or jump, if it has one. */
static bool branch_target(const cs_insn *in, uint64_t *target)
{
	const cs_x86 *x = &in->detail->x86;
	bool branch = false;
	for (int i = 0; i < in->detail->groups_count; i++) {
		uint8_t g = in->detail->groups[i];
		if (g == CS_GRP_JUMP || g == CS_GRP_CALL)
			branch = true;
	}
	if (!branch || x->op_count != 1 || x->operands[0].type != X86_OP_IMM)
		return false;
	*target = (uint64_t)x->operands[0].imm;
	return true;
}

/* A %rip-relative memory operand: the address it refers to. */
static bool rip_target(const cs_insn *in, uint64_t *target)
{
	const cs_x86 *x = &in->detail->x86;
	for (int i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];
		if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP) {
			*target = in->address + in->size + (uint64_t)op->mem.disp;
			return true;
		}
	}
	return false;
}

/* -l: the "file: line" of addr, when it differs from the last one shown. */
static void source_line(struct dis *d, uint64_t addr)
{
	char buf[sizeof(d->last_src)], file[sizeof(d->last_src) - 16];
	int ln;

	if (kernel_srcline(d->k, addr, file, sizeof(file), &ln) != 0)
		return;
	snprintf(buf, sizeof(buf), "%s: %d", file, ln);
	if (strcmp(buf, d->last_src) == 0)
		return;
	memcpy(d->last_src, buf, sizeof(buf));
	fprintf(d->out, "%s\n", buf);
}

/* "0xADDR <sym+off>:\t", or crash's "   0xADDR:\t" for user code. */
static void print_addr(struct dis *d, uint64_t pc)
{
	char where[256];
	if (d->user) {
		fprintf(d->out, "   0x%" PRIx64 ":\t", pc);
		return;
	}
	if (d->lines)
		source_line(d, pc);
	sym_suffix(d, pc, where, sizeof(where));
	fprintf(d->out, "0x%" PRIx64 " %s:\t", pc, where);
}

static void print_insn(struct dis *d, const cs_insn *in)
{
	char ops[256], mn[64], tsym[256];
	uint64_t target, off;

	snprintf(ops, sizeof(ops), "%s", in->op_str);
	squeeze_commas(ops);
	zero_disp(in, ops, sizeof(ops));
	gnu_numbers(ops, sizeof(ops));
	unsigned_imms(in, ops, sizeof(ops));
	/* shifts by one (opcode d0/d1) have no count operand in gdb */
	uint8_t op0 = in->detail->x86.opcode[0];
	if ((op0 == 0xd0 || op0 == 0xd1) && strncmp(ops, "$0x1,", 5) == 0)
		memmove(ops, ops + 5, strlen(ops + 5) + 1);
	mnemonic(d->cs, in, ops, mn, sizeof(mn));
	string_segments(mn, ops, sizeof(ops));
	print_addr(d, in->address);
	fprintf(d->out, "%-6s %s", mn, ops); /* gdb pads even a bare mnemonic */
	if (branch_target(in, &target)) {
		sym_suffix(d, target, tsym, sizeof(tsym));
		if (tsym[0])
			fprintf(d->out, " %s", tsym);
	} else if (rip_target(in, &target)) {
		sym_suffix(d, target, tsym, sizeof(tsym));
		fprintf(d->out, "        # 0x%" PRIx64 "%s%s", target, tsym[0] ? " " : "", tsym);
	}
	/* crash marks the nop that ftrace patches over a function's mcount
	 * call (the first instruction at a symbol) */
	if (!d->user && kernel_symbol_at(d->k, in->address, &off) && off == 0 &&
	    strcmp(mn, "nopl") == 0 && strcmp(ops, "0x0(%rax,%rax,1)") == 0)
		fprintf(d->out, " [FTRACE NOP]");
	fputc('\n', d->out);
}

/* AArch64, as gdb prints it: the mnemonic, a tab, the operands; a
 * branch's target (capstone's "#0x...") as an address and its symbol. */
static void print_insn_a64(struct dis *d, const cs_insn *in)
{
	/* hint instructions capstone 4 leaves as "hint #n": pointer
	 * authentication, BTI and the barriers, as gdb names them */
	static const struct { const char *op, *mn; } hints[] = {
		{ "#0x7", "xpaclri" }, { "#0x8", "pacia1716" }, { "#0xa", "pacib1716" },
		{ "#0xc", "autia1716" }, { "#0xe", "autib1716" }, { "#0x10", "esb" },
		{ "#0x11", "psb\tcsync" }, { "#0x12", "tsb\tcsync" }, { "#0x14", "csdb" },
		{ "#0x18", "paciaz" }, { "#0x19", "paciasp" }, { "#0x1a", "pacibz" },
		{ "#0x1b", "pacibsp" }, { "#0x1c", "autiaz" }, { "#0x1d", "autiasp" },
		{ "#0x1e", "autibz" }, { "#0x1f", "autibsp" }, { "#0x20", "bti" },
		{ "#0x22", "bti\tc" }, { "#0x24", "bti\tj" }, { "#0x26", "bti\tjc" },
	};
	char ops[256], tsym[256];
	const char *mnem = in->mnemonic;
	const cs_arm64 *a = &in->detail->arm64;
	bool branch = cs_insn_group(d->cs, in, CS_GRP_JUMP) || cs_insn_group(d->cs, in, CS_GRP_CALL) ||
		      !strcmp(in->mnemonic, "adr") || !strcmp(in->mnemonic, "adrp");

	snprintf(ops, sizeof(ops), "%s", in->op_str);
	if (!strcmp(mnem, "hint")) {
		for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
			if (!strcmp(ops, hints[i].op)) {
				mnem = hints[i].mn;
				ops[0] = '\0';
				break;
			}
		}
	}
	tsym[0] = '\0';
	if (branch && a->op_count > 0 && a->operands[a->op_count - 1].type == ARM64_OP_IMM) {
		uint64_t target = (uint64_t)a->operands[a->op_count - 1].imm;
		char *hash = strrchr(ops, '#');
		if (hash)
			snprintf(hash, sizeof(ops) - (size_t)(hash - ops), "0x%" PRIx64, target);
		sym_suffix(d, target, tsym, sizeof(tsym));
	}
	print_addr(d, in->address);
	fprintf(d->out, "%s%s%s%s%s\n", mnem, ops[0] ? "\t" : "", ops, tsym[0] ? " " : "", tsym);
}

/* Instructions capstone 4 does not know (or decodes as something else),
 * with gdb's text for them. */
struct raw_insn {
	unsigned char bytes[4];
	size_t len;
	const char *text;
};
static const struct raw_insn raw_insns[] = {
	{ { 0xf3, 0x0f, 0x1e, 0xfa }, 4, "endbr64" },
	{ { 0x0f, 0x01, 0xee }, 3, "rdpkru " },
	{ { 0x0f, 0x01, 0xef }, 3, "wrpkru " },
	{ { 0x66, 0x90 }, 2, "xchg   %ax,%ax" },
	{ { 0x90 }, 1, "nop" },
};

static const struct raw_insn *raw_insn(const unsigned char *code, size_t size)
{
	for (size_t i = 0; i < sizeof(raw_insns) / sizeof(raw_insns[0]); i++) {
		const struct raw_insn *r = &raw_insns[i];
		if (size >= r->len && memcmp(code, r->bytes, r->len) == 0)
			return r;
	}
	return NULL;
}

static void print_raw(struct dis *d, uint64_t pc, const char *text)
{
	print_addr(d, pc);
	fprintf(d->out, "%s\n", text);
}

/* Read [addr, addr+len) as far as it is readable, page by page; returns
 * the number of bytes read from the start (0: none). */
static size_t read_code(struct dis *d, uint64_t addr, unsigned char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		uint64_t a = addr + done;
		size_t n = 4096 - (size_t)(a & 4095);
		if (n > len - done)
			n = len - done;
		if ((d->user ? kernel_read_user(d->k, d->pgd, a, buf + done, n)
			     : kernel_read(d->k, a, buf + done, n)) != 0)
			break;
		done += n;
	}
	return done;
}

/* Disassemble from addr: at most max_insns instructions, within len
 * bytes, and none that starts after last (UINT64_MAX: no such bound). */
static int dis_range(struct dis *d, uint64_t addr, size_t len, uint64_t max_insns, uint64_t last)
{
	unsigned char *buf = malloc(len);
	if (!buf)
		return crash_error(d->s, "out of memory");
	size_t got = read_code(d, addr, buf, len);
	if (got == 0) {
		free(buf);
		return crash_error(d->s, "%s", err_get());
	}
	cs_insn *in = cs_malloc(d->cs);
	const uint8_t *code = buf;
	size_t size = got;
	uint64_t pc = addr, n = 0;
	int rc = 0;
	while (in && size > 0 && n < max_insns && pc <= last && !crash_interrupted()) {
		const struct raw_insn *raw = d->a64 ? NULL : raw_insn(code, size);
		if (d->a64 && cs_disasm_iter(d->cs, &code, &size, &pc, in)) {
			print_insn_a64(d, in);
		} else if (d->a64 && size >= 4) {
			/* an encoding capstone does not know: its word, as gdb */
			uint32_t w;
			char text[40];
			memcpy(&w, code, 4);
			snprintf(text, sizeof(text), ".inst\t0x%08x ; undefined", w);
			print_raw(d, pc, text);
			code += 4;
			size -= 4;
			pc += 4;
		} else if (d->a64) {
			break;
		} else if (raw) {
			print_raw(d, pc, raw->text);
			code += raw->len;
			size -= raw->len;
			pc += raw->len;
		} else if (cs_disasm_iter(d->cs, &code, &size, &pc, in)) {
			print_insn(d, in);
			/* -b: the bytes a BUG() encodes after its ud2 are data */
			if (in->size == 2 && in->bytes[0] == 0x0f && in->bytes[1] == 0x0b) {
				size_t skip = d->ud2_skip < size ? d->ud2_skip : size;
				code += skip;
				size -= skip;
				pc += skip;
			}
		} else if (size < DIS_INSN_MAX && got < len) {
			/* the instruction runs into a page the dump lacks */
			rc = crash_error(d->s, "cannot read code at %" PRIx64, pc);
			break;
		} else {
			print_raw(d, pc, "(bad)"); /* as gdb: skip one byte */
			code++;
			size--;
			pc++;
		}
		n++;
	}
	if (in)
		cs_free(in, 1);
	free(buf);
	return rc;
}

/* The symbol containing addr, for its start and size. */
static bool containing(struct dis *d, uint64_t addr, struct kernel_sym *sym, uint64_t *start)
{
	uint64_t off;
	if (kernel_symbol_info_at(d->k, addr, sym, &off) != 0)
		return false;
	*start = addr - off;
	return true;
}

/* -s: "FILE:"/"LINE:" of addr, then the source around it from the file
 * as the debuginfo names it (relative to the current directory when the
 * name is relative): five lines before the marked one, then count lines
 * after it, or up to the line of the function's last byte. */
#define DIS_SRC_BEFORE 5
#define DIS_SRC_MAX_LINES 100000

static int dis_source(struct dis *d, const char *arg, uint64_t addr, const char *countarg)
{
	char file[512], last_file[512], line[1024];
	int ln, last = 0;
	uint64_t count = 0, start;
	struct kernel_sym sym;

	if (countarg) {
		char *end;
		count = strtoull(countarg, &end, 0);
		if (!*countarg || *end || count == 0 || count > DIS_SRC_MAX_LINES)
			return crash_error(d->s, "invalid count: %s", countarg);
	}
	if (kernel_srcline(d->k, addr, file, sizeof(file), &ln) != 0)
		return crash_error(d->s, "%s: %s", arg, err_get());
	fprintf(d->out, "FILE: %s\nLINE: %d\n\n", file, ln);
	if (count)
		last = ln + (int)count;
	else if (containing(d, addr, &sym, &start) && sym.size &&
		 kernel_srcline(d->k, start + sym.size - 1, last_file, sizeof(last_file), &last) == 0 &&
		 !strcmp(last_file, file) && last >= ln && last - ln < DIS_SRC_MAX_LINES)
		; /* to the function's closing line */
	else
		last = ln + DIS_SRC_BEFORE;
	const char *dir = crash_source_dir(d->s);
	char path[1024];
	if (file[0] != '/' && dir)
		snprintf(path, sizeof(path), "%s/%s", dir, file);
	else
		snprintf(path, sizeof(path), "%s", file);
	FILE *f = fopen(path, "r");
	if (!f)
		return crash_error(d->s, "%s: source file not found: %s (%s)", arg, path,
				   dir ? "not in the --src tree"
				       : "give the kernel's source tree with crash --src DIR");
	int n = 0;
	while (fgets(line, sizeof(line), f) && ++n <= last && !crash_interrupted()) {
		if (!strchr(line, '\n')) { /* a long line: its remainder is dropped */
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
		} else {
			line[strcspn(line, "\n")] = '\0';
		}
		if (n >= ln - DIS_SRC_BEFORE)
			fprintf(d->out, "%c %4d   %s\n", n == ln ? '*' : ' ', n, line);
	}
	fclose(f);
	return 0;
}

enum dis_mode { DIS_DEFAULT, DIS_REVERSE, DIS_FORWARD, DIS_SOURCE };

static int dis_symbol_or_addr(struct dis *d, const char *arg, const char *countarg,
			      enum dis_mode mode)
{
	struct kernel_sym sym;
	bool named = !d->user && kernel_symbol_info(d->k, arg, &sym) == 0;
	uint64_t addr, start, count = 1;

	if (named && mode == DIS_DEFAULT && !countarg) {
		if (sym.size == 0 || sym.size > DIS_MAX_BYTES)
			return crash_error(d->s, "%s: no usable size in the symbol table", arg);
		return dis_range(d, sym.addr, (size_t)sym.size, UINT64_MAX, UINT64_MAX);
	}
	if (named)
		addr = sym.addr;
	else if (d->user ? !crash_parse_hex(arg, &addr) : addrarg_resolve(d->k, arg, &addr) != 0)
		return crash_error(d->s, "invalid address or symbol: %s", arg);
	if (mode == DIS_SOURCE)
		return dis_source(d, arg, addr, countarg);
	if (countarg) {
		char *end;
		count = strtoull(countarg, &end, 0);
		if (!*countarg || *end || count == 0 || count > DIS_MAX_COUNT)
			return crash_error(d->s, "invalid count: %s", countarg);
	}
	if (mode == DIS_REVERSE) {
		if (!containing(d, addr, &sym, &start))
			return crash_error(d->s, "%" PRIx64 ": not in a known function", addr);
		if (addr - start > DIS_MAX_BYTES)
			return crash_error(d->s, "%" PRIx64 ": too far from its symbol", addr);
		return dis_range(d, start, (size_t)(addr - start) + DIS_INSN_MAX, UINT64_MAX, addr);
	}
	if (mode == DIS_FORWARD) {
		if (!containing(d, addr, &sym, &start))
			return crash_error(d->s, "%" PRIx64 ": not in a known function", addr);
		if (sym.size == 0 || sym.size > DIS_MAX_BYTES)
			return crash_error(d->s, "%s: no usable size in the symbol table", sym.name);
		if (addr - start >= sym.size)
			return crash_error(d->s, "%" PRIx64 ": past the end of %s", addr, sym.name);
		return dis_range(d, addr, (size_t)(start + sym.size - addr),
				 countarg ? count : UINT64_MAX, UINT64_MAX);
	}
	return dis_range(d, addr, (size_t)count * DIS_INSN_MAX, count, UINT64_MAX);
}

/* The -b setting lasts for the session, kept with the kernel. */
static const int ud2_key;

static unsigned *ud2_setting(struct kernel *k)
{
	unsigned *v = kernel_state(k, &ud2_key);
	if (!v) {
		v = calloc(1, sizeof(*v));
		if (v)
			kernel_set_state(k, &ud2_key, v, free);
	}
	return v;
}

static int dis_run(struct crash_session *s, int argc, char **argv)
{
	struct dis d = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	enum dis_mode mode = DIS_DEFAULT;
	bool set_skip = false;
	uint64_t end = 0;	/* -E END: up to END, for code no symbol names (bpf -j) */
	int opt, modes = 0;

	optind = 0;
	while ((opt = getopt(argc, argv, "rflusxdbE:")) != -1) {
		switch (opt) {
		case 'r': mode = DIS_REVERSE; modes++; break;
		case 'f': mode = DIS_FORWARD; modes++; break;
		case 's': mode = DIS_SOURCE; modes++; break;
		case 'l': d.lines = true; break;
		case 'u': d.user = true; break;
		case 'x': d.hex = true; break;
		case 'd': d.hex = false; break;
		case 'b': set_skip = true; break;
		case 'E':
			if (!crash_parse_hex(optarg, &end))
				return crash_error(s, "invalid end address: %s", optarg);
			break;
		default: return -1;
		}
	}
	if (modes > 1)
		return crash_error(s, "-r, -f and -s exclude each other");
	if (!d.k)
		return crash_error(s, "no dump is open");
	d.a64 = arch_get_info(kernel_arch(d.k))->isa == ARCH_ISA_AARCH64;
	if (set_skip) {
		unsigned *skip = ud2_setting(d.k);
		if (!skip)
			return crash_error(s, "out of memory");
		if (d.a64)
			return crash_error(s, "-b: only x86 code has bytes encoded after ud2");
		if (optind < argc && argv[optind][0] >= '0' && argv[optind][0] <= '9') {
			char *e;
			unsigned long v = strtoul(argv[optind], &e, 0);
			if (*e || v > DIS_INSN_MAX)
				return crash_error(s, "invalid byte count: %s (0 to %d)", argv[optind],
						   DIS_INSN_MAX);
			*skip = (unsigned)v;
			optind++;
		}
		if (optind >= argc) {
			fprintf(d.out, "encoded bytes being skipped after ud2a: %u\n", *skip);
			return 0;
		}
	}
	if (optind >= argc)
		return crash_error(s, "a symbol or an address is needed");
	if (d.user) {
		/* as crash: user code has no symbols or lines here */
		uint64_t task = crash_current_task(s), mm = 0;
		d.lines = false;
		if (mode == DIS_REVERSE || mode == DIS_FORWARD || mode == DIS_SOURCE)
			return crash_error(s, "-u: user code has no symbols to bound -r, -f or -s");
		if (!task || mm_of_task(d.k, task, &mm) != 0)
			return crash_error(s, "no current task for a user address");
		if (!mm)
			return crash_error(s, "the current task (%#" PRIx64 ") is a kernel thread: "
					   "it has no user address space", task);
		if (mm_pgd(d.k, mm, &d.pgd, NULL) != 0)
			return crash_error(s, "%s", err_get());
	}
	unsigned *skip = ud2_setting(d.k);
	d.ud2_skip = skip ? *skip : 0;
	if ((d.lines || mode == DIS_SOURCE) && !kernel_has_debuginfo(d.k))
		crash_warn(s, "line information needs debuginfo (a vmlinux with DWARF)");
	if (argc - optind > 2 || (mode == DIS_REVERSE && argc - optind > 1))
		return crash_error(s, "too many arguments");
	if (d.a64) {
		if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &d.cs) != CS_ERR_OK)
			return crash_error(s, "capstone: cannot open the AArch64 disassembler");
	} else {
		if (cs_open(CS_ARCH_X86, CS_MODE_64, &d.cs) != CS_ERR_OK)
			return crash_error(s, "capstone: cannot open the x86_64 disassembler");
		cs_option(d.cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
	}
	cs_option(d.cs, CS_OPT_DETAIL, CS_OPT_ON);
	int rc;
	uint64_t start;
	if (end) {
		if (addrarg_resolve(d.k, argv[optind], &start) != 0 || end <= start ||
		    end - start > DIS_MAX_BYTES)
			rc = crash_error(s, "invalid range: %s to %" PRIx64, argv[optind], end);
		else
			rc = dis_range(&d, start, (size_t)(end - start), UINT64_MAX, end - 1);
	} else {
		rc = dis_symbol_or_addr(&d, argv[optind], argc - optind > 1 ? argv[optind + 1] : NULL,
					mode);
	}
	cs_close(&d.cs);
	return rc;
}

static const struct crash_cmd dis_cmd = {
	.name = "dis",
	.run = dis_run,
	.summary = "disassemble kernel code",
	.synopsis = "[-rfludxs][-b [num]] [symbol | address | (expression)] [count]",
	.description =
		"Disassembles kernel text as it is in the dump, so code the kernel\n"
		"patched while running (alternatives, static calls, ftrace nops) shows\n"
		"in its patched form.  Instructions are printed in AT&T syntax (x86_64) or\n"
		"as gdb prints AArch64 (arm64), one to a\n"
		"line, after their address and its symbol and offset; call and jump\n"
		"targets and %rip-relative operands are followed by their symbol.\n"
		"\n"
		"  symbol     the whole function, its size taken from the symbol table.\n"
		"  address    a hexadecimal address, a symbol or an expression: count\n"
		"             instructions from there (one when count is not given).\n"
		"  -r         from the start of the function containing the address up\n"
		"             to the instruction at that address.\n"
		"  -l         the source file and line before the instructions of each\n"
		"             line (when the vmlinux has line information).\n"
		"  -f         from the address to the end of the function containing it\n"
		"             (at most count instructions when count is given).\n"
		"  -u         the address is a user virtual address of the current task\n"
		"             (no symbols; -l is ignored).\n"
		"  -x / -d    offsets after symbols in hexadecimal / decimal (the default).\n"
		"  -s         the FILE and LINE of the address, then its source from the\n"
		"             file the debuginfo names (under crash --src DIR, else from\n"
		"             the current directory):\n"
		"             five lines before the marked one and count lines after it,\n"
		"             or the rest of the function.\n"
		"  -b [num]   x86: skip num bytes of data after each ud2 (what some BUG()\n"
		"             forms encode), for the rest of the session; alone, shows it.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> dis sysrq_handle_crash\n"
		"  0xffffffff964a89f0 <sysrq_handle_crash>:\tnopl   0x0(%rax,%rax,1) [FTRACE NOP]\n"
		"  0xffffffff964a89f5 <sysrq_handle_crash+5>:\tcall   0xffffffff95f28270 <__rcu_read_unlock>\n"
		"  0xffffffff964a89fa <sysrq_handle_crash+10>:\tmov    $0xffffffff971697b9,%rdi\n"
		"  0xffffffff964a8a01 <sysrq_handle_crash+17>:\tcall   0xffffffff967ccf31 <panic>\n"
		"\n"
		"  crash> dis panic 3\n"
		"  0xffffffff967ccf31 <panic>:\tnopl   0x0(%rax,%rax,1) [FTRACE NOP]\n"
		"  0xffffffff967ccf36 <panic+5>:\tpush   %rbp\n"
		"  0xffffffff967ccf37 <panic+6>:\tmov    %rsp,%rbp\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(dis_cmd)
