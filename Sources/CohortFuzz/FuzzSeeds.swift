import CohortCore

/// Starting inputs for each target, from the template workspace: the start of each data file, a
/// few whole records, the records the template rejects on purpose, every definition file and
/// every segment's PQL.
public enum FuzzSeeds {
    public static func seeds(for target: FuzzTarget, from template: FuzzTemplate) -> [[UInt8]] {
        switch target {
        case .definitions:
            return template.definitionFiles.map { Array("\($0.path)\n".utf8) + $0.bytes }
        case .pql:
            return template.workspace.segments.map { Array($0.expression.text.utf8) }
        case .history:
            return HistoryCheck.seeds
        case .tests:
            return template.definitionFiles.filter { $0.path.hasPrefix(SegmentTestReader.folder + "/") }.map(\.bytes)
        case .xml:
            // The template has no XML data: its XML definitions are XML documents of elements.
            return template.definitionFiles.filter { $0.path.hasSuffix(".xml") }.map(\.bytes)
        case .json, .ndjson, .csv:
            return TemplateRecords.all(in: template).filter { $0.format == target.format }.flatMap { seeds(from: $0) }
        }
    }

    /// The file's first bytes, its first records, and each record it rejects on its own.
    private static func seeds(from records: TemplateRecords) -> [[UInt8]] {
        var seeds = [Array(records.file.bytes.prefix(prefixLength))]
        let rejected = records.outcomes.indices.filter { index in
            if case .failure = records.outcomes[index] { return true } else { return false }
        }
        let groups = [Array(records.items.indices.prefix(firstRecords))] + rejected.prefix(rejectedRecords).map { [$0] }
        for group in groups where !group.isEmpty {
            switch records.format {
            case .json:
                let values = group.compactMap { records.items[$0].recordAsRead }.map(JSONWriter.string)
                seeds.append(Array("[\(values.joined(separator: ",\n"))]\n".utf8))
            case .csv:
                let header = records.file.bytes[..<(records.items.first?.position.offset ?? 0)]
                seeds.append(Array(header) + group.flatMap { records.bytes(ofItem: $0) })
            default:
                seeds.append(group.flatMap { records.bytes(ofItem: $0) })
            }
        }
        return seeds
    }

    private static let prefixLength = 4096
    private static let firstRecords = 3
    private static let rejectedRecords = 8
}
