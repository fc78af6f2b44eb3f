# The regular expressions of the filters, checked against JavaScript's
# (tests/regex/run.sh): the same patterns through node and through
# lib/base/regex.c, on the same names.
#
#   make regex-test     part of make test, make asan and make ubsan

.PHONY: regex-test

$(B)/tests/regex_match: tests/regex/regex_match.c lib/base/regex.h $(STLIB) | $(B)/tests
	$(SAY) "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -Ilib -Werror $(CFLAGS) -o $@ $< $(STLIB) $(LDFLAGS) $(PKG_LIBS) -lm

regex-test: $(B)/tests/regex_match
	$(Q)sh tests/regex/run.sh $(B)/tests/regex_match

EXTRA_TESTS += regex-test
EXTRA_SAN_TESTS += regex-test
