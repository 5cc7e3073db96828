import Testing
@testable import CohortCore

/// File destinations: who is exported, who is left out and why, deduplication, full and
/// incremental exports, combined and split files.
@Suite struct FileExportPlannerTests {
    typealias F = ActivationFixture

    static let ann = F.person(crm: "1", emails: ["ann@example.com", "ann@work.example"], first: "Ann", last: "Lee", tier: "gold", city: "Oslo")
    static let bob = F.person(crm: "2", emails: ["bob@example.com"], first: "Bob", tier: "gold", consent: "n")
    static let cat = F.person(crm: "3", first: "Cat", tier: "gold")
    static let dan = F.person(crm: "4", emails: ["dan@example.com"], tier: "gold")
    static let eve = F.person(crm: "5", emails: ["eve@example.com"], first: "Eve", last: "Lee", tier: "gold")

    static let emailDestination = #"""
        {"id": "mail", "segments": ["gold"], "identity": {"namespace": "Email"},
         "mappings": [{"source": "person.name.firstName", "target": "first_name"}, {"source": "segmentMembership.status", "target": "status"}],
         "mandatory": ["person.name.firstName"], "consent": {"path": "consents.marketing.email.val", "allow": ["y", "dy"]}}
        """#

    func plan(_ json: String, _ input: ActivationInput, previous: PreviousExport = .none, rowsPerFile: Int = FileExportPlanner.rowsPerFile) throws -> DestinationExport {
        let (workspace, destination) = try F.destination(json)
        return FileExportPlanner(destination: destination, workspace: workspace, rowsPerFile: rowsPerFile).plan(input, previous: previous)
    }

    @Test func oneRowPerIdentityValueAndEveryLeftOutProfileCounted() throws {
        let everyone = [Self.ann, Self.bob, Self.cat, Self.dan]
        let export = try plan(Self.emailDestination, F.input(everyone, members: ["gold": everyone.map { ($0, 1) }]))
        #expect(F.text(export.files["mail_gold.csv"]) == """
            Email,first_name,status
            ann@example.com,Ann,realized
            ann@work.example,Ann,realized

