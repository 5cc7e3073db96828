import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Rejected records go to disk as they come, and only a decided ingest gives them a name.
@Suite struct RejectionFileTests {
    private func rejection(_ index: Int) -> DatasetIngest.Rejection {
        DatasetIngest.Rejection(position: RecordPosition(index: index, text: TextPosition(offset: index * 10, line: index + 1, column: 1)),
                                record: .object(["n": .integer(Int64(index))]), errors: ["n: bad \(index)"])
    }

    private func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-rejections-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    @Test func keptRejectionsAreEveryLineInOrderAndNothingElse() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = RejectionFile(root: root, folder: "rejected/d", name: "000001-a.json.ndjson")
        for index in 0..<100_000 { try file.append(rejection(index)) }
        try file.keep()
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("rejected/d").path)
        #expect(names == ["000001-a.json.ndjson"])
        let lines = try String(contentsOf: root.appendingPathComponent("rejected/d/000001-a.json.ndjson"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 100_000)
        #expect(lines.last == Substring(rejection(99_999).ndjsonLine))
        #expect(file.count == 100_000 && file.first.map(\.position.index) == [0, 1, 2])
    }

    @Test func rejectionsNotKeptLeaveNothingBehind() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            let file = RejectionFile(root: root, folder: "rejected/d", name: "x.ndjson")
            try file.append(rejection(0))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("rejected/d").path).isEmpty)
        let other = RejectionFile(root: root, folder: "rejected/d", name: "y.ndjson")
        try other.append(rejection(1))
        try other.keep(as: "failed-y.ndjson")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("rejected/d").path) == ["failed-y.ndjson"])
    }

    @Test func aFolderThatCannotBeWrittenNamesThePath() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("rejected"), withIntermediateDirectories: true)
        // A file where the dataset's folder should be.
        try Data("x".utf8).write(to: root.appendingPathComponent("rejected/d"))
        let file = RejectionFile(root: root, folder: "rejected/d", name: "x.ndjson")
        #expect(throws: BuildError.self) { try file.append(rejection(0)) }
    }
}
