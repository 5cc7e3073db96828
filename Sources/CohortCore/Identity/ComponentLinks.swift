/// Which identities records tie together, as stored text (`IdentityListCoding`): a record's anchor
/// and each of its identities of a namespace that links belong to one component. Stitching and
/// merging depend only on the records of one component, so components are what a build re-stitches
/// when new records touch them. Identities are interned as integer numbers as they come
/// (`InternedTexts`) and joined in one union-find over those numbers.
public struct ComponentLinks: Sendable {
    private var names = InternedTexts()
    private var sets = UnionFind(count: 0)

    public init() {}

    /// How many distinct identities were linked.
    public var count: Int { names.count }

    /// Ties `anchor` and `linked` into one component.
    public mutating func link(_ anchor: String, _ linked: some Sequence<String>) {
        let root = element(anchor)
        for identity in linked { sets.union(root, element(identity)) }
    }

    /// The identities of each component, each list sorted, the lists in the order of their first identity.
    public func components() -> [[String]] {
        var members: [Int: [String]] = [:]
        var finder = sets
        for index in 0..<names.count { members[finder.find(index), default: []].append(names.text(index)) }
        return members.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// Hands `body` every identity, as UTF-8 bytes in byte order, with its component's number: the
    /// components numbered from 1 in the order of their first identity. Nothing is held per
    /// component or copied per identity, so that filling an empty table of every identity costs a
    /// few integers each. Returns how many components there are.
    @discardableResult
    public func forEachIdentityInOrder(_ body: (UnsafeBufferPointer<UInt8>, Int64) throws -> Void) rethrows -> Int {
        var finder = sets
        var numberOfRoot = [Int32](repeating: 0, count: names.count)
        var components: Int32 = 0
        for element in names.numbersInByteOrder() {
            let root = finder.find(Int(element))
            if numberOfRoot[root] == 0 {
                components += 1
                numberOfRoot[root] = components
            }
            try names.withBytes(of: Int(element)) { try body($0, Int64(numberOfRoot[root])) }
        }
        return Int(components)
    }

    private mutating func element(_ identity: String) -> Int {
        let number = names.number(of: identity)
        if number == sets.count { _ = sets.add() }
        return number
    }
}
