#!/bin/sh
# Run every unit-test binary given; fail if any fails.  Each prints Check's
# summary ("100%: Checks: 12, Failures: 0, Errors: 0").  Check's per-test
# time limit is stretched: these are tests of behaviour, not of speed, and
# a loaded machine must not fail them.
: "${CK_TIMEOUT_MULTIPLIER:=4}"
export CK_TIMEOUT_MULTIPLIER
status=0
for t in "$@"; do
    echo "== $t"
    "$t" || status=1
done
exit $status
