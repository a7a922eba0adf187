#ifndef SEOPIPE_FUZZ_DRIVER_H
#define SEOPIPE_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/*
 * The libFuzzer entry every fuzz target defines. Declared here so that
 * replay.c (a plain main for builds without libFuzzer) and the targets agree,
 * and so -Wmissing-prototypes stays quiet. `data` is borrowed.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
