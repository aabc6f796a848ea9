/* bpf: the loaded eBPF programs and maps (kernel-types/linux/bpf.c), in
 * crash's columns. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extensions/crash-api.h"

/* s centered in width w (the left side gets the smaller half), as crash
 * lays out its columns; longer strings are printed whole. */
static void center(FILE *out, const char *s, int w)
{
	int n = (int)strlen(s), l = n < w ? (w - n) / 2 : 0;
	fprintf(out, "%*s%s%*s", l, "", s, n < w ? w - n - l : 0, "");
}

static void prog_header(FILE *out)
{
	fputs(" ID ", out);
	center(out, "BPF_PROG", 16);
	fputc(' ', out);
	center(out, "BPF_PROG_AUX", 16);
	fputs(" BPF_PROG_TYPE ", out);
	center(out, "TAG", 16);
	fputs(" USED_MAPS\n", out);
}

static void map_header(FILE *out)
{
	fputs(" ID ", out);
	center(out, "BPF_MAP", 16);
	fputc(' ', out);
	center(out, "BPF_MAP_TYPE", 15);
	fputs(" MAP_FLAGS\n", out);
}

static void prog_row(FILE *out, const struct kbpf_prog *p)
{
	if (p->bad[0]) {
		fprintf(out, "%3u %016llx (unreadable: %s)\n", p->id, (unsigned long long)p->prog,
			p->bad);
		return;
	}
	char tag[17], maps[KBPF_MAX_USED_MAPS * 11 + 8] = "";
	for (int i = 0; i < 8; i++)
		snprintf(tag + 2 * i, 3, "%02x", p->tag[i]);
	size_t len = 0;
	for (int i = 0; i < p->nused && i < KBPF_MAX_USED_MAPS; i++)
		len += (size_t)snprintf(maps + len, sizeof(maps) - len, "%s%u", i ? "," : "", p->used[i]);
	if (p->nused > KBPF_MAX_USED_MAPS)
		snprintf(maps + len, sizeof(maps) - len, ",...");
	fprintf(out, "%3u %016llx %016llx ", p->id, (unsigned long long)p->prog,
		(unsigned long long)p->aux);
	center(out, p->type, 13);
	fprintf(out, " %s ", tag);
	center(out, maps, 9);
	fputc('\n', out);
}

static void map_row(FILE *out, const struct kbpf_map *m)
{
	if (m->bad[0]) {
		fprintf(out, "%3u %016llx (unreadable: %s)\n", m->id, (unsigned long long)m->map,
			m->bad);
		return;
	}
	fprintf(out, "%3u %016llx ", m->id, (unsigned long long)m->map);
	center(out, m->type, 15);
	fprintf(out, "  %08x\n", m->flags);
}

static void print_unknown(FILE *out, const char *title, int64_t v)
{
	if (v < 0)
		fprintf(out, "%s: (unknown)", title);
	else
		fprintf(out, "%s: %lld", title, (long long)v);
}

/* What -p adds: sizes, load time (as a date, from the boot time of the
 * dump), GPL compatibility, name, owner. */
static void prog_extra(struct kernel *k, FILE *out, const struct kbpf_prog *p)
{
	fprintf(out, "     XLATED: %llu  JITED: %u  ", (unsigned long long)p->xlated, p->jited_len);
	print_unknown(out, "MEMLOCK", p->memlock);
	struct ksysinfo si;
	ksys_info(k, &si);
	char date[64] = "(unknown)";
	if (si.wall_secs > 0 && p->load_time) {
		/* boot time = the dump's wall clock less the uptime */
		time_t t = (time_t)(si.wall_secs - (int64_t)si.uptime_secs +
				    (int64_t)(p->load_time / 1000000000ull));
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(date, sizeof(date), "%a %b %e %T %Y", &tm);
	}
	fprintf(out, "\n     LOAD_TIME: %s\n", date);
	fprintf(out, "     GPL_COMPATIBLE: %s  NAME: \"%s\"  ",
		p->gpl < 0 ? "(unknown)" : p->gpl ? "yes" : "no", p->name);
	print_unknown(out, "UID", p->uid);
	fputc('\n', out);
}

static void map_extra(FILE *out, const struct kbpf_map *m)
{
	fprintf(out, "     KEY_SIZE: %u  VALUE_SIZE: %u  MAX_ENTRIES: %u  ", m->key_size,
		m->value_size, m->max_entries);
	print_unknown(out, "MEMLOCK", m->memlock);
	fprintf(out, "\n     NAME: \"%s\"  ", m->name);
	print_unknown(out, "UID", m->uid);
	fputc('\n', out);
}

