/// Checks that a destination's mappings can fill its preset's file: the export identity is of a type
/// some column takes, every mapping targets a column that takes an attribute, columns the platform
/// needs together are mapped together, and each audience gets its own file.
struct PresetChecker {
    let preset: DestinationPreset
    let workspace: Workspace
    let sink: DiagnosticSink

    func check(_ destination: Destination) {
        let what = "preset \"\(preset.name)\""
        var filled: [String: String] = [:]
        if let identity = destination.identity, let namespace = workspace.namespace(identity.namespace.value) {
            if let column = preset.identityColumn(for: namespace.type) {
                filled[column.header] = "the export identity \"\(namespace.id.value)\""
            } else {
                let types = Set(preset.columns.flatMap(\.identityTypes))
                let fitting = workspace.allNamespaces.filter { types.contains($0.type) }.map(\.id.value).sorted()
                let typeList = types.map(\.rawValue).sorted().joined(separator: ", ")
                let advice = fitting.isEmpty ? "define a namespace of one of those types" : "use \(fitting.map { "\"\($0)\"" }.joined(separator: " or "))"
                sink.error(identity.namespace.location, "\(what) keys rows by identities of type \(typeList); namespace "
                    + "\"\(namespace.id.value)\" is of type \(namespace.type.rawValue); \(advice)",
                           code: .badValue, hint: advice, end: identity.namespace.end)
            }
        }
        let headers = preset.columns.map(\.header)
        for mapping in destination.mappings {
            if mapping.source.value == ExportLayout.statusSource {
                sink.error(mapping.source.location, "\(what) writes \(preset.platform)'s columns only, which have no status; "
                    + "\(preset.platform) learns who left from \(preset.changes == .fullFile ? "the next full file" : "the remove files"), "
                    + "so remove this mapping", code: .badValue, end: mapping.source.end)
                continue
            }
            guard let column = preset.column(mapping.target) else {
                if let custom = preset.customColumns {
                    if let owner = filled[mapping.target] {
                        sink.error(mapping.source.location, "column \"\(mapping.target)\" is already filled by \(owner); give each "
                            + "mapping its own column", code: .badValue, end: mapping.source.end)
                    } else if !custom.allows(mapping.target) {
                        sink.error(mapping.source.location, "\(what) cannot name a column \"\(mapping.target)\": \(custom.rule)",
                                   code: .badValue, end: mapping.source.end)
                    }
                    filled[mapping.target] = "the mapping of \"\(mapping.source.value)\""
                    continue
                }
                let list = headers.map { "\"\($0)\"" }.joined(separator: ", ")
                sink.error(mapping.source.location, "\(what) has no column \"\(mapping.target)\"; its columns are \(list)"
                    + Suggestion.hint(for: mapping.target, in: headers), code: .badValue,
                           hint: Suggestion.advice(for: mapping.target, in: headers) ?? "target one of \(list)", end: mapping.source.end)
                continue
            }
            if let owner = filled[column.header] {
                sink.error(mapping.source.location, "column \"\(column.header)\" of \(what) is already filled by \(owner); "
                    + "give each mapping its own column", code: .badValue, end: mapping.source.end)
            } else if let attribute = column.attribute {
                filled[column.header] = "the mapping of \"\(mapping.source.value)\" (\(attribute))"
            } else {
                let holds = column.constant.map { "holds \"\($0)\" in every row" } ?? "takes only the export identity"
                sink.error(mapping.source.location, "column \"\(column.header)\" of \(what) \(holds); remove this mapping",
                           code: .badValue, end: mapping.source.end)
            }
        }
        for mapping in destination.mappings {
            guard let column = preset.column(mapping.target) else { continue }
            let missing = column.together.filter { filled[$0] == nil }
            guard !missing.isEmpty else { continue }
            let group = ([column.header] + column.together).map { "\"\($0)\"" }.joined(separator: ", ")
            sink.error(mapping.source.location, "\(preset.platform) matches \(group) only together; map "
                + "\(missing.map { "\"\($0)\"" }.joined(separator: " and ")) too, or remove this mapping",
                       code: .missingKey, end: mapping.source.end)
        }
        if FileNameTemplate.isCombined(destination.fileName.value) {
            sink.error(destination.fileName.location, "`fileName` \"\(destination.fileName.value)\" needs {segment}: each "
                + "audience is its own \(preset.platform) list, and \(what) writes no segment column, e.g. \"\(preset.fileName)\"",
                       code: .badValue)
        }
    }
}
