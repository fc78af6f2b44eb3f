# Fuzzing (fuzz/README.md).
#
#   make fuzz-replay   replay fuzz/corpus/* and fuzz/crashes/* with plain
#                      replay programs built by $(CC); part of make test,
#                      make asan and make ubsan
#   make fuzz          build the libFuzzer harnesses with clang into build/fuzz
#   make fuzz-run      fuzz the harnesses at once, niced, FUZZ_TIME seconds
#                      each (default 600), new inputs into build/fuzz/corpus-*
#   make fuzz-merge    minimise the new inputs into fuzz/corpus/* (-merge=1)

FUZZ_HARNESSES = folded render filter perf trace speedscope
FUZZ_CC = clang
FUZZ_B = build/fuzz
# FUZZ_RECOVER: UBSan checks that report and go on instead of stopping the
# fuzzer, while a finding they hit on every input is open (fuzz/FINDINGS.md;
# F1 needed -fsanitize-recover=pointer-overflow); grep the logs for
# "runtime error".  Empty: every check stops the fuzzer.
FUZZ_RECOVER =
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined $(FUZZ_RECOVER) \
           -fno-omit-frame-pointer
# FUZZ_KNOWN: harness switches that step around open findings, so that the
# fuzzers and the replay can go on (fuzz/FINDINGS.md); empty them when fixed.
FUZZ_KNOWN =
FUZZ_TIME = 600
FUZZ_FLAGS = -max_len=16384 -timeout=30 -rss_limit_mb=3072
FUZZ_JOBS_OPTS =
# The committed corpus keeps one input per new edge (not per hit-count
# bucket): a few hundred small files.
FUZZ_MERGE_FLAGS = -use_counters=0

.PHONY: fuzz fuzz-replay fuzz-run fuzz-merge

# ---- replay (any compiler) ----------------------------------------------

$(B)/fuzz:
	$(Q)mkdir -p $@

$(B)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(wildcard fuzz/*.h) include/flame.h $(STLIB) | $(B)/fuzz
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -Ilib -Werror $(FUZZ_KNOWN) $(PKG_CFLAGS) $(CFLAGS) -o $@ fuzz/fuzz_$*.c fuzz/replay.c \
	    $(STLIB) $(LDFLAGS) $(PKG_LIBS) $(SYS_LIBS)

fuzz-replay: $(patsubst %,$(B)/fuzz/replay_%,$(FUZZ_HARNESSES))
	$(Q)sh fuzz/replay.sh $(B)/fuzz

EXTRA_TESTS += fuzz-replay
EXTRA_SAN_TESTS += fuzz-replay

# ---- libFuzzer build (clang) -------------------------------------------

fuzz:
	$(Q)mkdir -p $(FUZZ_B) && echo '$(FUZZ_CC) $(FUZZ_SAN)' | cmp -s - $(FUZZ_B)/.flags || \
	    { rm -rf $(FUZZ_B)/obj $(FUZZ_B)/libflame.a; echo '$(FUZZ_CC) $(FUZZ_SAN)' > $(FUZZ_B)/.flags; }
	$(Q)$(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" $(FUZZ_B)/libflame.a
	$(Q)for h in $(FUZZ_HARNESSES); do \
	    echo "  FUZZ    $(FUZZ_B)/fuzz_$$h"; \
	    $(FUZZ_CC) $(BASE_CFLAGS) -Ilib $(FUZZ_KNOWN) $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	        -o $(FUZZ_B)/fuzz_$$h fuzz/fuzz_$$h.c $(FUZZ_B)/libflame.a $(PKG_LIBS) $(SYS_LIBS) || exit 1; \
	done

# New inputs go to build/fuzz/corpus-HARNESS (seeded from fuzz/corpus/HARNESS);
# the committed corpus only changes through fuzz-merge.  Logs: build/fuzz/fuzz-*.log,
# all runs appended to build/fuzz/fuzz-*.history.
fuzz-run: fuzz
	$(Q)for h in $(FUZZ_HARNESSES); do \
	    mkdir -p $(FUZZ_B)/corpus-$$h $(FUZZ_B)/artifacts-$$h; \
	    echo "  fuzzing $$h for $(FUZZ_TIME) s: $(FUZZ_B)/fuzz-$$h.log"; \
	    ( cd $(FUZZ_B) && start=$$(date +%s) && LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp \
	      nice -n 19 ./fuzz_$$h $(FUZZ_FLAGS) $(FUZZ_JOBS_OPTS) -max_total_time=$(FUZZ_TIME) \
	        -print_final_stats=1 -artifact_prefix=artifacts-$$h/ \
	        corpus-$$h $(CURDIR)/fuzz/corpus/$$h > fuzz-$$h.log 2>&1 ; \
	      echo "fuzz_$$h exited $$? after $$(( $$(date +%s) - start )) s" >> fuzz-$$h.log; \
	      cat fuzz-$$h.log >> fuzz-$$h.history ) & \
	done; wait
	$(Q)for h in $(FUZZ_HARNESSES); do tail -n 12 $(FUZZ_B)/fuzz-$$h.log; done

fuzz-merge: fuzz
	$(Q)for h in $(FUZZ_HARNESSES); do \
	    mkdir -p $(FUZZ_B)/merged-$$h && rm -f $(FUZZ_B)/merged-$$h/*; \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp nice -n 19 $(FUZZ_B)/fuzz_$$h \
	        $(FUZZ_FLAGS) $(FUZZ_MERGE_FLAGS) -merge=1 $(FUZZ_B)/merged-$$h fuzz/corpus/$$h $(FUZZ_B)/corpus-$$h \
	        > $(FUZZ_B)/merge-$$h.log 2>&1 || { tail $(FUZZ_B)/merge-$$h.log; exit 1; }; \
	    rm -f fuzz/corpus/$$h/* && cp $(FUZZ_B)/merged-$$h/* fuzz/corpus/$$h/; \
	    echo "  fuzz/corpus/$$h: $$(ls fuzz/corpus/$$h | wc -l) files, $$(cat fuzz/corpus/$$h/* | wc -c) bytes"; \
	done
