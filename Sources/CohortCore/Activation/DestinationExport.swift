/// What a destination's folder held after its last export: its manifest and the bytes of the files
/// the manifest lists (those that still exist).
public struct PreviousExport: Sendable {
    public var manifest: ExportManifest?
    public var files: [String: [UInt8]]

    public static let none = PreviousExport(manifest: nil, files: [:])

    public init(manifest: ExportManifest?, files: [String: [UInt8]]) {
        self.manifest = manifest
        self.files = files
    }

    /// What the folder holds once `export` is written on top of this.
    public func after(_ export: DestinationExport) -> PreviousExport {
        var files = self.files
        for name in export.removed { files[name] = nil }
        files.merge(export.files) { _, new in new }
        let owned = Set(export.manifest.files.map(\.name))
        return PreviousExport(manifest: export.manifest, files: files.filter { owned.contains($0.key) })
    }
}

/// Rows that entered, left or changed in one segment of an export.
public struct RowChanges: Equatable, Sendable {
    public var entered = 0
    public var exited = 0
    public var changed = 0

    public init(entered: Int = 0, exited: Int = 0, changed: Int = 0) {
        self.entered = entered
        self.exited = exited
        self.changed = changed
    }

    public var isEmpty: Bool { entered == 0 && exited == 0 && changed == 0 }
}

/// A destination's export: the files to write (only those with new content are written), the files
/// it no longer owns, its manifest, and what changed per segment compared with the previous export.
public struct DestinationExport: Sendable {
    public var destination: String
    /// File name → content, for every file this export sets; files it keeps unchanged from earlier
    /// exports (incremental and stream history) are not listed.
    public var files: [String: [UInt8]]
    /// Files the previous manifest listed that this export no longer owns.
    public var removed: [String]
    public var manifest: ExportManifest
    /// Per segment of the destination (and of segments removed from it).
    public var changes: [String: RowChanges]
    /// Files of the previous export that could not be read back (edited by hand).
    public var unreadable: [String]
}

/// Plans the export of a file destination in `full` or `incremental` mode.
public struct FileExportPlanner: Sendable {
    public static let rowsPerFile = 5_000_000

    let destination: Destination
    let identity: ExportIdentity
    let layout: ExportLayout
    let codec: ExportCodec
    let deduplication: Deduplication
    let combined: Bool
    let rowsPerFile: Int

    public init(destination: Destination, workspace: Workspace, rowsPerFile: Int = FileExportPlanner.rowsPerFile) {
        let identity = destination.identity.map { ExportIdentity($0, namespace: workspace.namespace($0.namespace.value)) }
            ?? ExportIdentity(Destination.Identity(namespace: Located("", at: destination.id.location)), namespace: nil)
        self.destination = destination
        self.identity = identity
        combined = FileNameTemplate.isCombined(destination.fileName.value)
        layout = ExportLayout(destination: destination, identity: identity, combined: combined)
        codec = ExportCodec(format: destination.format, csv: destination.csv, layout: layout)
        deduplication = Deduplication(destination.dedupKey.map(\.value), namespaces: Set(workspace.allNamespaces.map(\.id.value)),
                                      identityNamespace: identity.namespace)
        self.rowsPerFile = max(1, rowsPerFile)
    }

    private var segments: [String] {
        var seen = Set<String>()
        return destination.segments.map(\.value).filter { seen.insert($0).inserted }
    }

    /// The export of `input` on top of `previous`; `cache` (watch mode) keeps rows between exports.
    public func plan(_ input: ActivationInput, previous: PreviousExport, cache: ExportCache? = nil) -> DestinationExport {
        var unreadable: [String] = []
        let history = previousRows(previous, cache: cache, unreadable: &unreadable)
        let incumbents = Set(history.keys)
        let audiences = segments.map {
            SegmentAudience(segment: $0, destination: destination, identity: identity, layout: layout,
                            deduplication: deduplication, input: input, incumbents: incumbents, cache: cache)
        }
        var export = switch destination.mode {
        case .full: full(audiences, previous: previous, history: history)
        case .incremental: incremental(audiences, previous: previous, baseline: history)
        }
        export.unreadable = unreadable
        return export
    }

    // MARK: Full

