import Foundation

/// Times the phases of a build for the benchmark: each lap is the time since the previous one.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap(_ phase: String, into timings: inout [(phase: String, seconds: Double)]) {
        let now = DispatchTime.now().uptimeNanoseconds
        timings.append((phase, Double(now - last) / 1e9))
        last = now
    }
}
