# The perf script reader (lib/decode/perf*.c) and its tests.
#
#   make perf-test   the parity with stackcollapse-perf.pl over every capture
#                    of fixtures/compat-perf and every option, plus the
#                    generated big inputs (tests/formats/perf.sh); part of
#                    make test, make asan and make ubsan

# The reader hashes with xxHash compiled in (XXH_INLINE_ALL): the header
# of Debian's libxxhash-dev is all it needs, nothing is linked.
XXHASH_CFLAGS = $(shell $(PKG_CONFIG) --cflags libxxhash 2>/dev/null)
LIB_CFLAGS += $(XXHASH_CFLAGS)

.PHONY: perf-test

perf-test: $(CLI) $(B)/tests/svgcheck
	$(Q)sh tests/formats/perf.sh $(CLI) $(if $(findstring address,$(CFLAGS)),san)

EXTRA_TESTS += perf-test
EXTRA_SAN_TESTS += perf-test

# The benchmark's perf script generator (bench/gen-perf.c, bench/run.sh).
$(B)/bench-gen-perf: bench/gen-perf.c | $(B)/obj
	$(Q)$(CC) $(BASE_CFLAGS) -O2 -o $@ $< -lm

bench: $(B)/bench-gen-perf
