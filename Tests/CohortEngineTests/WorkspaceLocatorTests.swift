@testable import CohortEngine
import Foundation
import Testing

/// Which folder a command works on: `-C DIR` must be a workspace; without it, the nearest workspace
/// from the current folder up. Nothing is ever created.
@Suite struct WorkspaceLocatorTests {
    /// `base/ws` holding `cohort.json`, with `base/ws/segments/deep` below it, and `base/plain` beside it.
    static func layout() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-locate-\(UUID().uuidString)")
        for folder in ["ws/segments/deep", "plain"] {
            let url = base.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        try Data("{}".utf8).write(to: base.appendingPathComponent("ws/cohort.json"))
        return base
    }

    @Test func theGivenFolderMustHoldCohortJSON() throws {
        let base = try Self.layout()
        defer { try? FileManager.default.removeItem(at: base) }
        let workspace = base.appendingPathComponent("ws").standardizedFileURL
        #expect(try WorkspaceLocator.locate(given: workspace.path, currentFolder: "/").path == workspace.path)
        #expect(try WorkspaceLocator.locate(given: "ws", currentFolder: base.path).path == workspace.path)
        let deep = workspace.path + "/segments/deep"
        #expect(try WorkspaceLocator.locate(given: "../..", currentFolder: deep).path == workspace.path)
        // Given, a folder below the workspace is not it: -C names the workspace itself.
        #expect(throws: WorkspaceLocator.Failure.notAWorkspace("ws/segments")) {
            try WorkspaceLocator.locate(given: "ws/segments", currentFolder: base.path)
        }
        #expect(throws: WorkspaceLocator.Failure.notAWorkspace("plain")) {
            try WorkspaceLocator.locate(given: "plain", currentFolder: base.path)
        }
        #expect(throws: WorkspaceLocator.Failure.noFolder("missing/ws")) {
            try WorkspaceLocator.locate(given: "missing/ws", currentFolder: base.path)
        }
        #expect(throws: WorkspaceLocator.Failure.noFolder("ws/cohort.json")) {
            try WorkspaceLocator.locate(given: "ws/cohort.json", currentFolder: base.path)
        }
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("missing").path))
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("plain/.cohort").path))
    }

    @Test func withoutAFolderTheNearestWorkspaceAboveIsFound() throws {
        let base = try Self.layout()
        defer { try? FileManager.default.removeItem(at: base) }
        let workspace = base.appendingPathComponent("ws").standardizedFileURL.path
        for start in ["ws", "ws/segments", "ws/segments/deep", "ws/segments/deep/.."] {
            let current = base.appendingPathComponent(start).path
            #expect(try WorkspaceLocator.locate(given: nil, currentFolder: current).path == workspace)
        }
        let plain = base.appendingPathComponent("plain").standardizedFileURL.path
        #expect(throws: WorkspaceLocator.Failure.noneAbove(plain)) {
            try WorkspaceLocator.locate(given: nil, currentFolder: plain)
        }
    }

    /// A folder named `cohort.json` does not make a workspace.
    @Test func aFolderNamedCohortJSONIsNoSettings() throws {
        let base = try Self.layout()
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = base.appendingPathComponent("plain/cohort.json")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(throws: WorkspaceLocator.Failure.notAWorkspace("plain")) {
            try WorkspaceLocator.locate(given: "plain", currentFolder: base.path)
        }
    }

    @Test func messagesSayWhatIsWrongAndWhatWouldBeRight() {
        #expect(WorkspaceLocator.Failure.notAWorkspace("/x").description
                == "/x is not a cohort workspace: it has no cohort.json; pass the workspace folder with -C DIR, "
                + "or create one with `cohort init /x`")
        #expect(WorkspaceLocator.Failure.noneAbove("/a/b").description.hasPrefix(
            "not inside a cohort workspace: neither /a/b nor any folder above it has a cohort.json; "))
    }
}
