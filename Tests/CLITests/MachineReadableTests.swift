import Foundation
import Testing

/// `--json` on build and explain, `plan --detailed-exitcode`, the losing values of `profile` and
/// `query --show`, through the binary; every JSON output is parsed back.
@Suite struct MachineReadableTests {
    static let asOf = "2026-11-21T12:00:00Z"

    /// A fresh template workspace in a temporary folder (remove `folder`).
    static func workspace() throws -> (folder: URL, workspace: URL) {
        let folder = try CohortProcess.temporaryFolder()
        let workspace = folder.appendingPathComponent("luma")
        let initialized = try CohortProcess.run(["init", workspace.path])
        try #require(initialized.status == 0, "\(initialized.stderr)")
        return (folder, workspace)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test func buildJSONGivesTheHistoryCountsAndWhatTheTextSummarySays() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let twin = folder.appendingPathComponent("twin")
        try FileManager.default.copyItem(at: workspace, to: twin)

        let json = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.split(separator: "\n").count == 1)
        let built = try Self.object(json.stdout)
        let history = try String(contentsOf: workspace.appendingPathComponent("history/builds.ndjson"), encoding: .utf8)
        let line = try Self.object(String(try #require(history.split(separator: "\n").last)))
        for key in ["asOf", "trigger", "profiles", "segments", "records", "files", "destinations", "identity"] {
            #expect((built[key] as? NSObject) == (line[key] as? NSObject), "\(key)")
        }
        #expect(built["failed"] as? Bool == false)

        // The same build as text says the same numbers.
        let text = try CohortProcess.run(["build", "-C", twin.path, "--as-of", Self.asOf])
        let summary = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("built: ") })
        let records = try #require(built["records"] as? [String: Int])
        let files = try #require(built["files"] as? [[String: Any]])
        #expect(summary.contains("\(files.count) files ingested; \(records["kept"] ?? -1) records kept, \(records["rejected"] ?? -1) rejected"))
        #expect(summary.contains("\(built["profiles"] as? Int ?? -1) profiles (\(built["changedProfiles"] as? Int ?? -1) changed)"))
        let segments = try #require(built["segments"] as? [String: [String: Int]])
        let segmentLine = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("segments: ") })
        for (id, counts) in segments {
            #expect(segmentLine.contains("\(id) \(counts["members"] ?? -1) (+\(counts["entered"] ?? -1) −\(counts["exited"] ?? -1))"))
        }
    }

    @Test func buildJSONListsRejectionsWithTheirReasons() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let purchases = workspace.appendingPathComponent("inbox/offline-purchases/purchases.ndjson")
        let text = try String(contentsOf: purchases, encoding: .utf8)
        try Data((text + "{\"_id\": \"cut\", \"timestamp\": \n").utf8).write(to: purchases)
        let json = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let built = try Self.object(json.stdout)
        let rejections = try #require(built["rejections"] as? [[String: Any]])
        // Every rejected record is in one file's note, and each note names its first reasons by line.
        let rejected = try #require((built["records"] as? [String: Int])?["rejected"])
        #expect(rejected > 0)
        #expect(rejections.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == rejected)
        for note in rejections {
            let reasons = try #require(note["reasons"] as? [String])
            #expect(!reasons.isEmpty && reasons.allSatisfy { $0.hasPrefix("line ") })
            let dataset = try #require((note["file"] as? String)?.split(separator: "/").dropFirst().first)
            #expect((note["rejectedFile"] as? String)?.hasPrefix("rejected/\(dataset)/") == true)
        }
        let cut = try #require(rejections.first { $0["file"] as? String == "inbox/offline-purchases/purchases.ndjson" })
        #expect((cut["reasons"] as? [String])?.last?.hasPrefix("line \(text.split(separator: "\n").count + 1): ") == true)
    }

    @Test func explainJSONIsTheClauseTreeWithValues() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf])
        for identity in ["Email:danny.wright48@example.org", "lumaLoyaltyId:5625458", "lumaLoyaltyId:5276234"] {
            let text = try CohortProcess.run(["explain", "-C", workspace.path, "--as-of", Self.asOf, "gold-recent-buyers", identity])
            let json = try CohortProcess.run(["explain", "-C", workspace.path, "--as-of", Self.asOf, "gold-recent-buyers", identity, "--json"])
            #expect(json.status == 0, "\(json.stderr)")
            let object = try Self.object(json.stdout)
            #expect(object["member"] as? Bool == text.stdout.hasPrefix("gold-recent-buyers for \(identity): IN"))
            #expect(object["segment"] as? String == "gold-recent-buyers")
            #expect(object["asOf"] as? String == Self.asOf)
            // Each clause of the text, at its depth, is a node of the tree, in the same order.
            let clauses = try #require(object["clauses"] as? [[String: Any]])
            var flattened: [String] = []
            func walk(_ nodes: [[String: Any]], depth: Int) {
                for node in nodes {
                    flattened.append(String(repeating: "  ", count: depth + 1) + "\(node["clause"] as? String ?? "?")  →  \(node["value"] as? String ?? "?")")
                    walk(node["children"] as? [[String: Any]] ?? [], depth: depth + 1)
                }
            }
            walk(clauses, depth: 0)
            #expect(flattened == Array(text.stdout.split(separator: "\n").dropFirst().map(String.init)))
            #expect(flattened.count > 2)
            #expect(clauses.first?["value"] as? String == (object["member"] as? Bool == true ? "true" : "false"))
        }
    }

    @Test func planDetailedExitcodeSaysWhetherBuildWouldChangeExports() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = ["plan", "-C", workspace.path, "--as-of", Self.asOf]
        #expect(try CohortProcess.run(plan).status == 0)
        #expect(try CohortProcess.run(plan + ["--detailed-exitcode"]).status == 2)
        #expect(try CohortProcess.run(plan + ["--detailed-exitcode", "--json"]).status == 2)
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf])
        let unchanged = try CohortProcess.run(plan + ["--detailed-exitcode"])
        #expect(unchanged.status == 0, "\(unchanged.stdout)")
        #expect(unchanged.stdout.contains("exports: unchanged"))
        // A month later recent buyers have left: changes again.
        #expect(try CohortProcess.run(["plan", "-C", workspace.path, "--as-of", "2026-12-21T12:00:00Z", "--detailed-exitcode"]).status == 2)
        try "loyalty.tier in [".write(to: workspace.appendingPathComponent("segments/broken.pql"), atomically: true, encoding: .utf8)
        #expect(try CohortProcess.run(plan + ["--detailed-exitcode"]).status == 1)
    }

    @Test func profileShowsTheValuesThatLostAndWhy() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf])
        let identity = "Email:danny.wright48@example.org"

        // Timestamp order: the CRM record is older than the loyalty record.
        let newest = try Self.object(try CohortProcess.run(["profile", "-C", workspace.path, identity, "--json"]).stdout)
        let attributes = try #require(newest["attributes"] as? [String: Any])
        #expect((attributes["person"] as? [String: Any]).flatMap { $0["name"] as? [String: String] }?["firstName"] == "Daniel")
        let losing = try #require(newest["losing"] as? [String: [[String: Any]]])
        let firstName = try #require(losing["person.name.firstName"])
        #expect(firstName.count == 1)
        #expect(firstName.first?["value"] as? String == "Danny")
        #expect(firstName.first?["dataset"] as? String == "crm")
        #expect(firstName.first?["reason"] as? String == "older")
        #expect((firstName.first?["file"] as? String)?.hasPrefix("archive/crm/") == true)
        // An attribute only one record has lost nothing.
        #expect(losing["loyalty.tier"] == nil)
        let text = try CohortProcess.run(["profile", "-C", workspace.path, identity])
        #expect(text.stdout.contains("  person.name.firstName = \"Daniel\"   (loyalty, "))
        #expect(text.stdout.contains("\n      not \"Danny\"   (crm, archive/crm/"))

        // Dataset precedence with CRM first: loyalty's newer values lose to it; a dataset the order leaves out loses too.
        let policy = workspace.appendingPathComponent("merge-policies/default.json")
        let definition = try String(contentsOf: policy, encoding: .utf8)
        try definition.replacingOccurrences(of: #"{ "type": "timestampOrdered" }"#,
                                            with: #"{ "type": "dataSetPrecedence", "order": ["crm", "dma-crm"] }"#)
            .write(to: policy, atomically: true, encoding: .utf8)
        let precedence = try CohortProcess.run(["profile", "-C", workspace.path, identity, "--json"])
        #expect(precedence.status == 0, "\(precedence.stderr)")
        let ranked = try #require(try Self.object(precedence.stdout)["losing"] as? [String: [[String: Any]]])
        let name = try #require(ranked["person.name.firstName"])
        #expect(name.map { $0["value"] as? String } == ["Daniel"])
        #expect(name.first?["reason"] as? String == "not-in-order")
        // Loyalty's own attributes have no value under this order: the text still shows what was left out.
        let leftOut = try CohortProcess.run(["profile", "-C", workspace.path, identity]).stdout
        #expect(leftOut.contains("\n  loyalty.tier: no value taken\n      not \"gold\"   (loyalty, "), "\(leftOut)")
        let withLoyalty = definition.replacingOccurrences(of: #"{ "type": "timestampOrdered" }"#,
                                                          with: #"{ "type": "dataSetPrecedence", "order": ["crm", "loyalty"] }"#)
        try withLoyalty.write(to: policy, atomically: true, encoding: .utf8)
        let ordered = try Self.object(try CohortProcess.run(["profile", "-C", workspace.path, identity, "--json"]).stdout)
        let lost = try #require((ordered["losing"] as? [String: [[String: Any]]])?["person.name.firstName"])
        #expect(lost.first?["value"] as? String == "Daniel")
        #expect(lost.first?["reason"] as? String == "lower-precedence")
        let orderedText = try CohortProcess.run(["profile", "-C", workspace.path, identity])
        #expect(orderedText.stdout.contains("  person.name.firstName = \"Danny\"   (crm, "))
        #expect(orderedText.stdout.contains("      not \"Daniel\"   (loyalty, "))
        #expect(orderedText.stdout.contains("its dataset comes later in the merge policy's order"))
    }

    @Test func queryShowAddsAttributeColumns() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf])
        let query = ["query", "-C", workspace.path, #"loyalty.tier = "gold""#, "--limit", "3"]
        let text = try CohortProcess.run(query + ["--show", "loyalty.tier,homeAddress.city"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[1] == "  identities\tloyalty.tier\thomeAddress.city")
        for row in lines.dropFirst(2) {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(columns.count == 3)
            #expect(columns[1] == "\"gold\"")
        }
        // The same profiles as without --show, in the same order.
        let plain = try CohortProcess.run(query).stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(plain == lines.dropFirst(2).map { String($0.split(separator: "\t")[0]) })

        let json = try Self.object(try CohortProcess.run(query + ["--show", "loyalty.tier, homeAddress.city", "--json"]).stdout)
        let sample = try #require(json["sample"] as? [[String: Any]])
        #expect(sample.count == 3)
        for (entry, row) in zip(sample, lines.dropFirst(2)) {
            let attributes = try #require(entry["attributes"] as? [String: Any])
            #expect(attributes["loyalty.tier"] as? String == "gold")
            let city = row.split(separator: "\t", omittingEmptySubsequences: false)[2]
            #expect((attributes["homeAddress.city"] as? String).map { "\"\($0)\"" } ?? "" == String(city))
        }

        // A path given twice is two columns of the text and one key of the JSON.
        let twice = try CohortProcess.run(query + ["--show", "loyalty.tier,loyalty.tier", "--json"])
        #expect(twice.status == 0, "\(twice.stderr)")
        let doubled = try #require(try Self.object(twice.stdout)["sample"] as? [[String: Any]])
        #expect(doubled.first?["attributes"] as? [String: String] == ["loyalty.tier": "gold"])

        let wrong = try CohortProcess.run(query + ["--show", "loyalty.tier,homeAdress.city"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("(--show):1:14: error: unknown field `homeAdress.city` in profiles; did you mean `homeAddress.city`?"),
                "\(wrong.stderr)")
        let notAPath = try CohortProcess.run(query + ["--show", "xEvent.count()"])
        #expect(notAPath.status == 2)
        #expect(notAPath.stderr.contains("(--show):1:1: error: `xEvent.count()` is not a profile attribute path"))
    }

    @Test func hostileShowListsAreUsageErrorsAtTheirColumn() throws {
        let (folder, workspace) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", Self.asOf])
        let deep = String(repeating: "(", count: 5000) + "loyalty.tier" + String(repeating: ")", count: 5000)
        for (list, column) in [("", 1), (",", 1), ("loyalty.tier,", 14), ("loyalty.tier,,homeAddress.city", 14),
                               ("loyalty tier", 1), ("\u{0}", 1), ("é.ü", 1), ("loyalty.tier," + deep, 14),
                               (String(repeating: "a.", count: 20_000) + "b", 1)] {
            let result = try CohortProcess.run(["query", "-C", workspace.path, "true", "--show", list])
            #expect(result.status == 2, "\(list.prefix(40))")
            #expect(result.stderr.hasPrefix("(--show):1:\(column): error: "), "\(list.prefix(40)): \(result.stderr.prefix(300))")
        }
    }
}
