/// Plans the export of a file destination in `full` or `incremental` mode.
public struct FileExportPlanner: Sendable {
    public static let rowsPerFile = 5_000_000

    let destination: Destination
    /// Each segment once, in the destination's order.
    let segments: [String]
    let layout: ExportLayout
    let codec: ExportCodec
    let shape: ExportShape
    let audienceRows: AudienceRows
    let combined: Bool
    let rowsPerFile: Int

    public init(destination: Destination, workspace: Workspace, rowsPerFile: Int = FileExportPlanner.rowsPerFile) {
        let preset = destination.platformPreset
        let defaultCountry = workspace.settings.defaultCountry?.value
        let identity = destination.identity.map {
            ExportIdentity($0, namespace: workspace.namespace($0.namespace.value), defaultCountry: defaultCountry, preset: preset)
        }
            ?? ExportIdentity(Destination.Identity(namespace: Located("", at: destination.id.location)), namespace: nil)
        self.destination = destination
        segments = destination.distinctSegments
        combined = FileNameTemplate.isCombined(destination.fileName.value)
        layout = ExportLayout(destination: destination, identity: identity, combined: combined)
        codec = ExportCodec(format: destination.format, csv: destination.csv, layout: layout)
        shape = ExportShape(format: destination.format, csv: destination.csv, layout: layout)
        let deduplication = Deduplication(destination.dedupKey.map(\.value), namespaces: Set(workspace.allNamespaces.map(\.id.value)),
                                          identityNamespace: identity.namespace)
        var rows = AudienceRows(destination: destination, identity: identity, layout: layout,
                                eligibility: ExportEligibility(destination: destination), deduplication: deduplication)
        if let preset {
            rows.attributeNormalization = zip(layout.columns, layout.names).map { column, name in
                if case .attribute = column { return preset.column(name) }
                return nil
            }
            rows.defaultCountry = defaultCountry
        }
        audienceRows = rows
        self.rowsPerFile = max(1, rowsPerFile)
    }


    /// The export of `input` on top of `previous`, worked out from the files: `input` holds every
    /// member of the destination's segments.
    ///
    /// When the previous manifest records another shape (format, columns or mapping changed), the
    /// previous files are read in their own shape: a full export rewrites every file in the new one,
    /// an incremental export writes a backfill of every member, with the rows that left.
    public func plan(_ input: ActivationInput, previous: PreviousExport) -> DestinationExport {
        var unreadable: [String] = []
        var touched: [String: Set<String>] = [:]
        // A manifest written before shapes were recorded holds files in the current shape, or hand-edited ones.
        let written = previous.manifest?.shape ?? shape
        let reshaped = written != shape && !(previous.manifest?.files.isEmpty ?? true)
        let state = FileExportState(sent: previousRows(previous, shape: written, unreadable: &unreadable))
        for segment in segments {
            let keys = input.memberships[segment]?.keys.map { $0 } ?? []
            touched[segment] = update(state, segment, keys: keys, input: input).union(state.sent[segment]?.keys.map { $0 } ?? [])
        }
        if reshaped { adoptColumnsMissing(from: written, in: state) }
        return export(state, touched: touched, dirty: nil, previous: previous, reshaped: reshaped, unreadable: unreadable)
    }

    /// The export of `input` on top of `previous` from the audiences `stored` kept since that export,
    /// a slice at a time: `input` needs only the profiles `stored.dirty` names. Nil when the store
    /// holds bytes it cannot read back or files of another shape: the caller then plans from the files.
    public func plan(_ input: ActivationInput, previous: PreviousExport, stored: AudienceStore) -> DestinationExport? {
        guard previous.manifest?.shape == shape, let (state, touched) = restore(stored, input: input) else { return nil }
        return export(state, touched: touched, dirty: stored.dirty, previous: previous, reshaped: false, unreadable: [])
    }

    /// The files, manifest and audience changes of an export whose audiences are up to date in `state`
    /// (`dirty`: the profiles looked at again; nil when every one was).
    private func export(_ state: FileExportState, touched: [String: Set<String>], dirty: Set<String>?, previous: PreviousExport,
                        reshaped: Bool, unreadable: [String]) -> DestinationExport {
        let (changes, delta) = send(state, touched: touched)
        let (files, listed, export, backfill) = switch destination.mode {
        case .full: full(state, changes: changes, touched: touched, previous: previous, reshaped: reshaped)
        case .incremental: incremental(state, delta: delta, previous: previous, reshaped: reshaped)
        }
        let counts = Dictionary(uniqueKeysWithValues: segments.map { ($0, state.audience($0).counts) })
        let manifest = ExportManifest(destination: destination.id.value, export: export, files: listed,
                                      segments: counts, shape: shape, backfill: backfill)
        var planned = DestinationExport(destination: destination.id.value, files: files, removed: previous.filesNoLongerListed(in: manifest),
                                        manifest: manifest, changes: changes, unreadable: unreadable, reshaped: reshaped)
        planned.audiences = audienceChanges(state, dirty: dirty, touched: touched)
        return planned
    }