/* -s: a structure at addr, as `struct TYPE ADDR` prints it. */
static int dump_struct(struct crash_session *s, struct kernel *k, FILE *out, const char *type,
		       uint64_t addr, unsigned flags)
{
	struct kqtype t;
	if (ktype_lookup(k, type, &t) != 0)
		return crash_error(s, "%s", err_get());
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int bad = tp_value_at(k, mem, t, addr, 0, flags);
	fclose(mem);
	if (!bad)
		fprintf(out, "\n%s %s\n", type, text);
	free(text);
	return bad ? crash_error(s, "%s", err_get()) : 0;
}

/* -t: the translated instructions as the kernel's disassembler writes
 * them; -T: each followed by its bytes. */
static int dump_insns(struct crash_session *s, struct kernel *k, FILE *out,
		      const struct kbpf_prog *p, bool raw)
{
	if (!p->insns)
		return crash_error(s, "this kernel's struct bpf_prog has no insnsi");
	fputc('\n', out);
	for (uint32_t i = 0; i < p->len && !crash_interrupted();) {
		uint8_t b[16];
		int slots = i + 1 < p->len ? 2 : 1;
		if (kernel_read(k, p->insns + 8ull * i, b, 8u * (unsigned)slots) != 0)
			return crash_error(s, "instruction %u: %s", i, err_get());
		char text[256];
		int used = kbpf_insn_text(k, b, slots, text, sizeof(text));
		fprintf(out, "%4u: %s\n", i, text);
		if (raw)
			for (int j = 0; j < used; j++)
				fprintf(out, "      %02x %02x %02x %02x %02x %02x %02x %02x\n", b[8 * j],
					b[8 * j + 1], b[8 * j + 2], b[8 * j + 3], b[8 * j + 4], b[8 * j + 5],
					b[8 * j + 6], b[8 * j + 7]);
		i += (uint32_t)used;
	}
	return 0;
}

static int bpf_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	long pid = -1, mid = -1;
	bool all_p = false, all_m = false, st = false, xl = false, raw = false, jit = false;
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	int opt;
	char *end;
	optind = 0;
	while ((opt = getopt(argc, argv, "p:Pm:MstTjxd")) != -1) {
		switch (opt) {
		case 'p':
			pid = strtol(optarg, &end, 0);
			if (!*optarg || *end || pid < 0)
				return crash_usage_error(s, "invalid program ID: %s", optarg);
			break;
		case 'm':
			mid = strtol(optarg, &end, 0);
			if (!*optarg || *end || mid < 0)
				return crash_usage_error(s, "invalid map ID: %s", optarg);
			break;
		case 'P': all_p = true; break;
		case 'M': all_m = true; break;
		case 's': st = true; break;
		case 't': xl = true; break;
		case 'T': xl = raw = true; break;
		case 'j': jit = true; break;
		case 'x': flags |= TP_HEX; break;
		case 'd': flags &= ~(unsigned)TP_HEX; break;
		default:
			return crash_usage_error(s, "usage: bpf [[-p ID | -P] [-tTj]] [[-m ID] | -M] "
						    "[-s] [-xd]");
		}
	}
	if (optind < argc)
		return crash_usage_error(s, "unexpected argument: %s", argv[optind]);
	if ((xl || jit) && pid < 0 && !all_p)
		return crash_usage_error(s, "-t, -T and -j need -p ID or -P");
	if (!k)
		return crash_error(s, "no dump is open");
	bool progs = pid >= 0 || all_p, maps = mid >= 0 || all_m;
	if (!progs && !maps)
		progs = maps = true;	/* the basic listing of both */
	bool detail = pid >= 0 || all_p || mid >= 0 || all_m;
	FILE *out = crash_out(s);
	int rc = 0;

	if (progs) {
		struct kbpf_prog *p;
		int n = kbpf_progs(k, &p);
		if (n < 0)
			return crash_error(s, "%s", err_get());
		int shown = 0;
		for (int i = 0; i < n; i++) {
			if (pid >= 0 && p[i].id != (uint32_t)pid)
				continue;
			if (!shown++ || detail)
				prog_header(out);
			prog_row(out, &p[i]);
			if (p[i].bad[0]) {
				rc = -1;
				continue;
			}
			if (detail)
				prog_extra(k, out, &p[i]);
			if (st && detail) {
				rc |= dump_struct(s, k, out, "struct bpf_prog", p[i].prog, flags);
				rc |= dump_struct(s, k, out, "struct bpf_prog_aux", p[i].aux, flags);
			}
			if (xl)
				rc |= dump_insns(s, k, out, &p[i], raw);
			if (jit) {
				if (!p[i].jited_len || !p[i].bpf_func) {
					fprintf(out, "\n(program %u is not jited)\n", p[i].id);
				} else {
					char line[96];
					fputc('\n', out);
					snprintf(line, sizeof(line), "dis -E %llx 0x%llx",
						 (unsigned long long)(p[i].bpf_func + p[i].jited_len),
						 (unsigned long long)p[i].bpf_func);
					rc |= crash_run_line(s, line);
				}
			}
			if (detail)
				fputc('\n', out);
		}
		if (pid >= 0 && !shown)
			rc = crash_error(s, "invalid program ID: %ld", pid);
		if (!shown && pid < 0)
			prog_header(out);	/* none loaded: the header alone */
		free(p);
		if (maps && !detail)
			fputc('\n', out);
	}
	if (maps) {
		struct kbpf_map *m;
		int n = kbpf_maps(k, &m);
		if (n < 0)
			return crash_error(s, "%s", err_get());
		int shown = 0;
		for (int i = 0; i < n; i++) {
			if (mid >= 0 && m[i].id != (uint32_t)mid)
				continue;
			if (!shown++ || detail)
				map_header(out);
			map_row(out, &m[i]);
			if (m[i].bad[0]) {
				rc = -1;
				continue;
			}
			if (detail) {
				map_extra(out, &m[i]);
				if (st)
					rc |= dump_struct(s, k, out, "struct bpf_map", m[i].map, flags);
				fputc('\n', out);
			}
		}
		if (mid >= 0 && !shown)
			rc = crash_error(s, "invalid map ID: %ld", mid);
		if (!shown && mid < 0)
			map_header(out);
		free(m);
	}
	return rc ? -1 : 0;
}