    private func full(_ audiences: [SegmentAudience], previous: PreviousExport, history: [ExportRow.RowID: ExportRow]) -> DestinationExport {
        let groups: [(segment: String?, rows: [ExportRow])] = combined
            ? [(nil, audiences.flatMap(\.rows).sorted(by: ExportRow.ordered))]
            : audiences.map { ($0.segment, $0.rows) }
        let current = Dictionary(audiences.flatMap(\.rows).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = changes(from: history, to: current)
        let previousNames = Set(previous.manifest?.files.map(\.name) ?? [])
        var files: [String: [UInt8]] = [:]
        var listed: [ExportManifest.File] = []
        for group in groups {
            let name = FileNameTemplate.name(destination.fileName.value, destination: destination.id.value, segment: group.segment, export: nil)
            // A segment none of whose rows changed keeps its file as it is (no need to write it again).
            let unchanged = group.segment.map { changes[$0]?.isEmpty ?? false } ?? changes.values.allSatisfy(\.isEmpty)
            for (name, rows) in split(group.rows, name: name) {
                if unchanged, previousNames.contains(name), let bytes = previous.files[name] {
                    files[name] = bytes
                } else {
                    files[name] = codec.render(rows)
                }
                listed.append(ExportManifest.File(name: name, segment: group.segment, export: nil, rows: rows.count))
            }
        }
        return finish(files: files, listed: listed, export: 0, audiences: audiences, previous: previous, changes: changes)
    }

    // MARK: Incremental

    private func incremental(_ audiences: [SegmentAudience], previous: PreviousExport, baseline: [ExportRow.RowID: ExportRow]) -> DestinationExport {
        let current = Dictionary(audiences.flatMap(\.rows).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var delta: [ExportRow] = []
        for (id, row) in current {
            if let before = baseline[id], before.values == row.values || codec.content(of: before) == codec.content(of: row) { continue }
            delta.append(row)
        }
        for (id, row) in baseline where current[id] == nil {
            delta.append(withStatus(row, .exited))
        }
        let kept = (previous.manifest?.files ?? []).filter { file in
            previous.files[file.name] != nil && (file.segment.map(segments.contains) ?? true)
        }
        var listed = kept
        var files: [String: [UInt8]] = [:]
        var export = previous.manifest?.export ?? 0
        if !delta.isEmpty {
            export += 1
            delta.sort(by: ExportRow.ordered)
            let groups: [(segment: String?, rows: [ExportRow])] = combined
                ? [(nil, delta)]
                : segments.map { segment in (segment, delta.filter { $0.segment == segment }) }.filter { !$0.rows.isEmpty }
            for group in groups {
                let name = FileNameTemplate.name(destination.fileName.value, destination: destination.id.value, segment: group.segment, export: export)
                for (name, rows) in split(group.rows, name: name) {
                    files[name] = codec.render(rows)
                    listed.removeAll { $0.name == name }
                    listed.append(ExportManifest.File(name: name, segment: group.segment, export: export, rows: rows.count))
                }
            }
        }
        return finish(files: files, listed: listed, export: export, audiences: audiences, previous: previous,
                      changes: changes(from: baseline, to: current))
    }

    // MARK: Shared

    /// Full: the rows of the previous files. Incremental: the audience as sent so far, replaying every
    /// file in export order (`realized` rows set a row, `exited` rows remove it).
    private func previousRows(_ previous: PreviousExport, cache: ExportCache?, unreadable: inout [String]) -> [ExportRow.RowID: ExportRow] {
        var rows: [ExportRow.RowID: ExportRow] = [:]
        for file in previous.manifest?.files ?? [] {
            guard let bytes = previous.files[file.name] else { continue }
            let read = { codec.read(bytes, segment: file.segment) }
            guard let fileRows = cache.map({ $0.rows(destination.id.value, file.name, bytes: bytes, read: read) }) ?? read() else {
                unreadable.append(file.name)
                continue
            }
            for row in fileRows where segments.contains(row.segment) {
                if let index = layout.statusIndex, row.values[index] == .string(Membership.Status.exited.rawValue) {
                    rows[row.id] = nil
                } else {
                    rows[row.id] = row
                }
            }
        }
        return rows
    }

    private func withStatus(_ row: ExportRow, _ status: Membership.Status) -> ExportRow {
        var row = row
        if let index = layout.statusIndex { row.values[index] = .string(status.rawValue) }
        return row
    }

    /// `name.csv`, `name_2.csv`, … of at most `rowsPerFile` rows each; always at least one file.
    private func split(_ rows: [ExportRow], name: String) -> [(String, [ExportRow])] {
        guard rows.count > rowsPerFile else { return [(name, rows)] }
        return stride(from: 0, to: rows.count, by: rowsPerFile).enumerated().map { index, start in
            (FileNameTemplate.part(name, index + 1), Array(rows[start..<min(start + rowsPerFile, rows.count)]))
        }
    }

    private func changes(from before: [ExportRow.RowID: ExportRow], to after: [ExportRow.RowID: ExportRow]) -> [String: RowChanges] {
        var changes = Dictionary(uniqueKeysWithValues: segments.map { ($0, RowChanges()) })
        for (id, row) in after {
            if let old = before[id] {
                if old.values != row.values && codec.content(of: old) != codec.content(of: row) { changes[id.segment, default: RowChanges()].changed += 1 }
            } else {
                changes[id.segment, default: RowChanges()].entered += 1
            }
        }
        for id in before.keys where after[id] == nil {
            changes[id.segment, default: RowChanges()].exited += 1
        }
        return changes
    }

    private func finish(files: [String: [UInt8]], listed: [ExportManifest.File], export: Int, audiences: [SegmentAudience],
                        previous: PreviousExport, changes: [String: RowChanges]) -> DestinationExport {
        let manifest = ExportManifest(destination: destination.id.value, export: export, files: listed,
                                      segments: Dictionary(uniqueKeysWithValues: audiences.map { ($0.segment, $0.counts) }))
        let owned = Set(listed.map(\.name))
        let removed = (previous.manifest?.files ?? []).map(\.name).filter { !owned.contains($0) }.sorted()
        return DestinationExport(destination: destination.id.value, files: files, removed: removed, manifest: manifest,
                                 changes: changes, unreadable: [])
    }
}
