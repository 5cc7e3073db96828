import Foundation

/// Times the phases of a build for the benchmark: each lap is the time since the previous one.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap(_ phase: String, into timings: inout [(phase: String, seconds: Double)]) {
        let now = DispatchTime.now().uptimeNanoseconds
        timings.append((phase, Double(now - last) / 1e9))
        last = now
    }

    /// Starts the next lap now (the time since the last lap was counted elsewhere).
    mutating func restart() {
        last = DispatchTime.now().uptimeNanoseconds
    }
}

/// Seconds per phase added up over repeated runs of the same phases (an engine step's batches), in
/// the order the phases first ran.
struct PhaseTotals {
    private(set) var timings: [(phase: String, seconds: Double)] = []

    /// Runs `body`, adding its time to `phase`.
    mutating func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(phase, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    mutating func add(_ other: PhaseTotals) {
        for (phase, seconds) in other.timings { add(phase, seconds) }
    }

    private mutating func add(_ phase: String, _ seconds: Double) {
        if let index = timings.firstIndex(where: { $0.phase == phase }) {
            timings[index].seconds += seconds
        } else {
            timings.append((phase, seconds))
        }
    }
}
