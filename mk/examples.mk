# The library as its users see it (included by the Makefile).
#
#   make examples       build examples/*.c into $(B)/examples/, against the
#                       in-tree shared library, with -Werror
#   make examples-test  run them and check their output, the C code in the
#                       man pages and README, and the exported symbols
#                       (tests/examples/run.sh)
#   make test-install   make install into a scratch DESTDIR, build an example
#                       with pkg-config alone, run it, make uninstall
#                       (tests/examples/install.sh)

EXAMPLE_SRC = $(wildcard examples/*.c)
EXAMPLE_BIN = $(patsubst examples/%.c,$(B)/examples/%,$(EXAMPLE_SRC))
# What a user's program sees: the public header only, no -Ilib.
EXAMPLE_CFLAGS = $(BASE_CFLAGS) -Werror $(CFLAGS)

.PHONY: examples examples-test test-install

examples: $(EXAMPLE_BIN)

$(B)/examples:
	$(Q)mkdir -p $@

# Linked with the shared library, so that an example can only use what the
# library exports; run with LD_LIBRARY_PATH=$(B).
$(B)/examples/%: examples/%.c include/flame.h $(B)/libflame.so | $(B)/examples
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(EXAMPLE_CFLAGS) -o $@ $< -L$(B) -lflame $(LDFLAGS)

$(B)/tests/pnginfo: tests/examples/pnginfo.c | $(B)/tests
	$(Q)$(CC) $(BASE_CFLAGS) -Werror $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(PKG_LIBS)

examples-test: $(CLI) $(B)/libflame.so $(EXAMPLE_BIN) $(B)/tests/svgcheck $(B)/tests/pnginfo
	$(Q)CC="$(CC)" EXAMPLE_CFLAGS="$(EXAMPLE_CFLAGS)" LDFLAGS="$(LDFLAGS)" \
	    sh tests/examples/run.sh $(B)

test-install: all $(STLIB) $(B)/tests/svgcheck
	$(Q)CC="$(CC)" MAKE="$(MAKE)" PKG_CONFIG="$(PKG_CONFIG)" \
	    sh tests/examples/install.sh $(B)

EXTRA_TESTS += examples-test test-install
EXTRA_SAN_TESTS += examples-test

# A program built against libflame 0.1's header, run against this library.
.PHONY: abi-test
abi-test: $(CLI) $(B)/libflame.so
	$(Q)CC="$(CC)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" sh tests/abi/run.sh $(B)

EXTRA_TESTS += abi-test

# The stages of lib/ call only down (tests/stages/check.sh).
.PHONY: stages-test
stages-test: $(STLIB)
	$(Q)sh tests/stages/check.sh $(B)

EXTRA_TESTS += stages-test
