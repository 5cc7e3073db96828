import Foundation
import Testing

/// `cohort forget` and the errors of a workspace whose archive or store was damaged, through the
/// binary: each error names the file and the way out, and no raw Foundation or SQLite text shows.
@Suite struct ForgetCommandTests {
    static let asOf = "2026-11-21T12:00:00Z"

    static func expectNoRawError(_ text: String) {
        for raw in ["NSCocoaErrorDomain", "Code=", "SQLite error", "Error Domain"] {
            #expect(!text.contains(raw), "raw error text: \(text)")
        }
    }

    @Test func aLostArchivedFileIsNamedAndForgetGetsTheWorkspaceBuildingAgain() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf]).status == 0)
        let loyalty = "archive/loyalty/000003-luma-loyalty.json"
        try FileManager.default.removeItem(at: workspace.appendingPathComponent(loyalty))
        for arguments in [["build"], ["build", "--rebuild"], ["plan"]] {
            let run = try CohortProcess.run(arguments + ["-C", workspace.path, "--as-of", Self.asOf])
            #expect(run.status == 1)
            #expect(run.stderr.contains("#3 \(loyalty): missing"), "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("cohort forget \(loyalty)"))
            Self.expectNoRawError(run.stderr)
        }
        let forget = try CohortProcess.run(["forget", loyalty, "--as-of", Self.asOf], in: workspace)
        #expect(forget.stdout.hasPrefix("forgot \(loyalty) (ledger #3, dataset loyalty, 198 records kept)\n"))
        #expect(forget.stdout.contains("deleted rejected/loyalty/000003-luma-loyalty.json.ndjson\n"))
        #expect(
            forget.stdout.range(
                of: #"profiles: [1-9][0-9]* split, 0 merged against the last build"#, options: .regularExpression)
                != nil)
        // The template's other files still hold deliberate bad records, within their threshold: exit 0, as build.
        #expect(forget.status == 0)
        let again = try CohortProcess.run(["build", "--rebuild", "-C", workspace.path, "--as-of", Self.asOf])
        #expect(again.status == 0 && !again.stderr.contains("error:"))

        let unknown = try CohortProcess.run(["forget", "-C", workspace.path, loyalty])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("not a file archive/ledger.ndjson lists"))
    }

    @Test func aDamagedStoreIsNamedWithTheWayOut() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf])
        let store = workspace.appendingPathComponent(".cohort")
        for name in ["store.sqlite-wal", "store.sqlite-shm"] {
            try? FileManager.default.removeItem(at: store.appendingPathComponent(name))
        }
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(
            to: store.appendingPathComponent("store.sqlite"))
        for arguments in [["profile", "Email:ann@example.com"], ["build"]] {
            let run = try CohortProcess.run(arguments + ["-C", workspace.path])
            #expect(run.status == 1)
            #expect(run.stderr == "error: .cohort/store.sqlite: cannot use it: the store is damaged; "
                    + "delete .cohort/ (it is derived) and run `cohort build --rebuild`\n", "\(arguments)")
        }
    }
}
