/// Checks what no single file can: unique ids and references between definitions — schemas,
/// datasets, namespaces, merge policies, segments and field paths — with "did you mean" hints. What
/// refers to a definition whose file is broken says so once instead (`BrokenDefinitions`).
enum WorkspaceChecker {
    static func check(_ workspace: Workspace, broken: BrokenDefinitions = BrokenDefinitions(), sink: DiagnosticSink) {
        checkUniqueIDs(workspace, sink: sink)
        let dependencies = BrokenDependencyReport(broken: broken, sink: sink)
        let references = References(workspace: workspace, sink: sink, dependencies: dependencies)
        references.checkSettings()
        workspace.schemas.forEach(references.check)
        workspace.datasets.forEach(references.check)
        references.checkMergePolicies()
        workspace.segments.forEach(references.check)
        SegmentChecker.check(workspace, sink: sink, dependencies: dependencies)
        workspace.destinations.forEach(references.check)
        workspace.policies.forEach(references.check)
    }

    private static func checkUniqueIDs(_ workspace: Workspace, sink: DiagnosticSink) {
        func unique<D: Definition>(_ definitions: [D]) {
            var first: [String: SourceLocation] = [:]
            for definition in definitions.sorted(by: { $0.id.location < $1.id.location }) {
                if let earlier = first[definition.id.value] {
                    sink.error(definition.id.location, "duplicate \(D.kind.displayName) id \"\(definition.id.value)\"; it is already defined at \(earlier)",
                               code: .duplicateID)
                } else {
                    first[definition.id.value] = definition.id.location
                }
            }
        }
        unique(workspace.schemas)
        unique(workspace.namespaces)
        unique(workspace.datasets)
        unique(workspace.mergePolicies)
        unique(workspace.segments)
        unique(workspace.destinations)
        unique(workspace.policies)
    }
}

/// The reference checks, with the lookups they share.
private struct References {
    let workspace: Workspace
    let sink: DiagnosticSink
    let dependencies: BrokenDependencyReport
    let namespaceCodes: [String]
    /// Paths of every profile schema that feeds profiles, for destination mappings.
    let profilePaths: Set<String>

    init(workspace: Workspace, sink: DiagnosticSink, dependencies: BrokenDependencyReport) {
        self.workspace = workspace
        self.sink = sink
        self.dependencies = dependencies
        namespaceCodes = workspace.allNamespaces.map(\.id.value)
        let profileSchemaIDs = Set(workspace.datasets.filter(\.profile).map(\.schema.value))
        let profileSchemas = workspace.schemas.filter { $0.schemaClass == .profile && (profileSchemaIDs.isEmpty || profileSchemaIDs.contains($0.id.value)) }
        profilePaths = Set(profileSchemas.flatMap(\.allPaths))
    }

    func checkSettings() {
        if let id = workspace.settings.defaultMergePolicy {
            reference(id, to: .mergePolicy, among: workspace.mergePolicies.map(\.id.value))
        }
    }

    func check(_ schema: Schema) {
        let paths = schema.allPaths
        var primary: Schema.IdentityField?
        for identity in schema.identities {
            if let field = schema.field(at: identity.path.value) {
                if ![.string, .integer, .number].contains(field.type) {
                    sink.error(identity.path.location, "the identity field \"\(identity.path.value)\" is of type \(field.type.rawValue); an identity must be a string or number field")
                }
            } else {
                unknownField(identity.path, in: schema)
            }
            reference(identity.namespace, to: .namespace, among: namespaceCodes)
            if identity.isPrimary {
                if let earlier = primary {
                    sink.error(identity.path.location, "schema \"\(schema.id.value)\" has two primary identities; \"\(earlier.path.value)\" is already primary")
                }
                primary = identity
            }
        }
        for fieldLabels in schema.labels {
            if schema.field(at: fieldLabels.path.value) == nil {
                sink.error(fieldLabels.path.location, "unknown field \"\(fieldLabels.path.value)\" in the labels of schema \"\(schema.id.value)\"\(Suggestion.hint(for: fieldLabels.path.value, in: paths))",
                           code: .unknownField, hint: Suggestion.advice(for: fieldLabels.path.value, in: paths))
            }
            fieldLabels.labels.forEach(checkLabel)
        }
    }

    func check(_ dataset: Dataset) {
        dataset.labels.forEach(checkLabel)
        guard !dataset.schema.value.isEmpty else { return }
        guard let schema = workspace.schema(dataset.schema.value) else {
            reference(dataset.schema, to: .schema, among: workspace.schemas.map(\.id.value))
            return
        }
        if let timestampField = dataset.timestampField {
            if let field = schema.field(at: timestampField.value) {
                if field.type != .string || (field.format != .dateTime && field.format != .date) {
                    sink.error(timestampField.location, "`timestampField` \"\(timestampField.value)\" must be a date-time or date field")
                }
            } else {
                unknownField(timestampField, in: schema)
            }
        }
        for mapping in dataset.mapping where schema.field(at: mapping.path.value) == nil && mapping.path.value != "identityMap" {
            unknownField(mapping.path, in: schema)
        }
    }

