import CohortCore

/// What must hold when any bytes are read as one dataset's file, through `RecordSource` and
/// `DatasetIngest` as a build reads them.
struct DataReaderCheck {
    /// The file's workspace path: its extension is read, and positions name it.
    let file: String
    let ingest: DatasetIngest

    /// Every invariant the bytes break, in words; empty when all hold.
    func violations(_ bytes: [UInt8]) -> [String] {
        let whole = read(bytes, chunks: [bytes.count], fastLane: true)
        var found: [String] = []
        let chunked = read(bytes, chunks: ChunkPlan.sizes(for: bytes), fastLane: true)
        if let difference = Self.firstDifference(whole, chunked) {
            let sizes = ChunkPlan.sizes(for: bytes).prefix(40)
            found.append("read in chunks \(sizes), item \(difference) differs from reading the bytes whole")
        }
        found += PositionCheck.violations(whole.map(\.position), byteCount: positionedByteCount(bytes))
        let outcomes = whole.map(ingest.outcome(of:))
        for (item, outcome) in zip(whole, outcomes) {
            found += Self.violations(of: outcome, for: item)
        }
        if [.json, .ndjson, .csv].contains(ingest.dataset.format) {
            let fullWay = read(bytes, chunks: [bytes.count], fastLane: false)
            found += fastLaneViolations(whole, outcomes, fullWay: fullWay)
        }
        return found
    }

    /// How many bytes positions count in: the file's own, or for a CSV encoding other than UTF-8 those of
    /// the UTF-8 text it is decoded to (offsets are in the decoded text).
    private func positionedByteCount(_ bytes: [UInt8]) -> Int {
        guard var transcoder = TextTranscoder(ingest.dataset.csv.encoding) else { return bytes.count }
        return transcoder.decode(bytes).count + transcoder.finish().count
    }

    /// The items `RecordSource` gives for the bytes fed in chunks of the given sizes.
    private func read(_ bytes: [UInt8], chunks: [Int], fastLane: Bool) -> [RecordSource.Item] {
        var source = RecordSource(file: file, format: ingest.dataset.format, mapping: ingest.dataset.mapping,
                                  csv: ingest.dataset.csv, schemaReader: fastLane ? ingest.schemaReader : nil)
        var items: [RecordSource.Item] = []
        var start = 0
        for size in chunks where size > 0 {
            items += source.feed(bytes[start..<start + size])
            start += size
        }
        return items + source.finish()
    }


    /// A kept record keeps its position and has an identity; a rejection says why, and its line in
    /// `rejected/` is one line of JSON that reads back as the record and reasons it was written from.
    private static func violations(of outcome: Result<DatasetIngest.Kept, DatasetIngest.Rejection>,
                                   for item: RecordSource.Item) -> [String] {
        let index = item.position.index
        switch outcome {
        case .success(let kept):
            var found: [String] = []
            if kept.position != item.position {
                found.append("item \(index) was kept at another position, \(kept.position)")
            }
            if kept.identities.isEmpty { found.append("item \(index) was kept without an identity") }
            return found
        case .failure(let rejection):
            var found = MessageCheck.violations(rejection.errors, what: "item \(index)'s rejection")
            if rejection.errors.isEmpty { found.append("item \(index) was rejected without a reason") }
            let line = rejection.ndjsonLine
            if line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                found.append("item \(index)'s rejected line spans lines: \(line.prefix(200))")
            }
            guard case .success(let node) = JSONParser.parse(line, file: "rejected.ndjson"),
                  case .object(let members) = Value(node) else {
                return found + ["item \(index)'s rejected line is not a JSON object: \(line.prefix(200))"]
            }
            if members["index"] != .integer(Int64(index)) {
                found.append("item \(index)'s rejected line names index \(members["index"] ?? .null)")
            }
            if !(members["record"] ?? .null).isSameJSON(as: rejection.record) {
                found.append("item \(index)'s rejected line reads back as another record: \(line.prefix(200))")
            }
            if !(members["errors"] ?? .null).isSameJSON(as: .array(rejection.errors.map(Value.string))) {
                found.append("item \(index)'s rejected line reads back with other errors: \(line.prefix(200))")
            }
            return found
        }
    }

    /// The fast lanes (`SchemaRecordReader`, `CSVRowReader`) decide each record as the full way
    /// (tree, validator) does: the same records kept with the same attributes, identities and
    /// dropped fields, the same reasons.
    private func fastLaneViolations(_ items: [RecordSource.Item],
                                    _ outcomes: [Result<DatasetIngest.Kept, DatasetIngest.Rejection>],
                                    fullWay: [RecordSource.Item]) -> [String] {
        guard items.count == fullWay.count else {
            return ["the fast lane gives \(items.count) items, the full way \(fullWay.count)"]
        }
        var found: [String] = []
        for (index, (fast, full)) in zip(outcomes, fullWay.map(ingest.outcome(of:))).enumerated() {
            switch (fast, full) {
            case let (.success(fast), .success(full)):
                if fast.attributes != full.attributes || fast.identities != full.identities
                    || fast.primary != full.primary || fast.timestamp != full.timestamp
                    || fast.eventID != full.eventID || fast.position != full.position
                    || fast.droppedFields != full.droppedFields || fast.packedAttributes != full.packedAttributes {
                    found.append("item \(index) is kept differently by the fast lane and the full way")
                }
            case let (.failure(fast), .failure(full)):
                if fast.errors != full.errors || fast.position != full.position {
                    found.append("item \(index) is rejected for other reasons by the fast lane (\(fast.errors)) "
                                 + "than the full way (\(full.errors))")
                }
            case (.success, .failure(let full)):
                found.append("item \(index) is kept by the fast lane but rejected by the full way: \(full.errors)")
            case (.failure(let fast), .success):
                found.append("item \(index) is rejected by the fast lane but kept by the full way: \(fast.errors)")
            }
        }
        return found
    }

    /// The index of the first item that differs, nil when the lists are equal.
    private static func firstDifference(_ lhs: [RecordSource.Item], _ rhs: [RecordSource.Item]) -> Int? {
        if let index = lhs.indices.first(where: { $0 < rhs.count && lhs[$0] != rhs[$0] }) { return index }
        return lhs.count == rhs.count ? nil : min(lhs.count, rhs.count)
    }
}
