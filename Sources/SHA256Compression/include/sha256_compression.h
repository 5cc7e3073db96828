#ifndef SHA256_COMPRESSION_H
#define SHA256_COMPRESSION_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function (FIPS 180-4) over `blocks` 64-byte blocks at `data`,
/// updating `state` (the eight working words, in order). Portable C.
void sha256_portable_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// Whether this processor has the SHA-256 instructions (x86-64 SHA extensions) the function below uses.
int sha256_hardware_available(void);

/// The same as `sha256_portable_blocks`, with the processor's SHA instructions. Call only when
/// `sha256_hardware_available()` is true.
void sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
