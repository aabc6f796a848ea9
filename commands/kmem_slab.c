/* kmem -S (every object of the SLUB caches, crash's per-cpu / per-node
 * layout) and -I (caches to leave out). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kmem.h"

bool kmem_slab_ignored(const struct kmem *m, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = m->ignore; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

struct slab_print {
	struct kmem *m;
	int nr_nodes;
	int cpu_slabs[1024];	/* CPU slabs of each node, for PER-CPU */
	bool tracked;		/* the list at hand is kept by SLUB */
};

static int on_cpu(void *arg, int cpu, uint64_t kc)
{
	struct slab_print *p = arg;
	fprintf(p->m->out, "CPU %d KMEM_CACHE_CPU:\n", cpu);
	if (kc)
		fprintf(p->m->out, "  %" PRIx64 "\n", kc);
	return crash_interrupted();
}

static int on_list(void *arg, enum slab_where w, int id, bool tracked)
{
	struct slab_print *p = arg;
	static const char *const what[] = { "SLAB", "PARTIAL", "PARTIAL", "FULL" };
	fprintf(p->m->out, "%s %d %s:\n", w <= SLAB_CPU_PARTIAL ? "CPU" : "NODE", id, what[w]);
	p->tracked = tracked;
	if (!tracked)
		fprintf(p->m->out, "  (not tracked)\n");
	return 0;
}

static int on_list_end(void *arg, enum slab_where w, int id, int n)
{
	struct slab_print *p = arg;
	(void)id;
	(void)w;
	/* an untracked list said so at its start */
	if (!n && p->tracked)
		fprintf(p->m->out, "  (empty)\n");
	return crash_interrupted();
}

static int on_slab(void *arg, enum slab_where w, int id, const struct slab_info *s)
{
	struct slab_print *p = arg;
	(void)id;
	if (w == SLAB_CPU_SLAB && s->node >= 0 && s->node < 1024)
		p->cpu_slabs[s->node]++;
	fprintf(p->m->out, "  SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE\n");
	fprintf(p->m->out, "  %-16" PRIx64 "  %-16" PRIx64 "  %4d  %5u  %9u  %4u\n", s->slab, s->base,
		s->node < 0 ? 0 : s->node, s->objects, s->objects - s->free, s->free);
	fprintf(p->m->out, "  FREE / [ALLOCATED]\n");
	return crash_interrupted();
}

static int on_object(void *arg, uint64_t obj, enum slab_obj_state st, int cpu)
{
	struct slab_print *p = arg;
	if (st == SLAB_OBJ_ALLOCATED)
		fprintf(p->m->out, "  [%" PRIx64 "]\n", obj);
	else if (st == SLAB_OBJ_CPU_FREE)
		fprintf(p->m->out, "   %" PRIx64 "  (cpu %d cache)\n", obj, cpu);
	else
		fprintf(p->m->out, "   %" PRIx64 "  \n", obj);
	return 0;
}

static int on_node(void *arg, int node, uint64_t kcn, uint64_t nr_slabs, uint64_t nr_partial)
{
	struct slab_print *p = arg;
	fprintf(p->m->out, "KMEM_CACHE_NODE   NODE  SLABS  PARTIAL  PER-CPU\n");
	fprintf(p->m->out, "%-16" PRIx64 "  %4d  %5" PRIu64 "  %7" PRIu64 "  %7d\n", kcn, node, nr_slabs,
		nr_partial, node >= 0 && node < 1024 ? p->cpu_slabs[node] : 0);
	return crash_interrupted();
}

int kmem_slab_objects(struct kmem *m, const struct slab_cache *c)
{
	static const struct slab_visit v = { on_cpu, on_list, on_slab, on_object, on_list_end,
					     on_node };
	struct slab_print *p = xcalloc(1, sizeof(*p));
	p->m = m;
	int rc = slab_cache_walk(m->k, c, m->cpus, &v, p);
	free(p);
	fputc('\n', m->out);
	if (rc != 0)
		return crash_error(m->s, "%s: %s", c->name, err_get());
	return 0;
}