    /// The audiences of `stored` brought up to date a slice at a time: per segment, the rows the
    /// dirty profiles reach. Nil when the store holds bytes it cannot read back.
    private func restore(_ stored: AudienceStore, input: ActivationInput) -> (FileExportState, [String: Set<String>])? {
        let state = FileExportState(sent: [:], stored: stored)
        var touched: [String: Set<String>] = [:]
        for segment in segments {
            var fresh: [String: AudienceIndex.Member] = [:]
            for key in stored.dirty { fresh[key] = member(key, of: segment, in: input) }
            let slice = AudienceSlice(segment, store: stored, dirty: stored.dirty, fresh: fresh)
            guard !slice.isDamaged else { return nil }
            let isIncumbent = { (rowKey: String) in slice.kept[rowKey] != nil }
            let audience = AudienceIndex(segment: segment, restoring: slice, isIncumbent: isIncumbent)
            state.restore(audience)
            state.sent[segment] = slice.kept
            touched[segment] = audience.update(stored.dirty, member: { fresh[$0] }, isIncumbent: isIncumbent)
        }
        return (state, touched)
    }

    /// What the export changed in the audiences, for the store: the entries of the profiles looked
    /// at again and the rows they reached, or (`dirty` nil) everything.
    private func audienceChanges(_ state: FileExportState, dirty: Set<String>?, touched: [String: Set<String>]) -> AudienceChanges {
        var result = AudienceChanges(replacesAll: dirty == nil)
        for segment in segments {
            let audience = state.audience(segment)
            var changes = AudienceChanges.Segment(counts: audience.counts)
            for profile in dirty ?? Set(audience.profiles) {
                changes.entries[profile] = .some(audience.member(profile).map { (AudienceCoding.encode($0), $0.rows.map(\.key)) })
            }
            for rowKey in dirty == nil ? Set(audience.rowKeys) : touched[segment] ?? [] {
                changes.rows[rowKey] = .some(audience.standingValue(rowKey).map { value in
                    let row = audience.kept[rowKey]
                    return StandingRow(dedupValue: value, values: row.map { AudienceCoding.encode($0.values) },
                                       line: destination.mode == .full ? row.map { row in state.line(row) { codec.line(row) } } : nil)
                })
            }
            result.segments[segment] = changes
        }
        return result
    }

    /// Rows read in an earlier shape lack the columns it did not have: those take the values of the
    /// row exported now, so that only a change of a column both shapes have counts as a change.
    private func adoptColumnsMissing(from written: ExportShape, in state: FileExportState) {
        let missing = layout.names.indices.filter { written.column(for: $0, in: layout) == nil }
        guard !missing.isEmpty else { return }
        for segment in segments {
            let kept = state.audience(segment).kept
            for (key, row) in state.sent[segment] ?? [:] {
                guard let now = kept[key] else { continue }
                var adopted = row
                for index in missing { adopted.values[index] = now.values[index] }
                state.sent[segment]?[key] = adopted
            }
        }
    }

    /// The entry of profile `key` in `segment`: computed elsewhere when `input` holds this destination's
    /// entries, else made from its profile.
    private func member(_ key: String, of segment: String, in input: ActivationInput) -> AudienceIndex.Member? {
        if let entries = input.exportEntries[destination.id.value] { return entries.member(key, of: segment) }
        return audienceRows.member(key, of: segment, in: input)
    }

    private func update(_ state: FileExportState, _ segment: String, keys: some Sequence<String>, input: ActivationInput) -> Set<String> {
        let audience = state.audience(segment)
        let sent = state.sent[segment] ?? [:]
        return audience.update(keys, member: { member($0, of: segment, in: input) }, isIncumbent: { sent[$0] != nil })
    }

