/// `BuildRecord` as one JSON line, and back: the history file's format. Reading is lenient the way
/// a reader of an append-only file must be: a missing key is an empty or zero count, an unknown key
/// (from a later version) is ignored.
extension BuildRecord {
    /// The order of the line's keys: what a reader of `git log -p history/` looks for first (when,
    /// why, how many people, which audiences moved) before the details. Keys below them are sorted.
    static let keyOrder = ["asOf", "trigger", "profiles", "segments", "records", "files", "destinations", "identity"]

    /// The record as one line of compact JSON (no line break).
    public var line: String {
        let fields = self.fields
        return "{" + Self.keyOrder.compactMap { key in
            fields[key].map { JSONWriter.string(.string(key)) + ":" + JSONWriter.string($0) }
        }.joined(separator: ",") + "}"
    }

    /// The line's keys and values (also what `build --json` and `watch --json` print of a build).
    package var fields: [String: Value] {
        let fileValues = files.map { file -> Value in
            .object(["dataset": .string(file.dataset), "archive": .string(file.archive), "read": count(file.read),
                     "kept": count(file.kept), "rejected": count(file.rejected), "duplicates": count(file.duplicates)])
        }
        let segmentValues = segments.mapValues { counts -> Value in
            .object(["members": count(counts.members), "entered": count(counts.entered), "exited": count(counts.exited)])
        }
        let destinationValues = destinations.mapValues { destination -> Value in
            var members: [String: Value] = [
                "files": .object(destination.files.mapValues(count)),
                "written": .array(destination.written.map(Value.string)),
                "segments": .object(destination.segments.mapValues(\.encoded)),
            ]
            if !destination.blockedBy.isEmpty {
                members["blockedBy"] = .object(destination.blockedBy.mapValues { .array($0.map(Value.string)) })
            }
            return .object(members)
        }
        return [
            "trigger": .string(trigger),
            "asOf": .string(Timestamp.rfc3339(asOf)),
            "files": .array(fileValues),
            "records": .object(["kept": count(recordsKept), "rejected": count(recordsRejected),
                                "duplicateEvents": count(duplicateEvents), "failedFiles": count(failedFiles)]),
            "profiles": count(profiles),
            "segments": .object(segmentValues),
            "destinations": .object(destinationValues),
            "identity": identity.encoded,
        ]
    }

    /// A record from one history line; nil when the line is not a JSON object with an `asOf` time.
    public init?(line bytes: [UInt8]) {
        guard case .success(let node) = JSONParser.parse(bytes, file: "history"), case .object(let root) = Value(node),
              case .string(let asOfText)? = root["asOf"], let asOf = Timestamp.milliseconds(from: asOfText) else { return nil }
        var trigger = "build"
        if case .string(let text)? = root["trigger"] { trigger = text }
        self.init(trigger: trigger, asOf: asOf)
        if case .array(let values)? = root["files"] {
            files = values.compactMap { value in
                guard case .object(let file) = value, case .string(let dataset)? = file["dataset"],
                      case .string(let archive)? = file["archive"] else { return nil }
                return File(dataset: dataset, archive: archive, read: readCount(file["read"]),
                            kept: readCount(file["kept"]), rejected: readCount(file["rejected"]),
                            duplicates: readCount(file["duplicates"]))
            }
        }
        if case .object(let records)? = root["records"] {
            duplicateEvents = readCount(records["duplicateEvents"])
            failedFiles = readCount(records["failedFiles"])
        }
        profiles = readCount(root["profiles"])
        for (id, value) in Self.members(root["segments"]) {
            guard case .object(let counts) = value else { continue }
            segments[id] = SegmentCounts(members: readCount(counts["members"]), entered: readCount(counts["entered"]),
                                         exited: readCount(counts["exited"]))
        }
        for (id, value) in Self.members(root["destinations"]) {
            guard case .object(let fields) = value else { continue }
            var destination = DestinationCounts()
            for (name, rows) in Self.members(fields["files"]) { destination.files[name] = readCount(rows) }
            if case .array(let names)? = fields["written"] {
                destination.written = names.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
            }
            for (segment, counts) in Self.members(fields["segments"]) { destination.segments[segment] = ExportCounts(decoding: counts) }
            for (policy, uses) in Self.members(fields["blockedBy"]) {
                guard case .array(let texts) = uses else { continue }
                destination.blockedBy[policy] = texts.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
            }
            destinations[id] = destination
        }
        identity = IdentityCounts(decoding: root["identity"])
    }

