import Foundation
import Testing

@Suite struct InitCommandTests {
    @Test func initCopiesTheTemplateAndTheResultValidates() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("shop")
        let created = try CohortProcess.run(["init", workspace.path])
        #expect(created.status == 0)
        #expect(created.stdout.contains("from \(CohortProcess.repositoryRoot.appendingPathComponent("workspace-template").path)"),
                "a checkout's template is preferred to the built-in one: \(created.stdout)")
        for path in ["cohort.json", "schemas/luma-crm.json", "segments/recent-buyers.pql", "destinations/ads-hashed.xml", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent(path).path), "missing \(path)")
        }
        let gitignore = try String(contentsOf: workspace.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(gitignore.contains(".cohort/"))
        #expect(gitignore.contains("archive/"))
        #expect(try CohortProcess.run(["validate", "-C", workspace.path]).status == 0)
    }

    @Test func initRefusesANonEmptyFolderUnlessForced() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mine = folder.appendingPathComponent("notes.txt")
        try "keep me".write(to: mine, atomically: true, encoding: .utf8)
        let refused = try CohortProcess.run(["init", folder.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not empty"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cohort.json").path))
        let forced = try CohortProcess.run(["init", "--force", folder.path])
        #expect(forced.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("cohort.json").path))
        #expect(try String(contentsOf: mine, encoding: .utf8) == "keep me")
    }

    @Test func aMissingTemplateIsAClearError() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A copy of the binary far from any checkout, with the override pointing nowhere.
        let binary = folder.appendingPathComponent("bin/cohort")
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CohortProcess.executable, to: binary)
        let output = try CohortProcess.run(["init", folder.appendingPathComponent("w").path], executable: binary,
                                           environment: ["COHORT_TEMPLATE": "/no/such/template"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("cannot find the workspace template; looked in /no/such/template"))
        #expect(output.stderr.contains("Set COHORT_TEMPLATE"))
    }

    @Test func theTemplateOverrideIsUsedFirst() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("my-template")
        try FileManager.default.createDirectory(at: template.appendingPathComponent("segments"), withIntermediateDirectories: true)
        try #"{"name": "mine"}"#.write(to: template.appendingPathComponent("cohort.json"), atomically: true, encoding: .utf8)
        try "true".write(to: template.appendingPathComponent("segments/all.pql"), atomically: true, encoding: .utf8)
        let workspace = folder.appendingPathComponent("w")
        #expect(try CohortProcess.run(["init", workspace.path], environment: ["COHORT_TEMPLATE": template.path]).status == 0)
        #expect(try String(contentsOf: workspace.appendingPathComponent("segments/all.pql"), encoding: .utf8) == "true")
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("schemas").path))
    }
}