    /// Per segment, the rows that entered, left and changed since the last export, and those rows:
    /// realized rows as they are now, exited rows as they were sent with the status `exited`.
    /// `state.sent` then holds the rows as they are now.
    private func send(_ state: FileExportState, touched: [String: Set<String>]) -> ([String: RowChanges], [ExportRow]) {
        var changes = Dictionary(uniqueKeysWithValues: segments.map { ($0, RowChanges()) })
        var delta: [ExportRow] = []
        for segment in segments {
            let audience = state.audience(segment)
            for key in touched[segment] ?? [] {
                // Read in place: a copy of the segment's rows would be copied again on the first write.
                switch (state.sent[segment]?[key], audience.kept[key]) {
                case (nil, nil):
                    continue
                case (nil, let row?):
                    changes[segment]?.entered += 1
                    delta.append(row)
                    state.sent[segment, default: [:]][key] = row
                case (let old?, nil):
                    changes[segment]?.exited += 1
                    delta.append(withStatus(old, .exited))
                    state.sent[segment]?[key] = nil
                case (let old?, let row?):
                    guard old.values != row.values, codec.content(of: old) != codec.content(of: row) else { continue }
                    changes[segment]?.changed += 1
                    delta.append(row)
                    state.sent[segment]?[key] = row
                }
            }
        }
        return (changes, delta.sorted(by: ExportRow.ordered))
    }

    // MARK: Full

    /// Every segment's file (or the one combined file) as it is now; a file none of whose rows
    /// changed keeps its bytes, unless it was written in another shape.
    private func full(_ state: FileExportState, changes: [String: RowChanges], touched: [String: Set<String>],
                      previous: PreviousExport, reshaped: Bool)
        -> (files: [String: [UInt8]], listed: [ExportManifest.File], export: Int, backfill: Int?) {
        let total = segments.reduce(0) { $0 + state.audience($1).counts.exported }
        let groups: [(segment: String?, count: Int, unchanged: Bool)] = combined
            ? [(nil, total, !reshaped && changes.values.allSatisfy(\.isEmpty))]
            : segments.map { ($0, state.audience($0).counts.exported, !reshaped && (changes[$0]?.isEmpty ?? true)) }
        let previousNames = Set(previous.manifest?.files.map(\.name) ?? [])
        var files: [String: [UInt8]] = [:]
        var listed: [ExportManifest.File] = []
        for group in groups {
            let name = FileNameTemplate.name(destination.fileName.value, destination: destination.id.value, segment: group.segment, export: nil)
            let parts = split(count: group.count, name: name)
            // The previous files are read only for a group whose rows did not change.
            let kept = !group.unchanged ? [] : parts.compactMap { part in previousNames.contains(part.name) ? previous.files[part.name] : nil }
            if group.unchanged, kept.count == parts.count {
                for (part, bytes) in zip(parts, kept) { files[part.name] = bytes }
            } else {
                let lines = group.segment.map { orderedLines(state, $0, touched: touched[$0] ?? []) }
                    ?? Self.merged(segments.map { orderedLines(state, $0, touched: touched[$0] ?? []) })
                for part in parts { files[part.name] = codec.file(of: lines[part.rows].map(\.line)) }
            }
            listed += parts.map { ExportManifest.File(name: $0.name, segment: group.segment, export: nil, rows: $0.rows.count) }
        }
        return (files, listed, 0, nil)
    }

    /// One exported row's line, with where it sorts.
    private typealias Line = (key: String, segment: String, line: [UInt8])

    /// A segment's exported rows as lines, by key: from the audience, or for a slice of a stored one,
    /// the stored lines with those of the rows it `touched` as they are now.
    private func orderedLines(_ state: FileExportState, _ segment: String, touched: Set<String>) -> [Line] {
        let audience = state.audience(segment)
        guard let stored = state.stored else {
            return audience.orderedRows.map { row in (row.key, segment, state.line(row) { codec.line(row) }) }
        }
        var lines: [Line] = stored.lines(segment).filter { !touched.contains($0.key) }.map { ($0.key, segment, $0.line) }
        for key in touched {
            guard let row = audience.kept[key] else { continue }
            lines.append((key, segment, codec.line(row)))
        }
        return lines.sorted { $0.key < $1.key }
    }

    /// Lists each sorted by key, merged into one sorted by key, then segment.
    private static func merged(_ lists: [[Line]]) -> [Line] {
        var heads = lists.map { $0.startIndex }
        var rows: [Line] = []
        rows.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        while true {
            var next: Int?
            for (list, head) in zip(lists.indices, heads) where head < lists[list].endIndex {
                if let best = next, !Self.ordered(lists[list][head], lists[best][heads[best]]) { continue }
                next = list
            }
            guard let list = next else { return rows }
            rows.append(lists[list][heads[list]])
            heads[list] += 1
        }
    }

    private static func ordered(_ lhs: Line, _ rhs: Line) -> Bool {
        (lhs.key, lhs.segment) < (rhs.key, rhs.segment)
    }

    // MARK: Incremental

