import CohortCore

/// One template data file read as a build reads it: its items and what ingest made of each.
struct TemplateRecords {
    let file: SourceFile
    let format: Dataset.Format
    let ingest: DatasetIngest
    let items: [RecordSource.Item]
    let outcomes: [Result<DatasetIngest.Kept, DatasetIngest.Rejection>]

    /// Every data file of the template in a dataset folder whose format can be told.
    static func all(in template: FuzzTemplate) -> [TemplateRecords] {
        template.dataFiles.compactMap { file in
            let parts = file.path.split(separator: "/")
            guard parts.count == 3, let dataset = template.workspace.dataset(String(parts[1])),
                  let format = RecordSource.format(of: file.path, declared: dataset.format),
                  let ingest = template.ingest(dataset: dataset.id.value, format: format) else { return nil }
            var source = RecordSource(file: file.path, format: format, mapping: dataset.mapping, csv: dataset.csv,
                                      schemaReader: ingest.schemaReader)
            let items = source.feed(file.bytes) + source.finish()
            return TemplateRecords(file: file, format: format, ingest: ingest, items: items,
                                   outcomes: items.map(ingest.outcome(of:)))
        }
    }

    /// The kept records, as the store holds them.
    var stored: [StoredRecord] {
        outcomes.compactMap { outcome in
            guard case .success(let kept) = outcome else { return nil }
            let origin = RecordOrigin(sequence: 1, file: file.path, index: kept.position.index, line: kept.line)
            return StoredRecord(dataset: ingest.dataset.id.value, origin: origin, isEvent: ingest.isEventDataset,
                                eventID: kept.eventID, timestamp: kept.timestamp ?? 0, primary: kept.primary,
                                identities: kept.identities, packedAttributes: kept.packedAttributes)
        }
    }

    /// The bytes of item `index`: from where it starts to where the next one starts (or the end).
    func bytes(ofItem index: Int) -> ArraySlice<UInt8> {
        let start = items[index].position.offset
        let end = index + 1 < items.count ? items[index + 1].position.offset : file.bytes.count
        return file.bytes[start..<max(start, end)]
    }
}
