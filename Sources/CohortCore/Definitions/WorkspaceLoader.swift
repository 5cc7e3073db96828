/// Loads every definition file of a workspace into a `Workspace`, collecting all diagnostics.
///
/// Pure: the caller reads the files (see `CohortEngine.WorkspaceFiles`) and passes their bytes.
public enum WorkspaceLoader {
    /// The result of a load: the model, every diagnostic sorted, and the destinations that data-usage
    /// policies block. A workspace without definition errors can be built; blocked destinations are
    /// errors too, but only their exports are held back.
    public struct Result: Sendable {
        public var workspace: Workspace
        /// Definition problems and, after them in sort order, policy violations.
        public var diagnostics: [Diagnostic]
        public var violations: [Governance.Violation]

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
        /// Errors other than policy violations: these stop a build.
        public var definitionErrors: [Diagnostic] {
            let violating = Set(violations.flatMap(\.diagnostics))
            return errors.filter { !violating.contains($0) }
        }
        /// Destinations that a policy blocks.
        public var blockedDestinations: Set<String> { Set(violations.map(\.destination)) }
    }

    /// The names of the settings file, JSON first.
    public static let settingsFiles = ["cohort.json", "cohort.xml"]

    /// Loads and checks a workspace from its definition files (paths relative to the workspace).
    /// In strict mode (`strict`, or `"strict": true` in the settings) unknown keys are errors.
    public static func load(_ files: [SourceFile], strict: Bool = false) -> Result {
        let sink = DiagnosticSink()
        var workspace = Workspace()
        var collected = Collected()
        var broken = BrokenDefinitions()
        let registry = XDMRegistry(files: files)
        for file in files.sorted(by: { $0.path < $1.path }) where !registry.componentFiles.contains(file.path) {
            guard let kind = kind(of: file) else { continue }
            let errors = sink.errorCount
            let loaded = collected.count(of: kind)
            load(file, kind: kind, into: &collected, settings: &workspace.settings, registry: registry, sink: sink)
            if sink.errorCount > errors && collected.count(of: kind) == loaded {
                broken.add(file, kind: kind)
            }
        }
        sink.strict = strict || workspace.settings.strict
        workspace = Workspace(settings: workspace.settings, schemas: collected.schemas, namespaces: collected.namespaces,
                              datasets: collected.datasets, mergePolicies: collected.mergePolicies, segments: collected.segments,
                              destinations: collected.destinations, policies: collected.policies)
        WorkspaceChecker.check(workspace, broken: broken, sink: sink)
        guard !sink.sorted.contains(where: { $0.severity == .error }) else {
            return Result(workspace: workspace, diagnostics: sink.sorted, violations: [])
        }
        let violations = Governance.violations(in: workspace)
        return Result(workspace: workspace, diagnostics: (sink.sorted + violations.flatMap(\.diagnostics)).sorted(), violations: violations)
    }

    private struct Collected {
        var schemas: [Schema] = []
        var namespaces: [Namespace] = []
        var datasets: [Dataset] = []
        var mergePolicies: [MergePolicy] = []
        var segments: [Segment] = []
        var destinations: [Destination] = []
        var policies: [Policy] = []

        /// How many definitions of one kind were read so far (settings are always read).
        func count(of kind: DefinitionKind) -> Int {
            switch kind {
            case .settings: return 1
            case .schema: return schemas.count
            case .namespace: return namespaces.count
            case .dataset: return datasets.count
            case .mergePolicy: return mergePolicies.count
            case .segment: return segments.count
            case .destination: return destinations.count
            case .policy: return policies.count
            }
        }
    }

    /// The kind of definition a file holds, from its folder; nil for a file cohort does not read.
    private static func kind(of file: SourceFile) -> DefinitionKind? {
        if settingsFiles.contains(file.path) { return .settings }
        guard let folder = file.path.split(separator: "/").first else { return nil }
        return DefinitionKind.kind(forFolder: String(folder))
    }

    private static func load(_ file: SourceFile, kind: DefinitionKind, into collected: inout Collected,
                             settings: inout WorkspaceSettings, registry: XDMRegistry, sink: DiagnosticSink) {
        if kind == .segment && file.fileExtension == "pql" {
            collected.segments.append(SegmentLoader.loadPQL(file, sink: sink))
            return
        }
        for object in parse(file, kind: kind, sink: sink) {
            load(object, file: file, kind: kind, into: &collected, settings: &settings, registry: registry)
        }
    }

    private static func load(_ object: DefinitionObject, file: SourceFile, kind: DefinitionKind, into collected: inout Collected,
                             settings: inout WorkspaceSettings, registry: XDMRegistry) {
        // `$schema` names the file's editor schema (`cohort schema`): accepted in every JSON definition.
        if !object.isXML { object.ignore(AEPResponse.bookkeepingKeys + ["$schema"]) }
        switch kind {
        case .settings: settings = SettingsLoader.load(object, file: file)
        case .schema:
            let schema = object.isXML ? XMLSchemaReader.load(object, file: file) : XEDSchemaReader.load(object, file: file, registry: registry)
            if let schema { collected.schemas.append(schema) }
        case .namespace: NamespaceLoader.load(object, file: file).map { collected.namespaces.append($0) }
        case .dataset: DatasetLoader.load(object, file: file).map { collected.datasets.append($0) }
        case .mergePolicy: MergePolicyLoader.load(object, file: file).map { collected.mergePolicies.append($0) }
        case .segment: SegmentLoader.load(object, file: file).map { collected.segments.append($0) }
        case .destination: DestinationLoader.load(object, file: file).map { collected.destinations.append($0) }
        case .policy: PolicyLoader.load(object, file: file).map { collected.policies.append($0) }
        }
    }

    /// Parses a JSON or XML definition file into the objects its loader reads: one, or each of the
    /// definitions of an AEP list response (`AEPResponse.definitions`).
    private static func parse(_ file: SourceFile, kind: DefinitionKind, sink: DiagnosticSink) -> [DefinitionObject] {
        switch file.fileExtension {
        case "json":
            switch JSONParser.parse(file.bytes, file: file.path) {
            case .success(let node):
                let what = "a \(kind.displayName) definition"
                if kind != .settings, let listed = AEPResponse.definitions(in: node, kind: kind) {
                    if listed.isEmpty { sink.warning(node.location, "this list holds no \(kind.displayName) definitions; nothing is read from it") }
                    return listed.compactMap { DefinitionObject(json: $0, sink: sink, what: what) }
                }
                return DefinitionObject(json: node, sink: sink, what: what).map { [$0] } ?? []
            case .failure(let diagnostic): sink.append(diagnostic.with(code: .syntax)); return []
            }
        case "xml":
            switch XMLReader.parse(file.bytes, file: file.path) {
            case .success(let element):
                guard element.name == kind.xmlElement else {
                    sink.error(element.location, "expected <\(kind.xmlElement)> as the root element of a \(kind.displayName) file, found <\(element.name)>",
                               code: .badValue, hint: "<\(kind.xmlElement)>")
                    return []
                }
                return [DefinitionObject(xml: element, sink: sink)]
            case .failure(let diagnostic): sink.append(diagnostic.with(code: .syntax)); return []
            }
        default:
            let expected = kind == .segment ? ".json, .xml or .pql" : ".json or .xml"
            sink.warning(.start(of: file.path), "this file is ignored: \(kind.displayName) files end in \(expected)", code: .ignoredFile)
            return []
        }
    }
}