    /// A new file (per segment, unless combined) of the rows that changed, when any did. After a
    /// change of shape, a backfill: every member's row, and the rows that left with `exited`.
    private func incremental(_ state: FileExportState, delta: [ExportRow], previous: PreviousExport, reshaped: Bool)
        -> (files: [String: [UInt8]], listed: [ExportManifest.File], export: Int, backfill: Int?) {
        var listed = (previous.manifest?.files ?? []).filter { file in
            previous.files.contains(file.name) && (file.segment.map(segments.contains) ?? true)
        }
        var files: [String: [UInt8]] = [:]
        var export = previous.manifest?.export ?? 0
        var backfill = previous.manifest?.backfill
        var delta = delta
        if reshaped {
            backfill = export + 1
            let exits = delta.filter { state.audience($0.segment).kept[$0.key] == nil }
            delta = (exits + segments.flatMap { state.audience($0).orderedRows }).sorted(by: ExportRow.ordered)
        }
        if !delta.isEmpty {
            export += 1
            for group in fileGroups(delta, state: state) {
                let name = FileNameTemplate.name(group.template, destination: destination.id.value, segment: group.segment, export: export)
                for part in split(count: group.rows.count, name: name) {
                    files[part.name] = codec.render(Array(group.rows[part.rows]))
                    listed.removeAll { $0.name == part.name }
                    listed.append(ExportManifest.File(name: part.name, segment: group.segment, export: export, rows: part.rows.count,
                                                      removes: group.removes))
                }
            }
        }
        return (files, listed, export, backfill)
    }

    /// An incremental export's rows by file: per segment (unless combined), and with `removeFileName`
    /// the rows that left apart from the others, each group under its file name template.
    private func fileGroups(_ delta: [ExportRow], state: FileExportState) -> [FileGroup] {
        let bySegment: [(segment: String?, rows: [ExportRow])] = combined
            ? [(nil, delta)]
            : segments.map { segment in (segment, delta.filter { $0.segment == segment }) }
        guard let removeFileName = destination.removeFileName?.value else {
            return bySegment.map { FileGroup(template: destination.fileName.value, segment: $0.segment, rows: $0.rows, removes: false) }
                .filter { !$0.rows.isEmpty }
        }
        let left = { (row: ExportRow) in state.audience(row.segment).kept[row.key] == nil }
        return bySegment.flatMap { group in
            [FileGroup(template: destination.fileName.value, segment: group.segment, rows: group.rows.filter { !left($0) }, removes: false),
             FileGroup(template: removeFileName, segment: group.segment, rows: group.rows.filter(left), removes: true)]
        }.filter { !$0.rows.isEmpty }
    }

    /// The rows of one incremental file (before it is split), the name template it is written under,
    /// and whether they are rows that left.
    private struct FileGroup {
        var template: String
        var segment: String?
        var rows: [ExportRow]
        var removes: Bool
    }

    // MARK: Shared

    /// Full: the rows of the previous files. Incremental: the audience as sent so far, replaying every
    /// file in export order (`realized` rows set a row, `exited` rows and those of a file of removals
    /// remove it) from the last
    /// backfill on. Files are read in the shape they were `written` in, rows given in the current
    /// layout (columns the shape lacks are null). By segment and key.
    private func previousRows(_ previous: PreviousExport, shape written: ExportShape,
                              unreadable: inout [String]) -> [String: [String: ExportRow]] {
        let sameShape = written == shape
        let reader = sameShape ? codec : written.codec
        let exited = Value.string(Membership.Status.exited.rawValue)
        let backfill = previous.manifest?.backfill ?? 0
        var rows: [String: [String: ExportRow]] = [:]
        for file in previous.manifest?.files ?? [] where file.export.map({ $0 >= backfill }) ?? true {
            guard let bytes = previous.files[file.name] else { continue }
            guard let fileRows = reader.read(bytes, segment: file.segment) else {
                unreadable.append(file.name)
                continue
            }
            for row in fileRows where segments.contains(row.segment) {
                if file.removes {
                    rows[row.segment]?[row.key] = nil
                } else if let index = reader.layout.statusIndex, row.values[index] == exited {
                    rows[row.segment]?[row.key] = nil
                } else {
                    let translated = sameShape ? row : written.translate(row, to: layout)
                    rows[row.segment, default: [:]][row.key] = translated
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
    private func split(count: Int, name: String) -> [(name: String, rows: Range<Int>)] {
        guard count > rowsPerFile else { return [(name, 0..<count)] }
        return stride(from: 0, to: count, by: rowsPerFile).enumerated().map { index, start in
            (FileNameTemplate.part(name, index + 1), start..<min(start + rowsPerFile, count))
        }
    }
}
