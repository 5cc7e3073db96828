import Foundation
import Testing

/// `cohort export-aep`: the template's definitions as AEP request bodies, which a workspace builds
/// from to the very same exports.
@Suite struct ExportAEPCommandTests {
    static let definitionFolders = ["schemas", "namespaces", "merge-policies", "segments", "policies"]

    /// Every file under `exports/`, by path, with its bytes.
    static func exports(of workspace: URL) throws -> [String: Data] {
        let root = workspace.appendingPathComponent("exports")
        var files: [String: Data] = [:]
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for path in paths {
            var isFolder: ObjCBool = false
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func aWorkspaceMadeFromTheExportBuildsTheSameExports() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("original")
        let copy = folder.appendingPathComponent("copy")
        let bodies = folder.appendingPathComponent("aep")
        for workspace in [original, copy] { #expect(try CohortProcess.run(["init", workspace.path]).status == 0) }
        let export = try CohortProcess.run(["export-aep", "-C", original.path, bodies.path])
        #expect(export.status == 0)
        #expect(export.stdout.split(separator: "\n").count == 19)
        #expect(export.stdout.contains("wrote segments/gold-members.json\n"))
        for name in Self.definitionFolders {
            try FileManager.default.removeItem(at: copy.appendingPathComponent(name))
            try FileManager.default.copyItem(at: bodies.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let validate = try CohortProcess.run(["validate", "-C", copy.path])
        #expect(validate.status == 0)
        #expect(validate.stderr == "")
        for workspace in [original, copy] {
            #expect(try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"]).status == 0)
        }
        let built = try Self.exports(of: original)
        #expect(built.count > 5)
        #expect(try Self.exports(of: copy) == built)
    }

    @Test func aFileWhereTheFolderShouldBeIsRefusedByName() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("ws")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let file = folder.appendingPathComponent("out")
        try Data("x".utf8).write(to: file)
        let export = try CohortProcess.run(["export-aep", "-C", workspace.path, file.path])
        #expect(export.status == 1)
        #expect(export.stderr == "error: \(file.path): is a file, not a folder; name a folder to write into (it is created if needed)\n")
        // Something in the way further down is named too, with the reason.
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: file.appendingPathComponent("segments"))
        let blocked = try CohortProcess.run(["export-aep", "-C", workspace.path, file.path])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.hasPrefix("error: \(file.appendingPathComponent("segments").path): cannot create this folder ("))
        #expect(blocked.stderr.contains("already exists"))
    }

    @Test func aWorkspaceWithErrorsIsNotExported() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("ws")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        try Data(#"loyalty.tierr = "gold""#.utf8).write(to: workspace.appendingPathComponent("segments/broken.pql"))
        let export = try CohortProcess.run(["export-aep", "-C", workspace.path, folder.appendingPathComponent("aep").path])
        #expect(export.status == 1)
        #expect(export.stderr.hasPrefix("segments/broken.pql:1:1: error: unknown field `loyalty.tierr` in profiles"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("aep").path))
    }
}

/// `cohort convert`: text to the pql/json tree and back, and what the tree cannot hold.
@Suite struct ConvertCommandTests {
    @Test func textAndTreeConvertBothWays() throws {
        let tree = try CohortProcess.run(["convert", #"loyalty.tier in ["gold"] and not (points < 10)"#])
        #expect(tree.status == 0)
        let back = try CohortProcess.run(["convert", tree.stdout])
        #expect(back.status == 0)
        #expect(back.stdout == "loyalty.tier in [\"gold\"] and not (points < 10)\n")
        let refused = try CohortProcess.run(["convert", "xEvent.count() > 1"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("(expression):1:1: error: this cannot be written in the pql/json form"))
    }
}
