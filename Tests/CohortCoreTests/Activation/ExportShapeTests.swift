import Testing

@testable import CohortCore

/// A destination whose format, columns or mapping changed reads its earlier files in the shape the
/// manifest says they were written in: full files are rewritten with the real changes, an
/// incremental destination sends a backfill of every member with the exits of that export.
@Suite struct ExportShapeTests {
    typealias F = ActivationFixture

    static let ann = F.person(crm: "1", emails: ["ann@example.com"], first: "Ann", last: "Lee", tier: "gold")
    static let bob = F.person(crm: "2", emails: ["bob@example.com"], first: "Bob", last: "Ray", tier: "gold")
    static let cat = F.person(crm: "3", emails: ["cat@example.com"], first: "Cat", tier: "gold")

    static let full = #"""
        {"id": "mail", "segments": ["gold"], "identity": {"namespace": "Email"},
         "mappings": [{"source": "person.name.firstName", "target": "first_name"},
                      {"source": "segmentMembership.status", "target": "status"}]}
        """#

    func plan(_ json: String, _ people: [Profile], previous: PreviousExport = .none) throws -> DestinationExport {
        let (workspace, destination) = try F.destination(json)
        return FileExportPlanner(destination: destination, workspace: workspace)
            .plan(F.input(people, members: ["gold": people.map { ($0, 1) }]), previous: previous)
    }

    @Test func aRenamedHeaderRewritesTheFullFileWithTheRealChangesOnly() throws {
        let first = try plan(Self.full, [Self.ann, Self.bob])
        let onDisk = PreviousExport.none.after(first)
        let renamed = Self.full.replacingOccurrences(of: #""target": "first_name""#, with: #""target": "given_name""#)
        let second = try plan(renamed, [Self.ann, Self.cat], previous: onDisk)
        #expect(second.unreadable.isEmpty)
        #expect(second.reshaped)
        #expect(second.changes["gold"] == RowChanges(entered: 1, exited: 1, changed: 0))
        #expect(
            F.text(second.files["mail_gold.csv"])
                == "Email,given_name,status\nann@example.com,Ann,realized\ncat@example.com,Cat,realized\n")
        // Once written in the new shape, nothing changes.
        let third = try plan(renamed, [Self.ann, Self.cat], previous: onDisk.after(second))
        #expect(!third.reshaped)
        #expect(third.changes["gold"] == RowChanges())
        #expect(third.files == second.files)
    }

    @Test func aNewColumnAndAnotherFormatCountOnlyChangesOfColumnsBothShapesHave() throws {
        let first = try plan(Self.full, [Self.ann, Self.bob])
        let wider = Self.full
            .replacingOccurrences(
                of: #""mappings": ["#,
                with: #""format": "json", "mappings": [{"source": "person.name.lastName", "target": "last"}, "#)
        let anne = F.person(crm: "1", emails: ["ann@example.com"], first: "Anne", last: "Lee", tier: "gold")
        let second = try plan(wider, [anne, Self.bob], previous: PreviousExport.none.after(first))
        #expect(second.unreadable.isEmpty)
        #expect(second.changes["gold"] == RowChanges(entered: 0, exited: 0, changed: 1))
        #expect(second.removed == ["mail_gold.csv"])
        #expect(F.text(second.files["mail_gold.json"])?.contains(#""last":"Ray""#) == true)
    }

    @Test func aHeaderFilledFromAnotherSourceCountsTheRowsWhoseValueChanged() throws {
        let first = try plan(Self.full, [Self.ann, Self.cat])
        let lastNames = Self.full.replacingOccurrences(of: #""source": "person.name.firstName""#,
                                                       with: #""source": "person.name.lastName""#)
        let second = try plan(lastNames, [Self.ann, Self.cat], previous: PreviousExport.none.after(first))
        #expect(second.reshaped)
        // Ann's column now says Lee; Cat has no last name, so her value changed too (to empty).
        #expect(second.changes["gold"] == RowChanges(entered: 0, exited: 0, changed: 2))
        #expect(F.text(second.files["mail_gold.csv"])
                == "Email,first_name,status\nann@example.com,Lee,realized\ncat@example.com,,realized\n")
    }

    @Test func anIncrementalDestinationSendsAnAnnouncedBackfillWithTheExitsOfThatExport() throws {
        let incremental = Self.full.replacingOccurrences(
            of: #""mappings""#, with: #""mode": "incremental", "mappings""#)
        let first = try plan(incremental, [Self.ann, Self.bob])
        let onDisk = PreviousExport.none.after(first)
        let semicolons = incremental.replacingOccurrences(of: #""mode""#, with: #""csv": {"delimiter": ";"}, "mode""#)
        let second = try plan(semicolons, [Self.ann, Self.cat], previous: onDisk)
        #expect(second.unreadable.isEmpty)
        #expect(second.reshaped)
        #expect(second.manifest.backfill == 2)
        #expect(second.changes["gold"] == RowChanges(entered: 1, exited: 1, changed: 0))
        #expect(
            F.text(second.files["mail_gold_000002.csv"]) == """
                Email;first_name;status
                ann@example.com;Ann;realized
                bob@example.com;Bob;exited
                cat@example.com;Cat;realized

                """)
        // The next export replays from the backfill on: the first file is in the old shape.
        let afterSecond = onDisk.after(second)
        let third = try plan(semicolons, [Self.cat], previous: afterSecond)
        #expect(third.unreadable.isEmpty)
        #expect(!third.reshaped)
        #expect(third.manifest.backfill == 2)
        #expect(third.changes["gold"] == RowChanges(entered: 0, exited: 1, changed: 0))
        #expect(F.text(third.files["mail_gold_000003.csv"]) == "Email;first_name;status\nann@example.com;Ann;exited\n")
    }

    @Test func aManifestOfAnotherShapeSurvivesADecodeAndJunkShapesAreIgnored() throws {
        let first = try plan(Self.full, [Self.ann])
        let decoded = try #require(ExportManifest.decode(first.manifest.encoded()))
        #expect(decoded == first.manifest)
        #expect(decoded.shape?.sources == ["(identity)", "person.name.firstName", "segmentMembership.status"])
        // A shape edited into nonsense is no shape: the files are read in the current one.
        let text = try #require(F.text(first.manifest.encoded()))
        for junk in [#""format": "xls""#, #""format": 7"#] {
            let edited = Array(text.replacingOccurrences(of: #""format": "csv""#, with: junk).utf8)
            let manifest = try #require(ExportManifest.decode(edited))
            #expect(manifest.shape == nil)
            let again = try plan(
                Self.full, [Self.ann], previous: PreviousExport(manifest: manifest, files: first.files))
            #expect(again.unreadable.isEmpty)
            #expect(again.changes["gold"] == RowChanges())
        }
        // Files that do not match the shape their manifest records were edited by hand.
        let edited = PreviousExport(manifest: first.manifest, files: ["mail_gold.csv": Array("who,what\n1,2\n".utf8)])
        #expect(try plan(Self.full, [Self.ann], previous: edited).unreadable == ["mail_gold.csv"])
    }
}
