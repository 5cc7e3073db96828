import Synchronization
import Testing
@testable import CohortCore

/// A destination's previous files on disk are read only when an export asks for their bytes, each
/// once, and the folder's digest is made of the files' stamps, not of their bytes.
@Suite struct ExportFilesTests {
    static let manifest = ExportManifest(destination: "d", export: 0, files: [
        ExportManifest.File(name: "a.csv", segment: "gold", export: nil, rows: 1),
        ExportManifest.File(name: "b.csv", segment: "gold", export: nil, rows: 1),
    ], segments: [:])

    @Test func aFileIsReadWhenAskedForAndOnce() {
        let reads = Mutex<[String]>([])
        let files = ExportFiles(onDisk: ["a.csv", "b.csv"]) { name in
            reads.withLock { $0.append(name) }
            return Array(name.utf8)
        }
        let previous = PreviousExport(manifest: Self.manifest, files: files, stamps: ["a.csv": "1 2.3", "b.csv": "1 2.3"])
        #expect(previous.files.contains("a.csv") && !previous.files.contains("c.csv"))
        #expect(reads.withLock { $0 }.isEmpty)
        #expect(previous.files["b.csv"] == Array("b.csv".utf8))
        #expect(previous.files["b.csv"] == Array("b.csv".utf8))
        #expect(previous.files["c.csv"] == nil)
        #expect(reads.withLock { $0 } == ["b.csv"])
    }

    @Test func theDigestFollowsTheStampsOfTheListedFiles() {
        let files = ExportFiles(onDisk: ["a.csv", "b.csv"]) { _ in nil }
        let digest = { (stamps: [String: String]) in PreviousExport(manifest: Self.manifest, files: files, stamps: stamps).digest }
        let stamps = ["a.csv": "10 5.1", "b.csv": "20 5.2"]
        #expect(digest(stamps) == digest(stamps))
        #expect(digest(stamps) != digest(stamps.merging(["b.csv": "20 5.3"]) { $1 }))
        #expect(digest(stamps) != digest(stamps.merging(["b.csv": "21 5.2"]) { $1 }))
        #expect(digest(stamps) != digest(["a.csv": "10 5.1"]))
        // A file the manifest does not list is not the export's.
        #expect(digest(stamps) == digest(stamps.merging(["c.csv": "1 1.1"]) { $1 }))
    }
}
