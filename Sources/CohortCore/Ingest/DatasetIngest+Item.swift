extension DatasetIngest {
    /// What one item of a file becomes: a kept record or a rejection (a problem is a rejection
    /// without a record).
    public func outcome(of item: RecordSource.Item) -> Result<Kept, Rejection> {
        switch item.content {
        case .record(let value): return ingest(value, at: item.position)
        case .recordWithOverflow(let value, let json):
            return ingest(value, at: item.position).mapError { rejection in
                var rejection = rejection
                rejection.recordJSON = json
                return rejection
            }
        case .textRecord(let value): return ingest(value, at: item.position, textValues: true)
        case .checked(let read): return ingest(checked: read, at: item.position)
        case .checkedRow(let read): return ingest(checkedRow: read, at: item.position)
        case .csvRow(let value, let fields): return ingest(textFields: fields, asRead: value, at: item.position)
        case .problem(let message):
            return .failure(Rejection(position: item.position, record: .null, errors: ["(record): \(message)"]))
        }
    }
}

extension DatasetIngest {
    /// The ingest of dataset `id` of `workspace` under its schema, namespaces and limits; nil when the
    /// workspace has no such dataset or its schema is missing.
    public init?(dataset id: String, in workspace: Workspace) {
        guard let dataset = workspace.dataset(id), let schema = workspace.schema(dataset.schema.value) else { return nil }
        self.init(dataset: dataset, schema: schema, namespaces: workspace.allNamespaces,
                  identitiesPerRecord: workspace.settings.limits.identitiesPerRecord,
                  defaultCountry: workspace.settings.defaultCountry?.value)
    }
}
