# libflame and cflamegraph.  `make` builds, `make check` runs every test,
# `make demo` renders a real flame graph; both install missing build
# dependencies first (tools/deps.sh).  `make V=1` shows full commands.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# Where bash-completion and Debian's zsh look for completions.
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/vendor-completions
DESTDIR ?=

CC ?= cc
CPPFLAGS ?=
CFLAGS ?= -O2 -g
LDFLAGS ?=
PKG_CONFIG ?= pkg-config

# The one place the version lives is include/flame.h.
VERSION := $(shell sed -n 's/^\#define FLAME_VERSION_STRING "\(.*\)"/\1/p' include/flame.h)
MAJOR := $(shell sed -n 's/^\#define FLAME_VERSION_MAJOR \([0-9]*\)/\1/p' include/flame.h)

PKGS = cairo pangocairo libxml-2.0 libpcre2-8 yajl
# Lazy (=): evaluated when a recipe runs, after tools/deps.sh installed them.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
# -pthread: the trace reader reads a large events array on two threads.
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -pthread
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

# The library uses threads (reading large files in parts) and libm.
SYS_LIBS = -lm -pthread

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wwrite-strings -Wno-format-nonliteral
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude $(WARN) $(CPPFLAGS)
# Tools that run during the build get the user's flags (hardening, say) but
# not the sanitizers: they are not what is being tested.
TOOL_CFLAGS = $(filter-out -fsanitize%,$(CFLAGS))
TOOL_LDFLAGS = $(filter-out -fsanitize%,$(LDFLAGS))
LIB_CFLAGS = $(BASE_CFLAGS) -Ilib -pthread -fPIC -fvisibility=hidden -DFLAME_BUILDING $(PKG_CFLAGS) $(CFLAGS)

B = build
# lib/ holds the stages in folders, in the order data flows through them
# (base, decode, filter, frames, layout, render) and graph.c, which
# sequences them.
LIB_SRC = $(wildcard lib/*.c lib/*/*.c)
LIB_HDR = include/flame.h $(wildcard lib/*.h lib/*/*.h)
# The scripts and stylesheet embedded in what the renderers write (tools/embed.c):
# one model shared by both views, each view's own drawing.
SVG_JS = lib/render/js/model.js lib/render/js/svg-view.js
HTML_JS = lib/render/js/model.js lib/render/js/data.js lib/render/js/canvas-view.js \
          lib/render/js/table.js lib/render/js/page.js
HTML_CSS = lib/render/js/page.css
EMBED_OBJ = $(B)/obj/render/svg_js.o $(B)/obj/render/html_js.o $(B)/obj/render/html_css.o
LIB_OBJ = $(patsubst lib/%.c,$(B)/obj/%.o,$(LIB_SRC)) $(EMBED_OBJ)
SONAME = libflame.so.$(MAJOR)
SHLIB = $(B)/libflame.so.$(VERSION)
STLIB = $(B)/libflame.a
CLI = $(B)/cflamegraph

# V=1 prints the full commands and not the short status lines (blhc, run on
# the Debian build's log, would take those for compiler lines).
ifeq ($(V),1)
Q =
SAY = @true
else
Q = @
SAY = @echo
endif

.PHONY: all lib deps demo check test unit cli-test compat-test png-test man-test browser-test \
        bench bench-browser install uninstall clean asan ubsan tsan

all: $(CLI) $(SHLIB) $(B)/libflame.so $(B)/libflame.pc

lib: $(SHLIB) $(STLIB)

$(B)/obj/%.o: lib/%.c $(LIB_HDR) | $(B)/obj
	$(SAY) "  CC      $<"
	$(Q)mkdir -p $(dir $@) && $(CC) $(LIB_CFLAGS) -c -o $@ $<

$(B)/obj $(B)/tests $(B)/gen:
	$(Q)mkdir -p $@

$(B)/embed: tools/embed.c | $(B)/obj
	$(Q)$(CC) $(BASE_CFLAGS) -O2 $(TOOL_CFLAGS) -o $@ $< $(TOOL_LDFLAGS)

