@testable import CohortEngine
import Foundation
import Testing

/// A write a crash interrupted leaves a temporary file; the next write to that folder removes it.
@Suite struct AtomicFileTests {
    @Test func leftoversOfInterruptedWritesAreRemovedAndNothingElse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in [".gold.csv.4242.tmp", "gold.csv", ".gitkeep", "notes.tmp"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        AtomicFile.removeLeftovers(in: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".gitkeep", "gold.csv", "notes.tmp"])
        try AtomicFile.write(Array("y".utf8), to: folder.appendingPathComponent("gold.csv"))
        #expect(try String(contentsOf: folder.appendingPathComponent("gold.csv"), encoding: .utf8) == "y")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".gitkeep", "gold.csv", "notes.tmp"])
    }
}
