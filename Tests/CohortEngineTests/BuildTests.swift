import CohortCore
@testable import CohortEngine
import Foundation
import GRDB
import Testing

/// `cohort build` on a copy of the template and on small hand-made workspaces.
@Suite struct BuildTests {
    /// A fresh copy of the template in a temporary folder.
    static func templateCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-build-\(UUID().uuidString)")
        try WorkspaceInitializer(template: TemplateWorkspaceTests.root).create(at: folder, force: false)
        return folder
    }

    /// Lets every dataset of a workspace keep a file however many of its records are rejected, for
    /// tests about what happens to the good records of bad files (not about `errorThreshold`).
    static func allowAnyRejections(in root: URL) throws {
        let folder = root.appendingPathComponent("datasets")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            let edited = name.hasSuffix(".xml")
                ? text.replacingOccurrences(of: #"errorThreshold="[0-9.]+""#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "<dataset ", with: #"<dataset errorThreshold="100" "#)
                : text.replacingOccurrences(of: #""errorThreshold": [0-9.]+,?"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "{", with: #"{"errorThreshold": 100, "#, options: [], range: text.range(of: "{"))
            try edited.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static func profilesJSON(_ profiles: UnifiedProfiles) -> [String] {
        profiles.entries.map { entry in
            JSONWriter.string(.object([
                "identities": .array(entry.profile.identities.map { .string($0.description) }),
                "attributes": .object(entry.profile.attributes),
                "events": .array(entry.events.map { .string("\($0.origin.file):\($0.origin.line)") }),
            ]))
        }
    }

    @Test func theTemplateBuildsAndRejectsExactlyTheDeliberateBadRecords() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try Builder(root: root).built(rebuild: false)
        #expect(report.filesIngested == 5)
        // The generator's deliberate bad records: CRM 3 (email, gender, birth date), DMA CSV 1 (Updated "yesterday"),
        // loyalty 2 (tier, points), purchases 2 (no _id, price "free"), web events 4 (empty identityMap,
        // "anonymous" ECID, 12-digit ECID, a truncated line).
        let rejected = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("rejected").path)
            .filter { $0.hasSuffix(".ndjson") }.sorted()
        var counts: [String: Int] = [:]
        for path in rejected {
            let text = try String(contentsOf: root.appendingPathComponent("rejected/\(path)"), encoding: .utf8)
            counts[String(path.split(separator: "/")[0])] = text.split(separator: "\n").count
        }
        #expect(counts == ["crm": 3, "dma-crm": 1, "loyalty": 2, "offline-purchases": 2, "web-events": 4])
        #expect(report.recordsRejected == 12)
        #expect(report.duplicateEvents == 1)
        let inbox = try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("inbox").path)
        #expect(inbox.allSatisfy { !$0.contains(".") }, "every data file moved to archive/: \(inbox)")
        let ledger = try LedgerFile(root: root).read()
        #expect(ledger.entries.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(ledger.entries.map(\.recordsRejected) == [3, 1, 2, 2, 4])
    }

    @Test func aLoyaltyMembersCRMAttributesAndPurchasesAreOneProfile() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.built(rebuild: false)
        // Where attributes came from is recorded when profiles are read for `cohort profile`.
        let profiles = try builder.profiles()
        let entry = try #require(profiles.entry(for: Identity(namespace: "lumaLoyaltyId", id: "5625458")))
        #expect(entry.profile.identities.contains(Identity(namespace: "lumaCrmId", id: "112ca06ed53d3db37e4cea49cc45b71e")))
        #expect(entry.profile.sources["personalEmail.address"]?.dataset == "crm")
        #expect(entry.profile.sources["loyalty.tier"]?.dataset == "loyalty")
        #expect(entry.events.contains { $0.dataset == "offline-purchases" })
        #expect(entry.events.contains { $0.dataset == "web-events" })
    }

    @Test func buildThenRebuildGiveIdenticalProfiles() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try #require(try Builder(root: root).built(rebuild: false).profiles)
        let again = try #require(try Builder(root: root).built(rebuild: false).profiles)
        let rebuilt = try #require(try Builder(root: root).built(rebuild: true).profiles)
        #expect(Self.profilesJSON(first) == Self.profilesJSON(again))
        #expect(Self.profilesJSON(first) == Self.profilesJSON(rebuilt))
        #expect(first.graph.graphs == rebuilt.graph.graphs)
    }

    @Test func aDamagedStoreRecordIsAnErrorThatNamesItAndTheWayOut() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).built(rebuild: false)
        let store = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        let (sequence, position, line) = try store.write { db -> (Int, Int, Int) in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT sequence, position, line FROM records ORDER BY sequence DESC, position DESC LIMIT 1"))
            try db.execute(sql: "UPDATE records SET attributes = X'FF00' WHERE sequence = ? AND position = ?", arguments: [row[0], row[1]])
            return (row[0], row[1], row[2])
        }
        try store.close()
        // A segment edit makes the next build read every record.
        let segment = root.appendingPathComponent("segments/recent-buyers.pql")
        try String(contentsOf: segment, encoding: .utf8).replacingOccurrences(of: "30 days", with: "31 days")
            .write(to: segment, atomically: true, encoding: .utf8)
        let message = ".cohort/store.sqlite: the record at index \(position) (line \(line)) of ledger file \(sequence) cannot be read; "
            + "run `cohort build --rebuild` to make the store again from archive/"
        #expect { try Builder(root: root).build(rebuild: false) } throws: { "\($0)" == message }
        #expect { try Builder(root: root).profiles() } throws: { "\($0)" == message }
        // The way out works: a rebuild replays archive/.
        #expect(try Builder(root: root).built(rebuild: true).profiles?.entries.isEmpty == false)
    }

    /// Stored export state the store cannot read back is no audience: the build looks at every member
    /// of those destinations instead, and its exports are what they were.
    @Test func damagedExportStateIsWorkedOutAgainFromEveryMember() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let exports = try ExportTests.exports(root)
        let store = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        try store.write { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audience_state") == 6)
            // The stream destination's own values: every build reads them (the rest, only what a change reaches).
            try db.execute(sql: "UPDATE stream_totals SET totals = X'00'")
        }
        try store.close()
        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        #expect(report.exports.allSatisfy { $0.created.isEmpty && $0.rewritten.isEmpty && $0.deleted.isEmpty })
        #expect(try ExportTests.exports(root).differences(from: exports) == [])
    }

    /// A store made before member counts were kept gets them counted when it is opened; from then on
    /// every write keeps them, exits included.
    @Test func memberCountsAreCountedOnceThenKept() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let folder = root.appendingPathComponent(".cohort")
        let recount = { (store: RecordStore) in try store.memberships().mapValues { $0.values.filter { $0.status != .exited }.count } }
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("store.sqlite").path)
        try queue.write { db in try db.execute(sql: "DROP TABLE member_counts") }
        try queue.close()
        let store = try RecordStore(folder: folder)
        #expect(try store.memberCounts() == recount(store))
        #expect(try store.memberCounts()["gold-members"] == 44)
        // A month later some memberships have ended and earlier exits are past their retention.
        let later = try #require(Timestamp.milliseconds(from: "2027-03-01T00:00:00Z"))
        let report = try Builder(root: root).build(rebuild: false, asOf: later)
        #expect(report.segmentChanges.values.contains { $0.exited > 0 })
        #expect(try store.memberCounts() == recount(store))
        #expect(report.memberCounts == (try recount(store)))
    }

    /// A store made before profile counts were kept gets them counted when a build opens it (a
    /// reader counts the rows meanwhile); from then on every write keeps them, new profiles and merged ones.
    @Test func profileCountsAreCountedOnceThenKept() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let folder = root.appendingPathComponent(".cohort")
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("store.sqlite").path)
        let recount = {
            try queue.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT policy, COUNT(*) FROM profiles GROUP BY policy")
                    .map { ($0[0] as String, $0[1] as Int) })
            }
        }
        let expected = try recount()
        #expect(!expected.isEmpty)
        try queue.write { db in try db.execute(sql: "DROP TABLE profile_counts") }
        for (policy, count) in expected {
            #expect(try RecordStore(readingFrom: folder).profileCount(policy: policy) == count)
        }
        let store = try RecordStore(folder: folder)
        for (policy, count) in expected { #expect(try store.profileCount(policy: policy) == count) }
        // A new visitor, a new person, and a login that merges the two: one profile more, not two.
        let event = { (id: String, identities: String) in
            #"{"_id":"\#(id)","timestamp":"2025-11-02T10:00:00Z","eventType":"web.webpagedetails.pageViews","identityMap":{\#(identities)}}"#
        }
        try [event("visit", #""ECID":[{"id":"90000000000000000000000000000000000001","primary":true}]"#),
             event("signup", #""ECID":[{"id":"90000000000000000000000000000000000002","primary":true}],"#
                   + #""Email":[{"id":"someone.new@example.org"}]"#),
             event("login", #""ECID":[{"id":"90000000000000000000000000000000000001","primary":true}],"#
                   + #""Email":[{"id":"someone.new@example.org"}]"#)]
            .joined(separator: "\n").write(to: root.appendingPathComponent("inbox/web-events/more.ndjson"), atomically: true, encoding: .utf8)
        let report = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let after = try recount()
        #expect(after.keys.sorted() == expected.keys.sorted())
        for (policy, count) in after { #expect(try store.profileCount(policy: policy) == count, "\(policy)") }
        #expect(report.profileCount == after["default"])
        #expect(after["default"] == (expected["default"] ?? 0) + 1)
    }

    /// A profile the store cannot read back stops a build whose exports look at every member (here:
    /// the stored audiences are gone) before any export is written: a member is never left out of an
    /// audience for it. While the stored audiences serve, a build reads only the profiles that
    /// changed, so one nothing changed is not read. A rebuild makes the store again.
    @Test func aDamagedProfileStopsTheBuildBeforeItsExports() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        let exports = try ExportTests.exports(root)
        let store = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        // A member of a file destination's segment only: the stream destination reads all of its members.
        let key = try store.write { db -> String in
            let key = try #require(try String.fetchOne(db, sql: """
                SELECT profile FROM memberships WHERE status != 'exited' AND segment = 'gold-members'
                AND profile NOT IN (SELECT profile FROM memberships WHERE segment = 'cart-abandoners') ORDER BY profile LIMIT 1
                """))
            try db.execute(sql: "UPDATE profiles SET identities = 'damaged' WHERE key = ?", arguments: [key])
            return key
        }
        _ = try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf)
        #expect(try ExportTests.exports(root).differences(from: exports) == [])
        try store.write { db in try db.execute(sql: "DELETE FROM audience_state") }
        try store.close()
        #expect { try Builder(root: root).build(rebuild: false, asOf: ExportTests.asOf) } throws: { error in
            "\(error)" == ".cohort/store.sqlite: the profile \(key) cannot be read; run `cohort build --rebuild` to make the store again from archive/"
        }
        #expect(try ExportTests.exports(root).differences(from: exports) == [])
        _ = try Builder(root: root).build(rebuild: true, asOf: ExportTests.asOf)
        #expect(try ExportTests.exports(root).differences(from: exports) == [])
    }

    /// Records are stored as the writing process numbers field names, with its table of names;
    /// a process that numbers them otherwise (here: in reverse) reads the same records.
    @Test func storedRecordsReadBackUnderAnotherNumberingOfNames() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try #require(try Builder(root: root).built(rebuild: false).profiles)
        let store = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        try store.write { db in
            for numbering in try Row.fetchAll(db, sql: "SELECT id, names FROM numberings") {
                let text: String = numbering[1]
                guard case .success(let node) = JSONParser.parse(Array(text.utf8), file: "t"), case .array(let names) = Value(node) else {
                    Issue.record("unreadable names: \(text)")
                    continue
                }
                let last = UInt32(names.count - 1)
                try db.execute(sql: "UPDATE numberings SET names = ? WHERE id = ?", arguments: [JSONWriter.string(.array(names.reversed())), numbering[0]])
                for record in try Row.fetchAll(db, sql: """
                    SELECT sequence, line, attributes FROM records WHERE sequence IN (SELECT sequence FROM files WHERE numbering = ?)
                    """, arguments: [numbering[0]]) {
                    let reversed = try #require(PackedValue(storedBytes: [UInt8](record[2] as Data)) { last - $0 })
                    try db.execute(sql: "UPDATE records SET attributes = ? WHERE sequence = ? AND line = ?",
                                   arguments: [Data(reversed.storedBytes), record[0], record[1]])
                }
            }
        }
        try store.close()
        let again = try #require(try Builder(root: root).built(rebuild: false).profiles)
        #expect(Self.profilesJSON(first) == Self.profilesJSON(again))
    }

    @Test func damagedFieldNamesAreAnErrorThatNamesTheWayOut() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).built(rebuild: false)
        let store = try DatabaseQueue(path: root.appendingPathComponent(".cohort/store.sqlite").path)
        // The first file written with the damaged names is the one named.
        let first = try store.write { db -> Int in
            let numbering = try #require(try Int64.fetchOne(db, sql: "SELECT numbering FROM files WHERE sequence = 2"))
            try db.execute(sql: "UPDATE numberings SET names = '[1,' WHERE id = ?", arguments: [numbering])
            return try #require(try Int.fetchOne(db, sql: "SELECT MIN(sequence) FROM files WHERE numbering = ?", arguments: [numbering]))
        }
        try store.close()
        // A segment edit makes the next build read every record.
        let segment = root.appendingPathComponent("segments/recent-buyers.pql")
        try String(contentsOf: segment, encoding: .utf8).replacingOccurrences(of: "30 days", with: "31 days")
            .write(to: segment, atomically: true, encoding: .utf8)
        #expect {
            try Builder(root: root).build(rebuild: false)
        } throws: { error in
            "\(error)" == ".cohort/store.sqlite: the field names of ledger file \(first) cannot be read; run `cohort build --rebuild` to make the store again from archive/"
        }
        #expect(try Builder(root: root).built(rebuild: true).profiles?.entries.isEmpty == false)
    }

    @Test func theSameBytesDroppedAgainAreADuplicateAndStraysAreLeftAlone() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Builder(root: root).built(rebuild: false)
        let archived = root.appendingPathComponent("archive/loyalty/000003-luma-loyalty.json")
        try FileManager.default.copyItem(at: archived, to: root.appendingPathComponent("inbox/loyalty/again.json"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox/loyalti"), withIntermediateDirectories: true)
        try "{}".write(to: root.appendingPathComponent("inbox/loyalti/x.json"), atomically: true, encoding: .utf8)
        try "{}".write(to: root.appendingPathComponent("inbox/loose.json"), atomically: true, encoding: .utf8)
        // With `format: auto` a file whose name says no format is reported and left alone.
        let loyalty = root.appendingPathComponent("datasets/loyalty.xml")
        try String(contentsOf: loyalty, encoding: .utf8).replacingOccurrences(of: #" format="json""#, with: "").write(to: loyalty, atomically: true, encoding: .utf8)
        try "notes".write(to: root.appendingPathComponent("inbox/loyalty/notes.txt"), atomically: true, encoding: .utf8)
        let report = try Builder(root: root).built(rebuild: false)
        #expect(report.filesIngested == 0)
        #expect(report.duplicates == ["inbox/loyalty/again.json: the same bytes were already ingested; it is not ingested twice and is left in the inbox"])
        #expect(report.strays == [
            "inbox/loose.json: files go in inbox/<dataset-id>/; this one is left where it is",
            "inbox/loyalti/: no dataset has the id \"loyalti\"; did you mean `loyalty`?; its 1 file(s) are left where they are",
            "inbox/loyalty/notes.txt: cannot tell the format from the name; name it .csv, .json, .ndjson, .jsonl or .xml (each may end in "
                + ".gz), or set the dataset's `format`; it is left where it is",
        ])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/loyalti/x.json").path))
    }

    @Test func badFilesGiveClearMessagesAndLoseNoGoodRecord() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["crm", "dma-crm", "loyalty", "offline-purchases", "web-events"] {
            try FileManager.default.removeItem(at: root.appendingPathComponent("inbox/\(folder)"))
            try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox/\(folder)"), withIntermediateDirectories: true)
        }
        try Self.allowAnyRejections(in: root)
        let csv = "CRM ID,First Name,Email\nc1,Ann,ann@example.com\nc2,\"Bob,bob@example.com\n"
        try csv.write(to: root.appendingPathComponent("inbox/dma-crm/unbalanced.csv"), atomically: true, encoding: .utf8)
        let truncated = #"[{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":1}},"loyalty":{"points":5}},{"_techmarketingdemos":{"sys"#
        try truncated.write(to: root.appendingPathComponent("inbox/loyalty/truncated.json"), atomically: true, encoding: .utf8)
        let wrongType = #"[{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":2}},"loyalty":{"points":"many"}},"#
            + #"{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":3}},"loyalty":{"points":7}}]"#
        try wrongType.write(to: root.appendingPathComponent("inbox/loyalty/types.json"), atomically: true, encoding: .utf8)
        try "".write(to: root.appendingPathComponent("inbox/crm/empty.json"), atomically: true, encoding: .utf8)
        let report = try Builder(root: root).built(rebuild: false)
        #expect(report.filesIngested == 4)
        let profiles = try #require(report.profiles)
        #expect(profiles.entry(for: Identity(namespace: "lumaCrmId", id: "c1")) != nil)
        #expect(profiles.entry(for: Identity(namespace: "lumaLoyaltyId", id: "1")) != nil)
        #expect(profiles.entry(for: Identity(namespace: "lumaLoyaltyId", id: "3")) != nil)
        #expect(profiles.entry(for: Identity(namespace: "lumaLoyaltyId", id: "2")) == nil)
        func rejected(_ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent("rejected/\(path)"), encoding: .utf8)
        }
        #expect(try rejected("dma-crm/000002-unbalanced.csv.ndjson").contains("never closed"))
        #expect(try rejected("loyalty/000004-types.json.ndjson").contains("loyalty.points: expected a number, found a string"))
        #expect(try rejected("loyalty/000003-truncated.json.ndjson").contains("\"line\":1"))
        #expect(try rejected("crm/000001-empty.json.ndjson").contains("empty"))
    }

    /// Making the CRM id non-unique lets the three shared devices join their two users; restoring it splits them again.
    @Test func changedIdentityRulesApplyToAllHistoryAndAreCounted() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Builder(root: root).built(rebuild: false)
        #expect(first.identityRuleChanges == nil)
        let namespace = root.appendingPathComponent("namespaces/lumaCrmId.json")
        let unique = try String(contentsOf: namespace, encoding: .utf8)
        try unique.replacingOccurrences(of: "\"unique\": true", with: "\"unique\": false").write(to: namespace, atomically: true, encoding: .utf8)
        let loosened = try Builder(root: root).built(rebuild: false)
        #expect(loosened.identityRuleChanges == GraphChanges(split: 0, merged: 3))
        #expect((loosened.profiles?.entries.count ?? 0) == (first.profiles?.entries.count ?? 0) - 3)
        try unique.write(to: namespace, atomically: true, encoding: .utf8)
        let restored = try Builder(root: root).built(rebuild: false)
        #expect(restored.identityRuleChanges == GraphChanges(split: 3, merged: 0))
        #expect(Self.profilesJSON(try #require(restored.profiles)) == Self.profilesJSON(try #require(first.profiles)))
        #expect(try Builder(root: root).built(rebuild: false).identityRuleChanges == nil)
    }

    /// The change set names exactly the profiles a build touched; a rebuild changes everything.
    @Test func theChangeSetNamesTheProfilesABuildTouched() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Builder(root: root).built(rebuild: false)
        #expect(first.changedProfiles == first.profiles?.entries.count)
        #expect(try Builder(root: root).built(rebuild: false).changedProfiles == 0)
        let purchase = #"{"_id":"new-1","timestamp":"2026-11-20T10:00:00Z","eventType":"commerce.purchases","_techmarketingdemos":{"systemIdentifier":{"loyaltyId":5625458}}}"#
        try (purchase + "\n").write(to: root.appendingPathComponent("inbox/offline-purchases/late.ndjson"), atomically: true, encoding: .utf8)
        let third = try Builder(root: root).built(rebuild: false)
        let danny = try #require(third.profiles?.entry(for: Identity(namespace: "lumaLoyaltyId", id: "5625458")))
        #expect(third.changedProfiles == 1)
        #expect(third.profileCount == first.profileCount)
        #expect(danny.events.contains { $0.eventID == "new-1" })
        let rebuilt = try Builder(root: root).built(rebuild: true)
        #expect(rebuilt.changedProfiles == rebuilt.profiles?.entries.count)
    }

    /// A crash after the store committed a file but before its ledger line and move: the next build
    /// finishes both and ingests nothing twice.
    @Test func aCrashBetweenCommitAndLedgerIsRepairedWithoutDuplicates() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.built(rebuild: false)
        let late = root.appendingPathComponent("inbox/loyalty/late.json")
        try #"[{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":7777777}},"loyalty":{"points":1}}]"#.write(to: late, atomically: true, encoding: .utf8)
        // Do what ingestNew does, up to the commit, then "crash".
        let store = try RecordStore(folder: builder.storeFolder)
        let ingest = DatasetIngest(dataset: builder.workspace.dataset("loyalty")!, schema: builder.workspace.schema("luma-loyalty")!,
                                   namespaces: builder.workspace.allNamespaces, identitiesPerRecord: 20)
        let ingestor = FileIngestor(ingest: ingest)
        let committed = try store.commitFile(sequence: 6, dataset: "loyalty", isEvent: false, ingestedAt: 0, anchors: builder.anchors) { writer in
            let outcome = try ingestor.run(try DataFile(late), displayPath: "inbox/loyalty/late.json") { try writer.insert($0) }
            return LedgerEntry(sequence: 6, dataset: "loyalty", originalName: "late.json", archivePath: "archive/loyalty/000006-late.json",
                               sha256: outcome.sha256, ingestedAt: "2026-11-29T00:00:00Z", recordsRead: 1, recordsKept: 1, recordsRejected: 0)
        }
        #expect(committed?.inserted == 1)
        #expect(try LedgerFile(root: root).read().entries.count == 5)

        let report = try builder.built(rebuild: false)
        #expect(report.filesIngested == 0)
        #expect(try LedgerFile(root: root).read().entries.map(\.sequence) == [1, 2, 3, 4, 5, 6])
        #expect(!FileManager.default.fileExists(atPath: late.path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("archive/loyalty/000006-late.json").path))
        #expect(report.profiles?.entry(for: Identity(namespace: "lumaLoyaltyId", id: "7777777")) != nil)
        let rebuilt = try builder.built(rebuild: true)
        #expect(Self.profilesJSON(try #require(rebuilt.profiles)) == Self.profilesJSON(try #require(report.profiles)))
    }

    /// `cohort profile` and `explain` read one person's component, not every record: the profile is
    /// the one every record gives; an identity in no component falls back to every record.
    @Test func oneIdentitysProfileIsMadeFromItsComponentAlone() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        _ = try builder.build(rebuild: false)
        let all = try builder.profiles()
        for entry in all.entries {
            let identity = try #require(entry.profile.identities.first)
            let one = try builder.profiles(holding: identity)
            #expect(one.entry(for: identity) == entry, "\(identity)")
            #expect(one.entries.count < all.entries.count)
        }
        let nowhere = Identity(namespace: "Email", id: "nobody@example.com")
        #expect(try builder.profiles(holding: nowhere).entries.count == all.entries.count)
    }

    /// Daniel Wright is a gold member: realized on the first build, existing on the second, exited on the
    /// third after a newer loyalty record makes him bronze.
    @Test func membershipsMoveRealizedExistingExitedAcrossBuilds() throws {
        let root = try Self.templateCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = try Builder(root: root)
        let t1 = Timestamp.milliseconds(from: "2026-11-21T00:00:00Z")!
        let key = { (report: BuiltWorkspace) -> String in
            report.profiles?.entry(for: Identity(namespace: "lumaLoyaltyId", id: "5625458"))?.profile.identities.first?.description ?? ""
        }
        let first = try builder.built(rebuild: false, asOf: t1)
        #expect(first.memberships["gold-members"]?[key(first)] == Membership(status: .realized, lastQualificationTime: t1))
        #expect(first.memberships["gold-members"]?.count == 44)
        let second = try builder.built(rebuild: false, asOf: t1 + 3_600_000)
        #expect(second.memberships["gold-members"]?[key(second)] == Membership(status: .existing, lastQualificationTime: t1))
        let demotion = #"[{"_techmarketingdemos":{"systemIdentifier":{"loyaltyId":5625458,"crmId":"112ca06ed53d3db37e4cea49cc45b71e"}},"loyalty":{"tier":"bronze"},"extSourceSystemAudit":{"lastUpdatedDate":"2026-11-20T00:00:00Z"}}]"#
        try demotion.write(to: root.appendingPathComponent("inbox/loyalty/demotion.json"), atomically: true, encoding: .utf8)
        let t3 = t1 + 7_200_000
        let third = try builder.built(rebuild: false, asOf: t3)
        #expect(third.memberships["gold-members"]?[key(third)] == Membership(status: .exited, lastQualificationTime: t3))
        #expect(third.memberships["gold-members"]?.values.filter { $0.status != .exited }.count == 43)
    }
}