    private static func members(_ value: Value?) -> [String: Value] {
        if case .object(let members)? = value { return members }
        return [:]
    }
}

extension BuildRecord.IdentityCounts {
    var encoded: Value {
        let graph = self.graph
        var sizes: [String: Value] = [:]
        for (index, count) in graph.sizes.enumerated() where count > 0 { sizes[GraphStats.sizeLabel(index)] = .integer(Int64(count)) }
        var dropped: [String: [String: Value]] = [:]
        for (key, count) in droppedValues { dropped[key.namespace, default: [:]][key.drop.rawValue] = .integer(Int64(count)) }
        return .object([
            "identities": .integer(Int64(graph.identities)),
            "graphs": .integer(Int64(graph.graphs)),
            "graphsBySize": .object(sizes),
            "graphsAtLimit": .integer(Int64(graph.atLimit)),
            "evicted": .integer(Int64(graph.evicted)),
            "linksDropped": .object(["unique": .integer(Int64(graph.droppedByUnique)),
                                     "limit": .integer(Int64(graph.droppedLinks - graph.droppedByUnique))]),
            "valuesDropped": .object(dropped.mapValues(Value.object)),
        ])
    }

    init(decoding value: Value?) {
        self.init()
        guard case .object(let fields)? = value else { return }
        graph.identities = readCount(fields["identities"])
        graph.graphs = readCount(fields["graphs"])
        graph.atLimit = readCount(fields["graphsAtLimit"])
        graph.evicted = readCount(fields["evicted"])
        if case .object(let dropped)? = fields["linksDropped"] {
            graph.droppedByUnique = readCount(dropped["unique"])
            graph.droppedLinks = graph.droppedByUnique + readCount(dropped["limit"])
        }
        if case .object(let sizes)? = fields["graphsBySize"] {
            for index in GraphStats.sizeBounds.indices {
                graph.sizes[index] = readCount(sizes[GraphStats.sizeLabel(index)])
            }
        }
        if case .object(let namespaces)? = fields["valuesDropped"] {
            for (namespace, reasons) in namespaces {
                guard case .object(let counts) = reasons else { continue }
                for (reason, count) in counts {
                    guard let drop = IdentityRules.Drop(rawValue: reason) else { continue }
                    droppedValues[IdentityRules.DroppedValues(namespace: namespace, drop: drop)] = readCount(count)
                }
            }
        }
    }
}

/// A count as the history writes it.
private func count(_ number: Int) -> Value { .integer(Int64(number)) }

/// A count as the history reads it: a whole number from 0 to 2³¹ − 1 (anything else in an edited line
/// is clamped), so that adding up a build's counts cannot overflow.
private func readCount(_ value: Value?) -> Int {
    min(max(value?.wholeNumber ?? 0, 0), Int(Int32.max))
}

extension BuildRecord {
    /// Every record of a history file, in order; a line that is not one is a diagnostic at its line
    /// (the one an interrupted append left, or an edit), and the others are kept.
    public static func parseHistory(_ bytes: [UInt8], file: String) -> (records: [BuildRecord], diagnostics: [Diagnostic]) {
        var records: [BuildRecord] = []
        var diagnostics: [Diagnostic] = []
        for (index, slice) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard slice.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            if let record = BuildRecord(line: Array(slice)) {
                records.append(record)
            } else {
                diagnostics.append(.warning(at: SourceLocation(file: file, line: index + 1, column: 1),
                                            "not a build record (a JSON object with an \"asOf\" time); the line is skipped"))
            }
        }
        return (records, diagnostics)
    }
}
