/// Deterministic chunk sizes for feeding an input piece by piece: the same bytes always split the
/// same way (so a failure replays), different bytes split differently, and most chunks are small
/// so that every kind of boundary (inside a token, an escape, a UTF-8 sequence, a CR LF) is hit.
enum ChunkPlan {
    /// Sizes that add up to `bytes.count` (none for an empty input).
    static func sizes(for bytes: [UInt8]) -> [Int] {
        var state = bytes.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        var sizes: [Int] = []
        var left = bytes.count
        while left > 0 {
            let random = next(&state)
            // One chunk in eight is large; the others are 1 to 8 bytes.
            let size = random % 8 == 0 ? Int((random >> 8) % 4096) + 1 : Int((random >> 8) % 8) + 1
            sizes.append(min(size, left))
            left -= sizes[sizes.count - 1]
        }
        return sizes
    }

    /// SplitMix64.
    private static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
