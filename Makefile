# crash: post-mortem shell for Linux kernel crash dumps.
#
#   make            build ./crash
#   make check      all tests (unit tests, then tests on real dumps, which
#                   tests/fixtures/mkdumps builds and caches on first use)
#   make asan       the same tests under ASan+UBSan (also: make check SANITIZE=1)
#   make fuzz       every libFuzzer target for FUZZ_SECONDS (20) each; fuzz-long: an hour
#   make deps       install build and test dependencies (Debian 12)
#   make demo       deps, build, make the sample dump, open the shell on it
#   make extensions build the example extensions
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
EXTDIR = $(PREFIX)/lib/crash/extensions
INCDIR = $(PREFIX)/include/crash

PKGS = libdw libelf zlib readline lzo2 libzstd ncurses capstone libbpf json-c nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ldw -lelf -lz -lreadline -llzo2 -lzstd -lncurses -lcapstone -lbpf -ljson-c -lnettle)

CC ?= cc
OPT ?= -O2
CFLAGS ?= $(OPT) -g
WARN = -Wall -Wextra -Werror -Wno-missing-field-initializers
CPPFLAGS += -I. $(PKG_CFLAGS) -D_GNU_SOURCE -DCRASH_EXTDIR='"$(EXTDIR)"'
ALL_CFLAGS = -std=c17 $(WARN) $(CFLAGS) -fPIC
LIBS = $(PKG_LIBS) -lsnappy -liberty -ldl -lm

ifeq ($(SANITIZE),1)
BUILD = build/asan
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD = build/release
endif

