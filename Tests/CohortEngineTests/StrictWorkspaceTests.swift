import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Strict mode from the command line reaches every way the engine loads definitions: a builder (build,
/// plan) and a watch session refuse a workspace whose only problem is an unknown attribute.
@Suite struct StrictWorkspaceTests {
    static func workspaceWithUnknownAttribute() throws -> URL {
        let root = try BuildTests.templateCopy()
        let segment = root.appendingPathComponent("segments/high-value-customers.xml")
        let text = try String(contentsOf: segment, encoding: .utf8).replacingOccurrences(of: "mergePolicyId=", with: "mergePolicy=")
        try text.write(to: segment, atomically: true, encoding: .utf8)
        return root
    }

    static func unknownAttributeErrors(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
            return []
        } catch BuildError.invalidWorkspace(let diagnostics) {
            return diagnostics
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func aBuilderAndAWatchSessionRefuseUnknownKeysOnlyInStrictMode() throws {
        let root = try Self.workspaceWithUnknownAttribute()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try WorkspaceFiles(root: root).load().errors.isEmpty)
        #expect(try WorkspaceFiles(root: root, strict: true).load().errors.map(\.code) == [.unknownKey])
        #expect(Self.unknownAttributeErrors { _ = try Builder(root: root) }.isEmpty)
        let strictBuilder = Self.unknownAttributeErrors { _ = try Builder(root: root, strict: true) }
        #expect(strictBuilder.map(\.location.file) == ["segments/high-value-customers.xml"])
        let asOf = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z") ?? 0
        let strictWatch = Self.unknownAttributeErrors { _ = try WatchSession(root: root, clock: { asOf }, strict: true) }
        #expect(strictWatch.map(\.code) == [.unknownKey])
    }
}
