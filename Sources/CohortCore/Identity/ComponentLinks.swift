/// Which identities records tie together, as stored text (`IdentityListCoding`): a record's anchor
/// and each of its identities of a namespace that links belong to one component. Stitching and
/// merging depend only on the records of one component, so components are what a build re-stitches
/// when new records touch them. Identities are numbered as they come and joined in one union-find.
public struct ComponentLinks: Sendable {
    private var number: [String: Int] = [:]
    private var names: [String] = []
    private var sets = UnionFind(count: 0)

    public init() {}

    /// Ties `anchor` and `linked` into one component.
    public mutating func link(_ anchor: String, _ linked: some Sequence<String>) {
        let root = element(anchor)
        for identity in linked { sets.union(root, element(identity)) }
    }

    /// The identities of each component, each list sorted, the lists in the order of their first identity.
    public func components() -> [[String]] {
        var members: [Int: [String]] = [:]
        var finder = sets
        for (index, name) in names.enumerated() { members[finder.find(index), default: []].append(name) }
        return members.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    private mutating func element(_ identity: String) -> Int {
        if let known = number[identity] { return known }
        let added = sets.add()
        number[identity] = added
        names.append(identity)
        return added
    }
}