# Every .c of the layers; extensions/examples are separate shared objects.
LIB_SRCS := $(wildcard common/*.c readers/*.c arch/*.c arch/*/*.c kernel-types/*.c kernel-types/*/*.c)
APP_SRCS := $(wildcard commands/*.c shell/*.c extensions/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
APP_OBJS := $(APP_SRCS:%.c=$(BUILD)/%.o)
DEPS := $(LIB_OBJS:.o=.d) $(APP_OBJS:.o=.d)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)
# The unit tests' seam (tests/unit/testkernel.h): linked into the tests
# from an archive, so only the tests that use it pull it in.
TK_LIB := $(BUILD)/tests/unit/libtestkernel.a
DEPS += $(UNIT_BINS:=.d) $(BUILD)/tests/unit/testkernel.d
# Test kernels (tests/unit/kernels/NAME.c + tk_base.c -> NAME.elf): little
# vmlinux files linked at x86_64 kernel addresses.  Never sanitized: they
# are read, not run.
TK_SRCS := $(filter-out tests/unit/kernels/tk_base.c,$(wildcard tests/unit/kernels/*.c))
TK_ELFS := $(TK_SRCS:%.c=$(BUILD)/%.elf)
TK_CFLAGS = -std=gnu17 -g -O0 -Wall -Wextra -Werror -DTK_KERNEL -fno-pic -fno-pie \
	-ffreestanding -mcmodel=kernel -fno-asynchronous-unwind-tables \
	-fno-stack-protector -fcf-protection=none -fno-common
TK_LDFLAGS = -nostdlib -static -Wl,-T,tests/unit/kernels/tk.ld -Wl,--build-id=sha1 \
	-Wl,--emit-relocs
DEPS += $(TK_SRCS:%.c=$(BUILD)/%.tk.d) $(BUILD)/tests/unit/kernels/tk_base.tk.d
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:%.c=$(BUILD)/%)
EXT_SRCS := $(wildcard extensions/examples/*.c)
EXT_SOS := $(EXT_SRCS:%.c=$(BUILD)/%.so)

ifeq ($(SANITIZE),1)
CRASH_BIN = $(BUILD)/crash
else
CRASH_BIN = crash
endif

.PHONY: all check asan deps demo extensions install clean unit fixtures bench fuzz fuzz-long bench-readers check-api

all: $(CRASH_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libcrashcore.a: $(LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

# -rdynamic: extensions call back into the binary through crash-api.h.
# The command objects are linked directly (not from an archive) so that
# their registration constructors are kept.
$(CRASH_BIN): $(APP_OBJS) $(BUILD)/libcrashcore.a
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -rdynamic -o $@ $(APP_OBJS) -Wl,--whole-archive $(BUILD)/libcrashcore.a -Wl,--no-whole-archive $(LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(TK_LIB) $(BUILD)/libcrashcore.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -MMD -MP -MF $@.d -o $@ $< $(TK_LIB) $(BUILD)/libcrashcore.a $(LIBS)

$(TK_LIB): $(BUILD)/tests/unit/testkernel.o
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/tests/unit/kernels/%.tk.o: tests/unit/kernels/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (test kernel)"
	@$(CC) $(TK_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/unit/kernels/%.elf: $(BUILD)/tests/unit/kernels/%.tk.o \
		$(BUILD)/tests/unit/kernels/tk_base.tk.o tests/unit/kernels/tk.ld
	@echo "  KERNEL  $@"
	@$(CC) $(TK_LDFLAGS) -o $@ $(BUILD)/tests/unit/kernels/tk_base.tk.o $<

.PRECIOUS: $(BUILD)/tests/unit/kernels/%.tk.o

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libcrashcore.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcrashcore.a $(LIBS)

$(BUILD)/extensions/examples/%.so: extensions/examples/%.c extensions/crash-api.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -shared -o $@ $<

extensions: $(EXT_SOS)

unit: $(UNIT_BINS) $(TOOL_BINS) $(TK_ELFS)

# The fixture dumps are built (or found in the cache) before any test runs,
# so that no dump test can pass by skipping.
check: $(CRASH_BIN) unit extensions
	tests/fixtures/mkdumps
	$(MAKE) -s check-api
	CRASH=$(abspath $(CRASH_BIN)) BUILD=$(abspath $(BUILD)) tests/run

# The sanitizer pass: every test, on the x86_64 dumps (the arm64 code runs
# under it in its unit tests; the arm64 dumps would double the pass's time
# in CI).  CRASH_TEST_ARM64=1 make asan takes them too.
asan:
	CRASH_TEST_ARM64=$${CRASH_TEST_ARM64:-0} $(MAKE) check SANITIZE=1

fixtures:
	tests/fixtures/mkdumps

# Short fuzz pass (libFuzzer, clang): every target of tests/fuzz for
# FUZZ_SECONDS each; with FUZZ_RUNS=N, N inputs from a fixed seed instead
# (CI: make fuzz FUZZ_RUNS=50000 FUZZ_SECONDS=60, the same inputs each time).
fuzz:
	tests/fuzz/run $(or $(FUZZ_SECONDS),20)

# The nightly pass: every target for FUZZ_SECONDS (an hour) each, with its
# coverage; new corpus entries are kept in build/fuzz/corpus/.
fuzz-long:
	FUZZ_COVERAGE=1 tests/fuzz/run $(or $(FUZZ_SECONDS),3600)

bench-readers: unit
	BUILD=$(abspath $(BUILD)) bench/readers

bench: $(CRASH_BIN)
	bench/run

deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	  $$(cat tests/deps.txt | sed 's/#.*//')

demo: deps $(CRASH_BIN)
	tests/fixtures/mkdumps --demo
	./crash "$$(tests/fixtures/mkdumps --print vmlinux)" "$$(tests/fixtures/mkdumps --print demo)"

# The public API: extensions/crash-api.h and every header it reaches,
# installed with their paths under $(INCDIR) (so "extensions/crash-api.h"
# and "kernel-types/kernel.h" resolve there as in the tree), plus a
# crash-api.h shim at the top and a pkg-config file.
API_HEADERS = $(shell $(CC) $(CPPFLAGS) -MM -MT x extensions/crash-api.h 2>/dev/null | \
	sed 's/^x://; s/\\//g' | tr ' ' '\n' | grep -v '^$$')
PCDIR = $(PREFIX)/lib/pkgconfig

install: $(CRASH_BIN) extensions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(EXTDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(PCDIR)
	install -m 755 $(CRASH_BIN) $(DESTDIR)$(BINDIR)/crash
	install -m 644 crash.1 $(DESTDIR)$(MANDIR)/crash.1
	install -m 644 $(EXT_SOS) $(DESTDIR)$(EXTDIR)/
	for h in $(API_HEADERS); do install -D -m 644 $$h $(DESTDIR)$(INCDIR)/$$h || exit 1; done
	printf '/* The crash extension API: see extensions/crash-api.h. */\n#include "extensions/crash-api.h"\n' \
		> $(DESTDIR)$(INCDIR)/crash-api.h
	printf 'prefix=%s\nincludedir=$${prefix}/include/crash\n\nName: crash-api\nDescription: the extension API of the crash post-mortem shell\nVersion: %s\nRequires: json-c\nCflags: -I$${includedir}\n' \
		'$(PREFIX)' "$$(sed -n 's/^#define CRASH_API_VERSION_MAJOR //p' extensions/crash-api.h).$$(sed -n 's/^#define CRASH_API_VERSION_MINOR //p' extensions/crash-api.h)" \
		> $(DESTDIR)$(PCDIR)/crash-api.pc

# The public API is the one the built-ins use: install into a scratch
# tree, compile every built-in command against the installed headers
# alone, build the example extensions out of the tree with the command
# extensions/README.md gives, and load each into crash.
API_TREE = $(abspath build/api-check)
check-api: $(CRASH_BIN) extensions
	rm -rf $(API_TREE)
	$(MAKE) -s install DESTDIR=$(API_TREE)
	tests/api-check $(API_TREE) $(abspath $(CRASH_BIN))

clean:
	rm -rf build crash

-include $(DEPS)
