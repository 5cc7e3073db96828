#ifndef SHA256_HARDWARE_H
#define SHA256_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA-256 instructions (x86-64 SHA extensions) the function below uses.
int sha256_hardware_available(void);

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks at `data`, updating `state`
/// (the eight working words, in order). Call only when `sha256_hardware_available()` is true.
void sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
