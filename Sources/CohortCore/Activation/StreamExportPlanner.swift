/// Plans the export of a stream destination: one NDJSON line per profile whose mapped attributes,
/// identities or segment statuses changed since the previous export, in AEP's HTTP-destination
/// payload shape — the mapped attributes, `identityMap` and `segmentMembership.ups` — appended as a
/// new file per export. What was sent before is read back from the earlier files, or from the
/// pieces of state the store kept (`StreamStore`).
public struct StreamExportPlanner: Sendable {
    let destination: Destination
    /// Each segment once, in the destination's order.
    let segments: [String]
    let identity: ExportIdentity?
    let eligibility: ExportEligibility
    /// Each mapped attribute: its source as name ids and its target path in the payload.
    private let fields: [(source: [UInt32], target: [String])]

    public init(destination: Destination, workspace: Workspace) {
        self.destination = destination
        segments = destination.distinctSegments
        identity = destination.identity.map {
            ExportIdentity($0, namespace: workspace.namespace($0.namespace.value),
                           defaultCountry: workspace.settings.defaultCountry?.value)
        }
        eligibility = ExportEligibility(destination: destination)
        fields = destination.mappings.filter { $0.source.value != ExportLayout.statusSource }
            .map { (PackedValue.path($0.source.value), FieldPath.components(of: $0.target)) }
    }


    /// The export of `input` on top of `previous`, what was sent replayed from the files: `input`
    /// holds every member of the destination's segments.
    public func plan(_ input: ActivationInput, previous: PreviousExport) -> DestinationExport {
        var unreadable: [String] = []
        let state = StreamExportState(segments: segments)
        for file in previous.manifest?.files ?? [] {
            guard let bytes = previous.files[file.name] else { continue }
            guard let payloads = Self.payloads(bytes, file: file.name) else {
                unreadable.append(file.name)
                continue
            }
            for payload in payloads { _ = state.append(payload) }
        }
        let keys = Set(segments.flatMap { input.memberships[$0]?.keys.map { $0 } ?? [] })
        return export(input, previous: previous, state: state, keys: keys, unreadable: unreadable)
    }

    /// The export of `input` on top of `previous` from the state `stored` kept since that export:
    /// `input` needs only the profiles `stored.dirty` names and those it says are due. Nil when the
    /// stored bytes are not a state: the caller then plans from the files.
    public func plan(_ input: ActivationInput, previous: PreviousExport, stored: StreamStore) -> DestinationExport? {
        guard let state = StreamExportState(store: stored, segments: segments) else { return nil }
        let export = export(input, previous: previous, state: state, keys: stored.dirty.union(state.stale), unreadable: [])
        return state.isDamaged ? nil : export
    }

    /// The lines for the profiles `keys` (and for lines no profile matches any more), appended to `state`.
    private func export(_ input: ActivationInput, previous: PreviousExport, state: StreamExportState, keys: Set<String>,
                        unreadable: [String]) -> DestinationExport {
        state.stale = []
        let released = update(state, keys: keys, input: input)

        let now = Value.string(Timestamp.rfc3339(input.evaluatedAt))
        var lines: [(key: String, payload: [String: Value], profile: String?)] = []
        var changes = Dictionary(uniqueKeysWithValues: segments.map { ($0, RowChanges()) })
        for key in keys.sorted() {
            // The profile the line carries is as its first segment's merge policy makes it (as `update` read it).
            guard let current = state.current(of: key), let first = segments.first(where: current.segments.contains),
                  let profile = input.profile(key, in: first) else { continue }
            let previous = state.matchedLine(of: key).flatMap { state.sentLine($0)?.payload }
            let payload = self.payload(profile, identities: current.identities, memberOf: current.segments, previous: previous, now: now)
            guard payload != previous else { continue }
            lines.append((current.identities.first ?? key, payload, key))
            tally(from: previous, to: payload, into: &changes)
        }
        // Lines no current profile matches any more say the profile left every segment it was in.
        let looked = released.union(state.suspects)
        state.loadLines(looked)
        let matched = state.matchedLines(looked)
        let unmatched = looked.subtracting(matched).compactMap { index in state.sentLine(index).map { (index, $0) } }
            .sorted { ($0.1.identities.first ?? "") < ($1.1.identities.first ?? "") }
        state.suspects = []
        for (_, entry) in unmatched where !Self.realized(entry.payload).isEmpty {
            var payload = entry.payload
            for segment in Self.realized(payload) { Self.setStatus(.exited, of: segment, at: now, in: &payload) }
            lines.append((entry.identities.first ?? "", payload, nil))
            tally(from: entry.payload, to: payload, into: &changes)
        }
        lines = lines.sorted { $0.key < $1.key }
        state.prepareToAppend(lines.map(\.payload))
        var written: [(profile: String, line: Int)] = []
        for line in lines {
            let index = state.append(line.payload)
            if let profile = line.profile { written.append((profile, index)) }
        }
        // A profile whose line now stands for it has nothing new to send next time.
        for (profile, line) in written {
            state.match(profile)
            if state.matchedLine(of: profile) == line { state.stale.remove(profile) }
        }

        var files: [String: [UInt8]] = [:]
        var listed = (previous.manifest?.files ?? []).filter { previous.files.contains($0.name) }
        var export = previous.manifest?.export ?? 0
        if !lines.isEmpty {
            export += 1
            let name = FileNameTemplate.name(destination.fileName.value, destination: destination.id.value, segment: nil, export: export)
            let text = lines.map { JSONWriter.string(.object($0.payload)) + "\n" }.joined()
            files[name] = Array(text.utf8)
            listed.removeAll { $0.name == name }
            listed.append(ExportManifest.File(name: name, segment: nil, export: export, rows: lines.count))
        }
        let manifest = ExportManifest(destination: destination.id.value, export: export, files: listed, segments: state.counts)
        var planned = DestinationExport(destination: destination.id.value, files: files, removed: previous.filesNoLongerListed(in: manifest),
                                        manifest: manifest, changes: changes, unreadable: unreadable)
        planned.stream = state.changes()
        return planned
    }

