import Testing
@testable import CohortCore

/// `removeFileName` without a preset: an incremental destination writes who left to files of their
/// own instead of a status column; existing destinations, which do not set it, are unchanged.
@Suite struct RemoveFileNameTests {
    typealias F = ActivationFixture

    static let json = #"""
        {"id": "mail", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental",
         "mappings": [{"source": "person.name.firstName", "target": "first_name"}],
         "fileName": "{segment}_{build}_in.csv", "removeFileName": "{segment}_{build}_out.csv"}
        """#

    @Test func rowsThatLeftGoToTheirOwnFileAndStayGone() throws {
        #expect(DestinationCheckTests.errors(Self.json).isEmpty, "no status mapping is needed")
        let (workspace, destination) = try F.destination(Self.json)
        let planner = FileExportPlanner(destination: destination, workspace: workspace)
        let ann = F.person(crm: "1", emails: ["ann@example.com"], first: "Ann", tier: "gold")
        let eve = F.person(crm: "5", emails: ["eve@example.com"], first: "Eve", tier: "gold")
        let first = planner.plan(F.input([ann, eve], members: ["gold": [(ann, 1), (eve, 1)]]), previous: .none)
        #expect(F.text(first.files["gold_000001_in.csv"]) == "Email,first_name\nann@example.com,Ann\neve@example.com,Eve\n")
        let afterFirst = PreviousExport.none.after(first)
        let second = planner.plan(F.input([ann, eve], members: ["gold": [(ann, 1)]]), previous: afterFirst)
        #expect(second.files.mapValues { F.text($0) } == ["gold_000002_out.csv": "Email,first_name\neve@example.com,Eve\n"])
        #expect(second.changes["gold"] == RowChanges(exited: 1))
        // Eve comes back: an entry again, because the remove file was read as a removal.
        let third = planner.plan(F.input([ann, eve], members: ["gold": [(ann, 1), (eve, 2)]]), previous: afterFirst.after(second))
        #expect(third.files.mapValues { F.text($0) } == ["gold_000003_in.csv": "Email,first_name\neve@example.com,Eve\n"])
        #expect(third.changes["gold"] == RowChanges(entered: 1))
    }

    @Test(arguments: [
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "removeFileName": "{segment}_out.csv"}"#,
         "`removeFileName` is for incremental file destinations"),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental", "fileName": "{segment}_{build}.csv", "removeFileName": "{segment}_{build}.csv"}"#,
         #"`removeFileName` "{segment}_{build}.csv" gives the names of `fileName` too"#),
        // Two spellings of one name: the destination id written out, and another case.
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental", "fileName": "{destination}_{segment}_{build}.csv", "removeFileName": "D_{segment}_{build}.CSV"}"#,
         #"`removeFileName` "D_{segment}_{build}.CSV" gives the names of `fileName` too"#),
        // Per-segment adds with one remove file for every segment: the segments' removals would overwrite each other.
        (#"{"id": "d", "segments": ["gold", "buyers"], "identity": {"namespace": "Email"}, "mode": "incremental", "fileName": "{segment}_{build}.csv", "removeFileName": "out_{build}.csv"}"#,
         #"`removeFileName` "out_{build}.csv" has no {segment}, but `fileName` writes a file per segment"#),
        (#"{"id": "d", "segments": ["gold"], "identity": {"namespace": "Email"}, "mode": "incremental", "removeFileName": "{segment}_out.csv"}"#,
         #"`removeFileName` "{segment}_out.csv" needs {build}"#),
    ])
    func removeFileNamesThatCannotWorkAreErrors(json: String, expected: String) {
        let errors = DestinationCheckTests.errors(json)
        #expect(errors.count == 1 && errors[0].contains(expected), "\(errors)")
    }
}