    func checkMergePolicies() {
        let defaults = workspace.mergePolicies.filter(\.isDefault).sorted { $0.id.location < $1.id.location }
        for extra in defaults.dropFirst() {
            sink.error(extra.id.location, "merge policy \"\(extra.id.value)\" is marked default, but \"\(defaults[0].id.value)\" already is; only one may be")
        }
        let datasetIDs = workspace.datasets.map(\.id.value)
        for policy in workspace.mergePolicies {
            if case .dataSetPrecedence(let order) = policy.attributeMerge {
                order.forEach { reference($0, to: .dataset, among: datasetIDs) }
            }
        }
    }

    func check(_ segment: Segment) {
        if let mergePolicy = segment.mergePolicy {
            reference(mergePolicy, to: .mergePolicy, among: workspace.mergePolicies.map(\.id.value))
        }
    }

    func check(_ destination: Destination) {
        let segmentIDs = workspace.segments.map(\.id.value)
        destination.segments.forEach { reference($0, to: .segment, among: segmentIDs) }
        if let identity = destination.identity {
            reference(identity.namespace, to: .namespace, among: namespaceCodes)
        } else if destination.type != .stream {
            sink.error(destination.id.location, "destination \"\(destination.id.value)\" needs `identity`: {\"namespace\":\"Email\"} names the identity each row is keyed by")
        }
        for mapping in destination.mappings {
            if destination.type == .lookup, mapping.source.value == ExportLayout.statusSource {
                sink.error(mapping.source.location, "a lookup entry lists the segments its profile is in; remove the mapping of \"\(ExportLayout.statusSource)\"")
                continue
            }
            profilePath(mapping.source, allowing: [ExportLayout.statusSource])
        }
        if let preset = destination.platformPreset {
            PresetChecker(preset: preset, workspace: workspace, sink: sink).check(destination)
        } else if destination.type == .lookup {
            checkLookupTargets(destination)
        } else {
            checkColumns(destination)
        }
        destination.mandatory.forEach { profilePath($0) }
        if let consent = destination.consent { profilePath(consent.path) }
        checkDedupKey(destination)
        if destination.type != .lookup {
            FileNameTemplate.check(destination.fileName, destination: destination, sink: sink)
        }
        if let removeFileName = destination.removeFileName { checkRemoveFileName(removeFileName, of: destination) }
    }

    func check(_ policy: Policy) {
        policy.deny.labels.forEach(checkLabel)
    }

    // MARK: Helpers

    /// Column names are unique, and an incremental file export says each row's status.
    private func checkColumns(_ destination: Destination) {
        var taken: [String: String] = [:]
        if let identity = destination.identity {
            taken[ExportIdentity(identity, namespace: nil).columnName] = "the export identity"
        }
        if FileNameTemplate.isCombined(destination.fileName.value) && destination.type == .file {
            taken[ExportLayout.segmentColumn] = "the segment column of a file holding every segment"
        }
        for mapping in destination.mappings {
            if let owner = taken[mapping.target] {
                sink.error(mapping.source.location, "the target \"\(mapping.target)\" is already \(owner); give each mapping its own target")
            }
            taken[mapping.target] = "the target of \"\(mapping.source.value)\""
        }
        if destination.type == .file, destination.mode == .incremental, destination.removeFileName == nil,
           !destination.mappings.contains(where: { $0.source.value == ExportLayout.statusSource }) {
            sink.error(destination.id.location, "an incremental destination must map \"\(ExportLayout.statusSource)\" (e.g. to \"status\") so that each row says whether the profile entered (realized) or left (exited)")
        }
    }

    /// A lookup entry's `attributes` nest by the targets' dots, beside the key rather than with it: no target
    /// may be another's, or hold another inside it ("a" and "a.b" would each overwrite the other).
    private func checkLookupTargets(_ destination: Destination) {
        var earlier: [(path: [String], source: String)] = []
        for mapping in destination.mappings where mapping.source.value != ExportLayout.statusSource {
            let path = FieldPath.components(of: mapping.target)
            if let clash = earlier.first(where: { $0.path.starts(with: path) || path.starts(with: $0.path) }) {
                let problem = clash.path == path
                    ? "the target \"\(mapping.target)\" is already the target of \"\(clash.source)\"; give each mapping its own target"
                    : "the target \"\(mapping.target)\" and the target \"\(clash.path.joined(separator: "."))\" of \"\(clash.source)\" "
                        + "nest one inside the other in an entry's attributes, where one would overwrite the other; rename one"
                sink.error(mapping.source.location, problem)
            }
            earlier.append((path, mapping.source.value))
        }
    }