    /// Brings the profiles `keys` up to date in `state`: their counts, whether they are in the
    /// audience, and the sent line each matches. Returns the lines that lost a profile matching them.
    private func update(_ state: StreamExportState, keys: Set<String>, input: ActivationInput) -> Set<Int> {
        var released = Set<Int>()
        state.loadProfiles(keys)
        for key in keys {
            if let line = state.remove(key) { released.insert(line) }
            let memberOf = segments.filter { input.memberships[$0]?[key].map { $0.status != .exited } ?? false }
            // One line per profile: its first segment's merge policy gives the profile it carries.
            guard let first = memberOf.first, let profile = input.profile(key, in: first) else { continue }
            let ids = identities(of: profile)
            let skip = eligibility.skip(profile, identities: ids)
            state.add(key, standing: memberOf.map { ($0, skip) },
                      current: skip != nil ? nil : .init(identities: ids, segments: Set(memberOf)))
        }
        state.loadOwners(keys.flatMap { state.current(of: $0)?.identities ?? [] })
        for key in keys { state.match(key) }
        return released
    }

    /// The exported identities of a profile as `NAMESPACE:VALUE`, sorted: the export identity's
    /// values (hashed if the destination hashes), or every identity when it names none.
    private func identities(of profile: Profile) -> [String] {
        guard let identity else { return profile.identities.map(\.description) }
        return profile.identities.filter { $0.namespace == identity.namespace }
            .compactMap { value in identity.exported(value.id).map { "\(identity.columnName):\($0)" } }.sorted()
    }

    /// The payload for a profile: statuses that did not change keep the time they were sent with.
    private func payload(_ profile: Profile, identities: [String], memberOf: Set<String>, previous: [String: Value]?, now: Value) -> [String: Value] {
        var payload: [String: Value] = [:]
        for field in fields {
            guard let value = profile.packedAttributes.value(at: field.source), value != .null else { continue }
            Value.insert(value, at: field.target[...], into: &payload)
        }
        var identityMap: [String: [Value]] = [:]
        for text in identities {
            guard let identity = Identity(parsing: text) else { continue }
            identityMap[identity.namespace, default: []].append(.object(["id": .string(identity.id)]))
        }
        payload["identityMap"] = .object(identityMap.mapValues(Value.array))
        let before = previous.map(Self.statuses) ?? [:]
        for segment in segments {
            let status: Membership.Status
            if memberOf.contains(segment) {
                status = .realized
            } else if before[segment] != nil {
                status = .exited
            } else {
                continue
            }
            if let sent = before[segment], sent.status == status.rawValue {
                Self.setStatus(status, of: segment, at: sent.time, in: &payload)
            } else {
                Self.setStatus(status, of: segment, at: now, in: &payload)
            }
        }
        return payload
    }

    private func tally(from before: [String: Value]?, to after: [String: Value], into changes: inout [String: RowChanges]) {
        let old = before.map(Self.statuses) ?? [:]
        for (segment, status) in Self.statuses(after) {
            let wasIn = old[segment]?.status == Membership.Status.realized.rawValue
            switch (wasIn, status.status == Membership.Status.realized.rawValue) {
            case (false, true): changes[segment, default: RowChanges()].entered += 1
            case (true, false): changes[segment, default: RowChanges()].exited += 1
            case (true, true): changes[segment, default: RowChanges()].changed += 1
            case (false, false): break
            }
        }
    }

    /// The payload of each line of a stream file; nil when a line is not a JSON object.
    private static func payloads(_ bytes: [UInt8], file: String) -> [[String: Value]]? {
        var payloads: [[String: Value]] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard case .success(let node) = JSONParser.parse(Array(line), file: file), case .object(let payload) = Value(node) else { return nil }
            payloads.append(payload)
        }
        return payloads
    }


    private static func statuses(_ payload: [String: Value]) -> [String: (status: String, time: Value)] {
        guard case .object(let membership)? = payload["segmentMembership"], case .object(let ups)? = membership["ups"] else { return [:] }
        var statuses: [String: (status: String, time: Value)] = [:]
        for (segment, value) in ups {
            guard case .object(let fields) = value, case .string(let status)? = fields["status"] else { continue }
            statuses[segment] = (status, fields["lastQualificationTime"] ?? .null)
        }
        return statuses
    }

    private static func realized(_ payload: [String: Value]) -> [String] {
        statuses(payload).filter { $0.value.status == Membership.Status.realized.rawValue }.keys.sorted()
    }

    private static func setStatus(_ status: Membership.Status, of segment: String, at time: Value, in payload: inout [String: Value]) {
        Value.insert(.object(["status": .string(status.rawValue), "lastQualificationTime": time]),
                     at: ["segmentMembership", "ups", segment], into: &payload)
    }
}
