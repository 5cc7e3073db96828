/// Disjoint sets over `0..<count` with path halving and union by size.
struct UnionFind {
    private var parent: [Int32]
    private(set) var size: [Int32]

    /// How many elements there are.
    var count: Int { parent.count }

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = Array(repeating: 1, count: count)
    }

    /// Adds a set of one new element; returns the element.
    mutating func add() -> Int {
        parent.append(Int32(parent.count))
        size.append(1)
        return parent.count - 1
    }

    mutating func find(_ element: Int) -> Int {
        var current = Int32(element)
        while parent[Int(current)] != current {
            parent[Int(current)] = parent[Int(parent[Int(current)])]
            current = parent[Int(current)]
        }
        return Int(current)
    }

    /// Joins the sets of `a` and `b`; returns the new root.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Int {
        var rootA = find(a)
        var rootB = find(b)
        if rootA == rootB { return rootA }
        if size[rootA] < size[rootB] { swap(&rootA, &rootB) }
        parent[rootB] = Int32(rootA)
        size[rootA] += size[rootB]
        return rootA
    }
}
