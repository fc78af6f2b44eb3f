/*
 * fuzz_speedscope.c - libFuzzer harness for the speedscope reader: the first
 * byte picks the options, the rest is the input, read in ways that must
 * agree (fuzz_json.h).  Plain C: also built into a replay program
 * (replay.c).
 */
#include "fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_all(FLAME_INPUT_SPEEDSCOPE, data, size);
    return 0;
}