    /// Files of rows that left are for incremental file destinations, under a name of their own.
    private func checkRemoveFileName(_ name: Located<String>, of destination: Destination) {
        guard destination.type == .file, destination.mode == .incremental else {
            sink.error(name.location, "`removeFileName` is for incremental file destinations, whose exports say who left; "
                + "a full export's files are complete, so remove it or set `mode` to \"incremental\"", code: .badValue)
            return
        }
        let perSegment = !FileNameTemplate.isCombined(destination.fileName.value)
        if perSegment && FileNameTemplate.isCombined(name.value) {
            sink.error(name.location, "`removeFileName` \"\(name.value)\" has no {segment}, but `fileName` writes a file per "
                + "segment: each segment's rows that left would overwrite another's; add {segment}, e.g. "
                + "\"{destination}_{segment}_{build}_remove.csv\"", code: .badValue)
            return
        }
        // The names both give for the first export, compared without case (as macOS and Windows do).
        let segments: [String?] = perSegment ? destination.segments.map(\.value) : [nil]
        func produced(_ template: String) -> Set<String> {
            Set(segments.map {
                FileNameTemplate.name(template, destination: destination.id.value, segment: $0, export: 1).lowercased()
            })
        }
        if !produced(name.value).isDisjoint(with: produced(destination.fileName.value)) {
            sink.error(name.location, "`removeFileName` \"\(name.value)\" gives the names of `fileName` too; give the files of rows that "
                + "left their own name, e.g. \"{destination}_{segment}_{build}_remove.csv\"", code: .badValue)
            return
        }
        FileNameTemplate.check(name, key: "removeFileName", destination: destination, sink: sink)
    }

    private func checkDedupKey(_ destination: Destination) {
        let keys = destination.dedupKey
        guard !keys.isEmpty else { return }
        let namespaces = keys.filter { namespaceCodes.contains($0.value) }
        if !namespaces.isEmpty {
            if keys.count > 1 {
                sink.error(keys[1].location, "`dedupKey` is either one namespace or up to two attributes, not both")
            }
            return
        }
        if keys.count > 2 {
            sink.error(keys[2].location, "`dedupKey` takes at most two attributes")
        }
        for key in keys where !profilePaths.contains(key.value) {
            let candidates = Array(profilePaths) + namespaceCodes
            let advice = Suggestion.advice(for: key.value, in: candidates)
            if advice == nil && dependencies.unknownField(at: key.location, end: key.end) { continue }
            sink.error(key.location, "`dedupKey` \"\(key.value)\" is neither a namespace nor a profile attribute\(Suggestion.hint(for: key.value, in: candidates))",
                       code: .unknownField, hint: advice, end: key.end)
        }
    }

    private func profilePath(_ path: Located<String>, allowing extra: Set<String> = []) {
        if extra.contains(path.value) || profilePaths.contains(FieldPath.components(of: path.value).joined(separator: ".")) { return }
        if path.value.hasPrefix("identityMap.") {
            reference(Located(String(path.value.dropFirst("identityMap.".count)), at: path.location), to: .namespace, among: namespaceCodes)
            return
        }
        let candidates = profilePaths.union(extra)
        let advice = Suggestion.advice(for: path.value, in: candidates)
        if advice == nil && dependencies.unknownField(at: path.location, end: path.end) { return }
        sink.error(path.location, "unknown profile field \"\(path.value)\"\(Suggestion.hint(for: path.value, in: candidates))",
                   code: .unknownField, hint: advice, end: path.end)
    }

    private func unknownField(_ path: Located<String>, in schema: Schema) {
        let paths = schema.allPaths
        sink.error(path.location, "unknown field \"\(path.value)\" in schema \"\(schema.id.value)\"\(Suggestion.hint(for: path.value, in: paths))",
                   code: .unknownField, hint: Suggestion.advice(for: path.value, in: paths), end: path.end)
    }

    private func reference(_ id: Located<String>, to kind: DefinitionKind, among candidates: [String]) {
        guard !candidates.contains(id.value), !dependencies.unknownReference(id, kind: kind) else { return }
        sink.error(id.location, "unknown \(kind.displayName) \"\(id.value)\"\(Suggestion.hint(for: id.value, in: candidates))",
                   code: .unknownReference, hint: Suggestion.advice(for: id.value, in: candidates), end: id.end)
    }

    private func checkLabel(_ label: Located<String>) {
        if !DataUsageLabel.isWellFormed(label.value) {
            sink.error(label.location, "\"\(label.value)\" is not a label name; labels are like C1–C12, I1, I2, S1, S2 or a custom name of letters and digits",
                       code: .badValue)
        } else if !DataUsageLabel.standard.contains(label.value), let close = Suggestion.closest(to: label.value, in: DataUsageLabel.standard), label.value.count <= 3 {
            sink.warning(label.location, "\"\(label.value)\" is not a standard label and is treated as a custom label; did you mean `\(close)`?",
                         hint: "did you mean `\(close)`?")
        }
    }
}
