/// Every definition of a workspace, loaded and checked. Each list is sorted by id.
public struct Workspace: Equatable, Sendable {
    public var settings: WorkspaceSettings
    public var schemas: [Schema]
    /// Namespaces defined in files; see `allNamespaces` for these with the built-in ones.
    public var namespaces: [Namespace]
    public var datasets: [Dataset]
    public var mergePolicies: [MergePolicy]
    public var segments: [Segment]
    public var destinations: [Destination]
    public var policies: [Policy]

    public init(settings: WorkspaceSettings = .standard, schemas: [Schema] = [], namespaces: [Namespace] = [], datasets: [Dataset] = [],
                mergePolicies: [MergePolicy] = [], segments: [Segment] = [], destinations: [Destination] = [], policies: [Policy] = []) {
        self.settings = settings
        self.schemas = schemas.sortedByID()
        self.namespaces = namespaces.sortedByID()
        self.datasets = datasets.sortedByID()
        self.mergePolicies = mergePolicies.sortedByID()
        self.segments = segments.sortedByID()
        self.destinations = destinations.sortedByID()
        self.policies = policies.sortedByID()
    }

    /// File namespaces plus the built-in ones they do not redefine, sorted by code.
    public var allNamespaces: [Namespace] {
        let defined = Set(namespaces.map(\.id.value))
        return (namespaces + Namespace.builtIn.filter { !defined.contains($0.id.value) }).sortedByID()
    }

    public func schema(_ id: String) -> Schema? { schemas.first { $0.id.value == id } }
    public func namespace(_ code: String) -> Namespace? { allNamespaces.first { $0.id.value == code } }
    public func dataset(_ id: String) -> Dataset? { datasets.first { $0.id.value == id } }
    public func mergePolicy(_ id: String) -> MergePolicy? { mergePolicies.first { $0.id.value == id } }
    public func segment(_ id: String) -> Segment? { segments.first { $0.id.value == id } }

    /// The merge policy profiles are built with: the default one, else `timestampOrdered` over the
    /// identity graph (a workspace without merge policies still builds).
    public var profileMergePolicy: MergePolicy {
        defaultMergePolicy ?? MergePolicy(id: Located("default", at: .start(of: WorkspaceLoader.settingsFiles[0])), name: "default")
    }

    /// The merge policy a segment is evaluated under: the one it names, else the profiles' own.
    public func mergePolicy(of segment: Segment) -> MergePolicy {
        segment.mergePolicy.flatMap { mergePolicy($0.value) } ?? profileMergePolicy
    }

    /// The merge policy used when a segment names none.
    public var defaultMergePolicy: MergePolicy? {
        if let id = settings.defaultMergePolicy?.value { return mergePolicy(id) }
        return mergePolicies.first { $0.isDefault } ?? mergePolicies.first
    }

    /// How many definitions of each kind the workspace has (built-in namespaces not counted).
    public var counts: [(kind: DefinitionKind, count: Int)] {
        [(.schema, schemas.count), (.namespace, namespaces.count), (.dataset, datasets.count), (.mergePolicy, mergePolicies.count),
         (.segment, segments.count), (.destination, destinations.count), (.policy, policies.count)]
    }
}

extension Array where Element: Definition {
    func sortedByID() -> [Element] { sorted { $0.id.value < $1.id.value } }
}
