import CohortCore

/// What must hold when any bytes are read as `history/builds.ndjson` (the report reads it): every
/// line is a record or a warning at that line, and a record written again reads back the same.
struct HistoryCheck {
    static let file = "history/builds.ndjson"

    func violations(_ bytes: [UInt8]) -> [String] {
        let parsed = BuildRecord.parseHistory(bytes, file: Self.file)
        var found: [String] = []
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .filter { $0.contains { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 } }.count
        if parsed.records.count + parsed.diagnostics.count != lines {
            found.append("\(lines) lines gave \(parsed.records.count) records and \(parsed.diagnostics.count) warnings")
        }
        for (index, record) in parsed.records.enumerated() {
            let line = record.line
            if line.contains("\n") { found.append("record \(index) written again spans lines") }
            if BuildRecord(line: Array(line.utf8)) != record { found.append("record \(index) written again reads back otherwise") }
        }
        for diagnostic in parsed.diagnostics where diagnostic.location.file != Self.file || diagnostic.location.line < 1 {
            found.append("a warning placed at \(diagnostic.location)")
        }
        return found
    }

    /// A record of every kind of content, its line, the line cut short, and two lines.
    static var seeds: [[UInt8]] {
        var record = BuildRecord(trigger: "watch: inbox", asOf: 1_795_000_000_000)
        record.files = [BuildRecord.File(dataset: "crm", archive: "archive/crm/000001-crm.json", read: 3, kept: 2, rejected: 1,
                                         duplicates: 0)]
        record.profiles = 2
        record.segments = ["gold": BuildRecord.SegmentCounts(members: 2, entered: 1, exited: 1)]
        var counts = ExportCounts()
        counts.members = 2
        counts.exported = 1
        counts.identity = 1
        record.destinations = ["email": BuildRecord.DestinationCounts(files: ["email_gold.csv": 1], written: ["email_gold.csv"],
                                                                      segments: ["gold": counts], blockedBy: ["p": ["label C2"]])]
        record.identity = BuildRecord.IdentityCounts(graph: GraphStats(graphs: 2, identities: 5, droppedLinks: 1, droppedByUnique: 1,
                                                                       sizes: [1, 0, 1, 0, 0, 0, 0]),
                                                     droppedValues: [IdentityRules.DroppedValues(namespace: "Email", drop: .blocked): 1])
        let line = Array(record.line.utf8)
        return [line, Array(line.prefix(line.count / 2)), line + [UInt8(ascii: "\n")] + line + [UInt8(ascii: "\n")]]
    }
}
