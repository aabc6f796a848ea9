#ifndef CRASH_SHELL_FILEKIND_H
#define CRASH_SHELL_FILEKIND_H

enum file_kind { FILE_UNKNOWN, FILE_VMLINUX, FILE_DUMP };

/* FILE_UNKNOWN with err_set() when the file is unreadable or neither. */
enum file_kind file_kind(const char *path);

#endif
