# Hostile inputs, options and conditions (tests/hostile/run.sh), and the
# valgrind run over the fixtures (tests/valgrind.sh).
#
#   make hostile-test   part of make test, make asan and make ubsan
#   make valgrind       the CLI and the replay programs under valgrind

.PHONY: hostile-test valgrind

$(B)/tests/svgstrict: tests/hostile/svgstrict.c | $(B)/tests
	$(Q)$(CC) $(BASE_CFLAGS) -Werror $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(PKG_LIBS)

$(B)/tests/hostile_api: tests/hostile/hostile_api.c include/flame.h $(STLIB) | $(B)/tests
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -Werror $(CFLAGS) -o $@ $< $(STLIB) $(LDFLAGS) $(PKG_LIBS) $(SYS_LIBS)

# An LD_PRELOAD shim: built without the sanitizers (run.sh skips it under them).
$(B)/tests/failalloc.so: tests/hostile/failalloc.c | $(B)/tests
	$(Q)$(CC) -std=c11 -O1 -g $(CPPFLAGS) $(TOOL_CFLAGS) -shared -fPIC -Wall -Wextra -o $@ $< $(TOOL_LDFLAGS)

# AddressSanitizer reserves terabytes of address space and replaces malloc:
# no ulimit -v, no LD_PRELOAD, a smaller big line (tests/hostile/run.sh).
HOSTILE_SAN = $(if $(findstring address,$(CFLAGS)),san)

hostile-test: $(CLI) $(B)/tests/svgstrict $(B)/tests/hostile_api $(if $(HOSTILE_SAN),,$(B)/tests/failalloc.so)
	$(Q)bash tests/hostile/run.sh $(CLI) $(HOSTILE_SAN)

EXTRA_TESTS += hostile-test
EXTRA_SAN_TESTS += hostile-test

valgrind: $(CLI) $(B)/fuzz/replay_folded $(B)/fuzz/replay_render $(B)/tests/hostile_api
	$(Q)sh tests/valgrind.sh $(B)