            """)
        let counts = try #require(export.manifest.segments["gold"])
        #expect((counts.members, counts.exported, counts.consent, counts.mandatory, counts.identity) == (4, 2, 1, 1, 1))
        #expect(export.changes["gold"] == RowChanges(entered: 2))
        #expect(export.manifest.files == [ExportManifest.File(name: "mail_gold.csv", segment: "gold", export: nil, rows: 2)])
    }

    @Test func deduplicationByAttributesKeepsTheMostRecentlyQualifiedProfile() throws {
        let json = Self.emailDestination.replacingOccurrences(of: #""mandatory""#, with: #""dedupKey": ["person.name.lastName"], "mandatory""#)
        let newer = try plan(json, F.input([Self.ann, Self.eve], members: ["gold": [(Self.ann, 1), (Self.eve, 2)]]))
        #expect(F.text(newer.files["mail_gold.csv"])?.contains("eve@example.com") == true)
        #expect(newer.manifest.segments["gold"]?.deduplicated == 2)
        #expect(newer.manifest.segments["gold"]?.exported == 1)
        let older = try plan(json, F.input([Self.ann, Self.eve], members: ["gold": [(Self.ann, 3), (Self.eve, 2)]]))
        #expect(F.text(older.files["mail_gold.csv"]) == "Email,first_name,status\nann@example.com,Ann,realized\n")
        // Qualified at the same moment (as after --rebuild): the row exported last time stays.
        let tie = F.input([Self.ann, Self.eve], members: ["gold": [(Self.ann, 5), (Self.eve, 5)]])
        #expect(F.text(try plan(json, tie).files["mail_gold.csv"])?.contains("ann@example.com,") == true)
        let previous = PreviousExport(manifest: newer.manifest, files: newer.files)
        #expect(try plan(json, tie, previous: previous).files == newer.files)
    }

    @Test func deduplicationByAnotherNamespaceKeepsOneRowPerValue() throws {
        let json = Self.emailDestination.replacingOccurrences(of: #""mandatory""#, with: #""dedupKey": ["crm"], "mandatory""#)
        let export = try plan(json, F.input([Self.ann], members: ["gold": [(Self.ann, 1)]]))
        #expect(F.text(export.files["mail_gold.csv"]) == "Email,first_name,status\nann@example.com,Ann,realized\n")
        #expect(export.manifest.segments["gold"]?.deduplicated == 1)
    }

    @Test func aCombinedFileHasASegmentColumnAndBigExportsSplit() throws {
        let json = Self.emailDestination.replacingOccurrences(of: #""segments": ["gold"]"#, with: #""segments": ["gold", "buyers"], "fileName": "{destination}.csv""#)
        let input = F.input([Self.ann, Self.eve], members: ["gold": [(Self.ann, 1), (Self.eve, 1)], "buyers": [(Self.eve, 1)]])
        let export = try plan(json, input, rowsPerFile: 2)
        #expect(export.files.keys.sorted() == ["mail.csv", "mail_2.csv"])
        #expect(F.text(export.files["mail.csv"]) == "Email,segment,first_name,status\nann@example.com,gold,Ann,realized\nann@work.example,gold,Ann,realized\n")
        #expect(F.text(export.files["mail_2.csv"]) == "Email,segment,first_name,status\neve@example.com,buyers,Eve,realized\neve@example.com,gold,Eve,realized\n")
        #expect(export.manifest.files.map(\.rows) == [2, 2])
    }

    @Test func aFullExportComparesWithTheFilesOnDiskAndDropsFilesOfRemovedSegments() throws {
        let two = Self.emailDestination.replacingOccurrences(of: #""segments": ["gold"]"#, with: #""segments": ["gold", "buyers"]"#)
        let first = try plan(two, F.input([Self.ann, Self.eve], members: ["gold": [(Self.ann, 1)], "buyers": [(Self.eve, 1)]]))
        let onDisk = PreviousExport.none.after(first)
        let renamed = F.person(crm: "1", emails: ["ann@example.com", "ann@work.example"], first: "Anne", tier: "gold")
        let second = try plan(Self.emailDestination, F.input([renamed, Self.eve], members: ["gold": [(renamed, 1), (Self.eve, 2)]]), previous: onDisk)
        #expect(second.changes["gold"] == RowChanges(entered: 1, exited: 0, changed: 2))
        #expect(second.removed == ["mail_buyers.csv"])
        #expect(second.manifest.segments.keys.sorted() == ["gold"])
        let third = try plan(Self.emailDestination, F.input([renamed, Self.eve], members: ["gold": [(renamed, 1), (Self.eve, 2)]]),
                             previous: onDisk.after(second))
        #expect(third.files == second.files)
        #expect(third.manifest == second.manifest)
        #expect(third.changes["gold"] == RowChanges())
    }

    @Test func anIncrementalExportBackfillsThenWritesOnlyWhatChangedWithItsStatus() throws {
        let json = Self.emailDestination.replacingOccurrences(of: #""mandatory""#, with: #""mode": "incremental", "mandatory""#)
        let first = try plan(json, F.input([Self.ann, Self.eve], members: ["gold": [(Self.ann, 1), (Self.eve, 1)]]))
        #expect(first.files.keys.sorted() == ["mail_gold_000001.csv"])
        #expect(F.text(first.files["mail_gold_000001.csv"]) == "Email,first_name,status\nann@example.com,Ann,realized\nann@work.example,Ann,realized\neve@example.com,Eve,realized\n")
        let afterFirst = PreviousExport.none.after(first)

        let renamedEve = F.person(crm: "5", emails: ["eve@example.com"], first: "Evelyn", tier: "gold")
        let fay = F.person(crm: "6", emails: ["fay@example.com"], first: "Fay", tier: "gold")
        let second = try plan(json, F.input([renamedEve, fay], members: ["gold": [(renamedEve, 1), (fay, 2)]]), previous: afterFirst)
        #expect(second.manifest.export == 2)
        #expect(second.removed.isEmpty)
        #expect(F.text(second.files["mail_gold_000002.csv"]) == """
            Email,first_name,status
            ann@example.com,Ann,exited
            ann@work.example,Ann,exited
            eve@example.com,Evelyn,realized
            fay@example.com,Fay,realized

            """)
        #expect(second.changes["gold"] == RowChanges(entered: 1, exited: 2, changed: 1))
        #expect(second.manifest.files.map(\.name) == ["mail_gold_000001.csv", "mail_gold_000002.csv"])

        let third = try plan(json, F.input([renamedEve, fay], members: ["gold": [(renamedEve, 1), (fay, 2)]]), previous: afterFirst.after(second))
        #expect(third.files.isEmpty)
        #expect(third.manifest == second.manifest)
    }
}
