import Foundation

/// Times the phases of a build for the benchmark: each lap is the time since the previous one.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap(_ phase: String, into timings: inout [(phase: String, seconds: Double)]) {
        let now = DispatchTime.now().uptimeNanoseconds
        timings.append((phase, Double(now - last) / 1e9))
        last = now
        if ProcessInfo.processInfo.environment["COHORT_RSS"] != nil { let t = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""; FileHandle.standardError.write(Data((phase + ": " + t.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }.joined(separator: " ") + "\n").utf8)) }
    }
}