static const struct crash_cmd bpf_cmd = {
	.name = "bpf",
	.run = bpf_run,
	.summary = "extended Berkeley Packet Filter (eBPF)",
	.synopsis = "[[-p ID | -P] [-tTj]] [[-m ID] | -M] [-s] [-xd]",
	.description =
		"The loaded eBPF programs and maps, from the kernel's prog_idr and\n"
		"map_idr.  Without an option, each program's ID, the addresses of its\n"
		"bpf_prog and bpf_prog_aux, its type, tag and the IDs of the maps it\n"
		"uses; then each map's ID, bpf_map address, type and map_flags.  With\n"
		"nothing loaded, the headers alone.\n"
		"\n"
		"  -p ID  one program, with the size of its translated and jited code,\n"
		"         its locked memory, load time, GPL compatibility, name and UID.\n"
		"  -P     the same for every program.\n"
		"  -m ID  one map, with its key and value sizes, maximum entries, locked\n"
		"         memory, name and UID.\n"
		"  -M     the same for every map.\n"
		"  -t     with -p/-P: the translated instructions, as the kernel's BPF\n"
		"         disassembler (and bpftool) writes them.\n"
		"  -T     the same, with each instruction's bytes.\n"
		"  -j     with -p/-P: the jited code disassembled.\n"
		"  -s     with -p/-P: struct bpf_prog and struct bpf_prog_aux; with\n"
		"         -m/-M: struct bpf_map.\n"
		"  -x     -s in hexadecimal.   -d  -s in decimal.\n"
		"\n"
		"A value the kernel does not keep (a map's locked memory since 5.11,\n"
		"when maps became charged to memory cgroups) prints as (unknown).\n"
		"\n"
		"EXAMPLES\n"
		"  crash> bpf\n"
		"   ID     BPF_PROG       BPF_PROG_AUX   BPF_PROG_TYPE       TAG        USED_MAPS\n"
		"   13 ffffbc00c06d1000 ffff9ff260f0c400  CGROUP_SKB   7be49e3934a125ba   13,14\n"
		"\n"
		"   ID     BPF_MAP       BPF_MAP_TYPE   MAP_FLAGS\n"
		"   13 ffff9ff260f0ec00    LPM_TRIE      00000001\n"
		"\n"
		"  crash> bpf -m 13\n"
		"   ID     BPF_MAP       BPF_MAP_TYPE   MAP_FLAGS\n"
		"   13 ffff9ff260f0ec00    LPM_TRIE      00000001\n"
		"       KEY_SIZE: 8  VALUE_SIZE: 8  MAX_ENTRIES: 1  MEMLOCK: (unknown)\n"
		"       NAME: \"lpm\"  UID: (unknown)\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(bpf_cmd)
