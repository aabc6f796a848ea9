# The libFuzzer targets, built by tests/fuzz/run (make -f tests/fuzz/fuzz.mk,
# from the top of the tree).  Every .c of common/ readers/ arch/
# kernel-types/ goes into one instrumented archive; each target links what
# it uses from it.  fuzz_cmdline links the shell and the commands too.
OUT ?= build/fuzz
CC = clang
PKGS = libdw libelf zlib lzo2 libzstd capstone readline ncurses libbpf json-c nettle
FUZZ_CFLAGS = -g -O1 -std=c17 -D_GNU_SOURCE -I. $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
	-I/usr/include/lzo -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -DCRASH_EXTDIR='"/nonexistent"'
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null || \
	echo -ldw -lelf -lz -llzo2 -lzstd -lcapstone -lreadline -lncurses -lbpf -ljson-c -lnettle) -lsnappy -liberty -ldl -lm
SRCS := $(wildcard common/*.c readers/*.c arch/*.c arch/*/*.c kernel-types/*.c kernel-types/*/*.c)
OBJS := $(SRCS:%.c=$(OUT)/obj/%.o)
# the shell (but its main) and the commands, linked as objects: commands
# register themselves from constructors an archive would drop
APP_SRCS := $(filter-out shell/main.c,$(wildcard commands/*.c shell/*.c extensions/*.c))
APP_OBJS := $(APP_SRCS:%.c=$(OUT)/obj/%.o)
TARGETS ?= fuzz_elf fuzz_kdump fuzz_flat fuzz_split fuzz_index fuzz_vmcoreinfo fuzz_kallsyms fuzz_expr \
	fuzz_btf fuzz_cmdline fuzz_expr_parse

all: $(TARGETS:%=$(OUT)/%) $(OUT)/index_sample

$(OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(OUT)/libfuzzcore.a: $(OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(OUT)/libfuzzcore.a
	@echo "  FUZZ    $@"
	@$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(OUT)/libfuzzcore.a $(LIBS)

$(OUT)/fuzz_cmdline: tests/fuzz/fuzz_cmdline.c $(APP_OBJS) $(OUT)/obj/tests/unit/testkernel.o \
		$(OUT)/libfuzzcore.a
	@echo "  FUZZ    $@"
	@$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(APP_OBJS) \
		$(OUT)/obj/tests/unit/testkernel.o $(OUT)/libfuzzcore.a $(LIBS)

# fuzz_expr_parse runs on a test kernel: it links the test seam too.
$(OUT)/fuzz_expr_parse: tests/fuzz/fuzz_expr_parse.c $(OUT)/obj/tests/unit/testkernel.o $(OUT)/libfuzzcore.a
	@echo "  FUZZ    $@"
	@$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(OUT)/obj/tests/unit/testkernel.o \
		$(OUT)/libfuzzcore.a $(LIBS)

# The small program whose DWARF fuzz_index indexes: built the same way
# wherever the tree is (no paths of this machine in its DWARF).
$(OUT)/index_sample: tests/fuzz/index_sample.c
	@mkdir -p $(dir $@)
	@$(CC) -g -O0 -fdebug-prefix-map=$(CURDIR)=. -Wl,--build-id=none -o $@ $<

-include $(OBJS:.o=.d) $(APP_OBJS:.o=.d) $(OUT)/obj/tests/unit/testkernel.d $(TARGETS:%=$(OUT)/%.d)
