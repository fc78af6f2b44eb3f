# The documented commands, run as written (tests/guides/check.sh): the
# README's "From your profiler to a flame graph" and cflamegraph(1)'s
# EXAMPLES, with stand-ins for perf, pytest, py-spy and viztracer.

.PHONY: guides-test

guides-test: $(CLI) $(B)/tests/svgcheck
	$(Q)sh tests/guides/check.sh $(CLI) $(B)/tests/svgcheck

EXTRA_TESTS += guides-test
