/// What a build changed, profile by profile: the input of incremental segment evaluation and export.
///
/// A profile changed when a record of it was ingested in this build or its identities are not
/// exactly a graph of the previous build (it was created, merged or split). A full rebuild has no
/// previous graphs, so everything changed.
public struct ProfileChangeSet: Equatable, Sendable {
    /// The identities of each changed profile, sorted.
    public var changed: [[Identity]]
    /// How many graphs of the previous build no longer exist as such.
    public var removed: Int

    public init(previous: [[Identity]], current: [[Identity]], touched: Set<Identity>) {
        let previousGraphs = Set(previous.map { $0.sorted() })
        let currentGraphs = Set(current.map { $0.sorted() })
        changed = current.map { $0.sorted() }.filter { graph in
            !previousGraphs.contains(graph) || graph.contains(where: touched.contains)
        }.sorted { $0.lexicographicallyPrecedes($1) }
        removed = previousGraphs.subtracting(currentGraphs).count
    }
}
