import Foundation
import Testing

/// `cohort build --timings` (hidden, for `cohort bench run`): one line of JSON with the build's phases, records
/// kept and the peak memory of the build's own process.
@Suite struct BuildTimingsTests {
    @Test func reportsTheBuildsPhasesAndItsOwnPeakMemoryNotItsParents() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("ws")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        // The parent holds 400 MB when it starts the build: a child's `ru_maxrss` counts the memory of the parent
        // it was spawned from, its VmHWM does not.
        let held = UnsafeMutableRawBufferPointer.allocate(byteCount: 400 << 20, alignment: 4096)
        defer { held.deallocate() }
        held.initializeMemory(as: UInt8.self, repeating: 1)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z",
                                           "--timings"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(held.load(fromByteOffset: 300 << 20, as: UInt8.self) == 1)
        let lines = build.stdout.split(separator: "\n").filter { $0.hasPrefix("bench-report: ") }
        let line = try #require(lines.count == 1 ? lines.first : nil, "\(build.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(line.dropFirst("bench-report: ".count).utf8))
        let report = try #require(json as? [String: Any])
        let peak = try #require(report["peakMemoryBytes"] as? Int)
        #expect(peak > 1 << 20 && peak < 300 << 20, "peak memory \(peak) bytes")
        // The summary is printed as without the flag, and the records kept are its.
        #expect(build.stdout.contains("built: 5 files ingested; 3786 records kept, 12 rejected;"))
        #expect(report["recordsKept"] as? Int == 3786)
        let phases = try #require(report["phases"] as? [[String: Any]])
        #expect(!phases.isEmpty && phases.first?["phase"] as? String == "ingest")
        #expect(phases.allSatisfy { phase in
            (phase["phase"] as? String)?.isEmpty == false && ((phase["seconds"] as? NSNumber)?.doubleValue ?? -1) >= 0
        })
    }
}
