/// Compares the rows a test expects of a file destination with the rows its export would hold:
/// the destination's export planned from nothing (as a first build writes it), every file read
/// back by the destination's codec. Each expected row takes the first row not yet taken that has
/// its values in the columns it names; rows left over on either side are failures.
enum SegmentTestRows {
    static func failures(of rows: [SegmentTest.Row], destination id: Located<String>, at location: SourceLocation,
                         in evaluation: ProfileEvaluation) -> [SegmentTestOutcome.Failure] {
        guard let destination = evaluation.workspace.destinations.first(where: { $0.id.value == id.value }) else { return [] }
        let planner = FileExportPlanner(destination: destination, workspace: evaluation.workspace)
        let export = planner.plan(evaluation.activationInput, previous: .none)
        let names = planner.layout.names
        var exported: [[String: String]] = []
        for name in export.files.keys.sorted() {
            for row in planner.codec.read(export.files[name] ?? [], segment: "") ?? [] {
                exported.append(Dictionary(zip(names, row.values.map(text(of:))), uniquingKeysWith: { first, _ in first }))
            }
        }
        var taken = Set<Int>()
        var failures: [SegmentTestOutcome.Failure] = []
        for row in rows {
            let match = exported.indices.first { index in
                !taken.contains(index) && row.cells.allSatisfy { exported[index][$0.column.value] == ($0.text ?? "") }
            }
            if let match {
                taken.insert(match)
            } else {
                let wanted = row.cells.map { (column: $0.column.value, text: $0.text ?? "") }
                failures.append(SegmentTestOutcome.Failure(location: row.location, explanation: [],
                                                           message: "\(id.value): no exported row has \(describe(wanted))"))
            }
        }
        for index in exported.indices where !taken.contains(index) {
            let row = names.map { (column: $0, text: exported[index][$0] ?? "") }
            failures.append(SegmentTestOutcome.Failure(
                location: location, explanation: [],
                message: "\(id.value): the row \(describe(row)) is exported, but no expected row matches it"))
        }
        return failures
    }

    /// A cell as text: null and the empty string alike (a CSV file cannot tell them apart).
    private static func text(of value: Value) -> String {
        switch value {
        case .null: return ""
        case .string(let text): return text
        default: return JSONWriter.string(value)
        }
    }

    /// `{first_name: "Ann", tier: "gold"}`.
    private static func describe(_ cells: [(column: String, text: String)]) -> String {
        "{" + cells.map { "\($0.column): \(JSONWriter.string(.string($0.text)))" }.joined(separator: ", ") + "}"
    }
}
