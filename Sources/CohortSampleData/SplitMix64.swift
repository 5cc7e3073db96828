/// SplitMix64 (Steele, Lea & Flood, 2014): a seeded generator whose output is the same on every platform.
///
/// Every draw helper here is written out by hand rather than taken from the standard library
/// (`Int.random(in:using:)`, `shuffle(using:)`), whose algorithms may change between Swift releases.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// One independent stream of `seed`: each dataset draws from its own, so changing one leaves the others alone.
    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (`bound > 0`); draws below 2^64 mod bound are rejected so none is favoured.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        let n = UInt64(bound)
        let threshold = (0 &- n) % n
        while true {
            let x = next()
            if x >= threshold { return Int(x % n) }
        }
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent`/100.
    mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// A uniform element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    mutating func weightedIndex(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// Fisher–Yates, in place.
    mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            items.swapAt(i, below(i + 1))
            i -= 1
        }
    }
}
