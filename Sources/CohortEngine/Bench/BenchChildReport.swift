import Foundation

/// What a `cohort` process that `bench run` starts (`build --timings`, `bench watch-drops`) tells it,
/// as one line of JSON on standard output: the phases of its work, its own peak memory, and the
/// records a build kept or the seconds a watched drop took.
package struct BenchChildReport: Codable, Equatable, Sendable {
    /// Seconds spent in one phase.
    package struct Phase: Codable, Equatable, Sendable {
        package var phase: String
        package var seconds: Double
    }

    package var phases: [Phase]
    /// The process's peak resident memory so far (`PeakMemory`).
    package var peakMemoryBytes: Int
    /// The peak memory of its largest child process (`PeakMemory.childrenBytes`): Spark's, for a Spark build.
    package var childPeakMemoryBytes: Int?
    /// Records kept by a build.
    package var recordsKept: Int?
    /// A watched drop's latency.
    package var seconds: Double?

    /// Starts the line among the command's other output.
    static let prefix = "bench-report: "

    /// `children`: the report tells the peak memory of the process's children too (a Spark build's job).
    package init(phases: [(phase: String, seconds: Double)], recordsKept: Int? = nil, seconds: Double? = nil,
                 children: Bool = false) {
        self.phases = phases.map { Phase(phase: $0.phase, seconds: $0.seconds) }
        peakMemoryBytes = PeakMemory.bytes()
        childPeakMemoryBytes = children ? PeakMemory.childrenBytes() : nil
        self.recordsKept = recordsKept
        self.seconds = seconds
    }

    /// The phases as the builder and the watch session time them.
    var timings: [(phase: String, seconds: Double)] { phases.map { ($0.phase, $0.seconds) } }

    /// The line to print.
    package var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Self.prefix + json
    }

    /// The reports among a command's output lines, in order; other lines are left out.
    static func reports(in output: String) -> [BenchChildReport] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(prefix) else { return nil }
            return try? JSONDecoder().decode(BenchChildReport.self, from: Data(line.dropFirst(prefix.count).utf8))
        }
    }
}
