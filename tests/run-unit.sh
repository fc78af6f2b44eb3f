#!/bin/sh
# Run every unit-test binary given; fail if any fails.  Each prints Check's
# summary ("100%: Checks: 12, Failures: 0, Errors: 0").
status=0
for t in "$@"; do
    echo "== $t"
    "$t" || status=1
done
exit $status
