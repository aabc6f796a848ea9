/* The debug vmlinux of a build ID, found on this machine or through
 * debuginfod (debuginfo.c), for a session given only the dump. */
#ifndef CRASH_KERNEL_TYPES_DEBUGINFO_H
#define CRASH_KERNEL_TYPES_DEBUGINFO_H

/* build_id: lowercase hex (VMCOREINFO's BUILD-ID); release: OSRELEASE or
 * NULL.  A malloc'd path, or NULL when none is found.  What is found is
 * only a candidate: kernel_open checks it against the dump. */
char *debuginfo_find(const char *build_id, const char *release);

#endif
