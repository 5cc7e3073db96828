/// Definition files that have errors and from which no definition could be read (a schema that does
/// not parse). What refers to one of them is told once that it depends on a broken definition,
/// instead of with every error that follows from its absence (each dataset, segment and destination
/// that uses the schema reporting each of its fields as unknown). A definition that loads in spite of
/// its errors is not broken: what refers to it is checked as usual.
struct BrokenDefinitions: Sendable {
    struct Entry: Sendable {
        var kind: DefinitionKind
        var id: String
        var file: String
    }

    private(set) var entries: [Entry] = []

    /// Records that nothing could be read from `file`, of `kind`, for its errors. Its id is taken to be
    /// the file name, as it is for a definition that names none.
    mutating func add(_ file: SourceFile, kind: DefinitionKind) {
        entries.append(Entry(kind: kind, id: file.stem, file: file.path))
    }

    func entry(_ kind: DefinitionKind, id: String) -> Entry? {
        entries.first { $0.kind == kind && $0.id == id }
    }

    /// The broken schemas and datasets: any of them may be why a profile or event field is unknown.
    var fieldSources: [Entry] {
        entries.filter { $0.kind == .schema || $0.kind == .dataset }
    }
}

/// Reports "depends on broken …" once per referring file and broken definition.
final class BrokenDependencyReport {
    let broken: BrokenDefinitions
    private let sink: DiagnosticSink
    private var reported: Set<String> = []

    init(broken: BrokenDefinitions, sink: DiagnosticSink) {
        self.broken = broken
        self.sink = sink
    }

    /// True (and reported) when the unknown `id` of a `kind` names a definition whose file is broken.
    /// A file's own problems are never follow-on errors of itself.
    func unknownReference(_ id: Located<String>, kind: DefinitionKind) -> Bool {
        guard let entry = broken.entry(kind, id: id.value), entry.file != id.location.file else { return false }
        report(entry, at: id.location, end: id.end)
        return true
    }

    /// True (and reported) when a broken schema or dataset may be why a profile or event field is
    /// unknown. The caller asks only when no known field is close (a close one is likely a typo).
    func unknownField(at location: SourceLocation, end: SourceLocation? = nil) -> Bool {
        let sources = broken.fieldSources.filter { $0.file != location.file }
        sources.forEach { report($0, at: location, end: end) }
        return !sources.isEmpty
    }

    private func report(_ entry: BrokenDefinitions.Entry, at location: SourceLocation, end: SourceLocation?) {
        guard reported.insert("\(location.file)\u{0}\(entry.kind.rawValue)\u{0}\(entry.id)").inserted else { return }
        let fix = "fix the errors in \(entry.file) first"
        sink.error(location, "depends on broken \(entry.kind.displayName) \"\(entry.id)\"; \(fix)",
                   code: .brokenDependency, hint: fix, end: end)
    }
}
