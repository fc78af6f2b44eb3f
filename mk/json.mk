# The Trace Event and speedscope readers (lib/decode/json*.c, trace*.c,
# speedscope.c); their unit tests (tests/unit/test_trace.c,
# test_speedscope.c) run with make unit, their CLI cases
# (tests/cli/cases-json.sh) with make cli-test, their small hostile cases
# (fixtures/hostile/EXPECTED.json) with make hostile-test.
#
#   make formats-json-test   the cases of fixtures/compat-input
#                            (tests/formats/json.sh)
#   make hostile-json-test   big generated hostile JSON (tests/hostile/json-big.sh)

.PHONY: formats-json-test hostile-json-test

formats-json-test: $(CLI)
	$(Q)sh tests/formats/json.sh $(CLI)

hostile-json-test: $(CLI) $(B)/tests/svgstrict
	$(Q)bash tests/hostile/json-big.sh $(CLI) $(HOSTILE_SAN)

EXTRA_TESTS += formats-json-test hostile-json-test
EXTRA_SAN_TESTS += formats-json-test hostile-json-test