$(B)/gen/svg_js.c: $(SVG_JS) $(B)/embed | $(B)/gen
	$(SAY) "  EMBED   $@"
	$(Q)$(B)/embed --wrap fl_svg_js $(SVG_JS) > $@.tmp && mv $@.tmp $@

$(B)/gen/html_js.c: $(HTML_JS) $(B)/embed | $(B)/gen
	$(SAY) "  EMBED   $@"
	$(Q)$(B)/embed --wrap fl_html_js $(HTML_JS) > $@.tmp && mv $@.tmp $@

$(B)/gen/html_css.c: $(HTML_CSS) $(B)/embed | $(B)/gen
	$(SAY) "  EMBED   $@"
	$(Q)$(B)/embed fl_html_css $(HTML_CSS) > $@.tmp && mv $@.tmp $@

$(EMBED_OBJ): $(B)/obj/render/%.o: $(B)/gen/%.c | $(B)/obj
	$(Q)mkdir -p $(dir $@) && $(CC) $(LIB_CFLAGS) -c -o $@ $<

$(STLIB): $(LIB_OBJ)
	$(SAY) "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(SHLIB): $(LIB_OBJ)
	$(SAY) "  LD      $@"
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(CFLAGS) $(LDFLAGS) \
	    -o $@ $^ $(PKG_LIBS) $(SYS_LIBS)

$(B)/libflame.so: $(SHLIB)
	$(Q)ln -sf libflame.so.$(VERSION) $(B)/$(SONAME) && ln -sf $(SONAME) $@

$(B)/libflame.pc: libflame.pc.in include/flame.h
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# The tool links the static library: one self-contained binary.
$(CLI): cli/cflamegraph.c include/flame.h $(STLIB)
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ cli/cflamegraph.c $(STLIB) $(LDFLAGS) $(PKG_LIBS) $(SYS_LIBS)

# ---- set-up, demo -------------------------------------------------------

DEPS_FOR = build
deps:
	$(Q)sh tools/deps.sh $(DEPS_FOR)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(CLI) --title "cflamegraph demo: perf profile" fixtures/compat/inputs/example-perf.folded > profile.svg
	@echo "wrote profile.svg ($$(wc -c < profile.svg) bytes): open it in a web browser"

# ---- tests ----------------------------------------------------------------

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
TEST_CFLAGS = $(BASE_CFLAGS) -Ilib -Werror $(PKG_CFLAGS) $(CHECK_CFLAGS) $(CFLAGS)

$(B)/tests/test_%: tests/unit/test_%.c tests/unit/xmlcheck.h $(LIB_HDR) $(STLIB) | $(B)/tests
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $< $(STLIB) $(LDFLAGS) $(PKG_LIBS) $(CHECK_LIBS) $(SYS_LIBS)

$(B)/tests/svgcheck: tests/svgcheck.c | $(B)/tests
	$(Q)$(CC) $(BASE_CFLAGS) -Werror $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(PKG_LIBS)

$(B)/tests/compat: tests/compat.c | $(B)/tests
	$(Q)$(CC) $(BASE_CFLAGS) -Werror $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(PKG_LIBS) $(SYS_LIBS)

unit: $(UNIT_BIN)
	$(Q)sh tests/run-unit.sh $(UNIT_BIN)

cli-test: $(CLI) $(B)/tests/svgcheck
	$(Q)sh tests/cli/run.sh $(CLI)

compat-test: $(CLI) $(B)/tests/compat
	$(Q)$(B)/tests/compat $(CLI) fixtures/compat

$(B)/tests/test_png: tests/png/test_png.c $(STLIB) | $(B)/tests
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -Ilib -Werror $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(STLIB) $(LDFLAGS) $(PKG_LIBS) $(SYS_LIBS)

png-test: $(B)/tests/test_png
	$(Q)$(B)/tests/test_png fixtures/compat/inputs

man-test: $(CLI)
	$(Q)sh tests/man/check.sh $(CLI)

browser-test: $(CLI)
	$(Q)sh tests/browser/run.sh $(CLI)

# Test suites defined in mk/*.mk add their targets to EXTRA_TESTS, and
# those that should also run under the sanitizers to EXTRA_SAN_TESTS.
EXTRA_TESTS =
EXTRA_SAN_TESTS =
include $(wildcard mk/*.mk)

# Everything, the way CI runs it.  NO_BROWSER_TESTS=1 leaves out the
# browser tests, which need npm packages: for builds without a network,
# such as the Debian package's (debian/rules).
BROWSER_TEST = $(if $(NO_BROWSER_TESTS),browser-test-skipped,browser-test)
test: all unit cli-test compat-test png-test man-test $(EXTRA_TESTS) $(BROWSER_TEST)

.PHONY: browser-test-skipped
browser-test-skipped:
	@echo "SKIP: browser tests (NO_BROWSER_TESTS is set; they need npm packages); make browser-test runs them"

check: DEPS_FOR = test
check: deps
	$(Q)$(MAKE) --no-print-directory test

# ---- benchmarks -------------------------------------------------------

$(B)/bench-gen: bench/gen.c | $(B)/obj
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $< -lm

$(B)/bench-gen-trace: bench/gen-trace.c | $(B)/obj
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $<

$(B)/bench-rusage: bench/rusage.c | $(B)/obj
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $<

bench: all $(B)/bench-gen $(B)/bench-gen-trace $(B)/bench-rusage
	$(Q)bash bench/run.sh $(CLI)

bench-browser: all
	$(Q)sh tests/browser/run.sh --bench $(CLI)

# ---- sanitizers -----------------------------------------------------------

SAN_FLAGS_asan = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_FLAGS_ubsan = -fsanitize=undefined -fno-sanitize-recover=all
SAN_FLAGS_tsan = -fsanitize=thread

asan ubsan: DEPS_FOR = test
asan ubsan: deps
	$(Q)LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) --no-print-directory B=build/$@ CFLAGS="-O1 -g $(SAN_FLAGS_$@)" \
	    LDFLAGS="$(SAN_FLAGS_$@)" all unit cli-test compat-test png-test $(EXTRA_SAN_TESTS)

# ThreadSanitizer on what runs threads: the unit tests (files read in parts
# on 2 and 8 threads, graphs on separate threads) and the CLI cases.
tsan: DEPS_FOR = test
tsan: deps
	$(Q)TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp halt_on_error=1" \
	    $(MAKE) --no-print-directory B=build/tsan CFLAGS="-O1 -g $(SAN_FLAGS_tsan)" \
	    LDFLAGS="$(SAN_FLAGS_tsan)" all unit cli-test

# ---- install ------------------------------------------------------------

install: all $(STLIB)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/cflamegraph
	install -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)/libflame.a
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libflame.so.$(VERSION)
	ln -sf libflame.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libflame.so
	install -m 644 include/flame.h $(DESTDIR)$(INCLUDEDIR)/flame.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' libflame.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libflame.pc
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	if ls man/*.3 >/dev/null 2>&1; then install -m 644 man/*.3 $(DESTDIR)$(MANDIR)/man3/; fi
	install -m 644 completions/cflamegraph.bash $(DESTDIR)$(BASHCOMPDIR)/cflamegraph
	install -m 644 completions/_cflamegraph $(DESTDIR)$(ZSHCOMPDIR)/_cflamegraph

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cflamegraph $(DESTDIR)$(LIBDIR)/libflame.a \
	    $(DESTDIR)$(LIBDIR)/libflame.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libflame.so $(DESTDIR)$(INCLUDEDIR)/flame.h \
	    $(DESTDIR)$(PKGCONFIGDIR)/libflame.pc $(DESTDIR)$(MANDIR)/man1/cflamegraph.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/cflamegraph $(DESTDIR)$(ZSHCOMPDIR)/_cflamegraph
	for f in man/*.3; do [ -e "$$f" ] && rm -f $(DESTDIR)$(MANDIR)/man3/$${f#man/}; done; true

clean:
	rm -rf build profile.svg
