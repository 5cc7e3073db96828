import Testing
@testable import CohortCore

/// The layout cohort draws graphs with: deterministic, and legible at the 50 identities a graph holds at most.
@Suite struct GraphLayoutTests {
    /// A star (one CRM id and 49 devices), a chain, and a mesh of 50 nodes.
    static let shapes: [(name: String, edges: [(Int, Int)])] = [
        ("star", (1..<50).map { (0, $0) }),
        ("chain", (1..<50).map { ($0 - 1, $0) }),
        ("mesh", (0..<50).flatMap { node in [(node, (node + 1) % 50), (node, (node + 7) % 50)] }),
    ]

    @Test(arguments: 0..<3)
    func fiftyNodesNeverShareAPlace(shape: Int) {
        let (name, edges) = Self.shapes[shape]
        let places = GraphLayout.places(count: 50, edges: edges)
        var closest = Double.infinity
        for a in places.indices {
            for b in places.indices where b > a {
                let dx = places[a].x - places[b].x
                let dy = places[a].y - places[b].y
                closest = min(closest, (dx * dx + dy * dy).squareRoot())
            }
        }
        // The drawing's node circles have a radius of 11: 100 leaves room for labels between them.
        #expect(closest >= 100, "\(name): \(closest)")
        #expect(places.map(\.x).min() == 0 && places.map(\.y).min() == 0)
    }

    @Test func theSameGraphHasTheSamePlaces() {
        let edges = Self.shapes[0].edges
        #expect(GraphLayout.places(count: 50, edges: edges) == GraphLayout.places(count: 50, edges: edges))
        // The edges' order and repeats do not matter.
        #expect(GraphLayout.places(count: 50, edges: edges.reversed() + edges.map { ($1, $0) })
                == GraphLayout.places(count: 50, edges: edges))
    }

    @Test func linkedNodesEndCloserThanUnlinkedOnes() {
        // Two triangles joined by one link: nodes in a triangle are nearer each other than to the other one.
        let places = GraphLayout.places(count: 6, edges: [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
        func distance(_ a: Int, _ b: Int) -> Double {
            ((places[a].x - places[b].x) * (places[a].x - places[b].x)
             + (places[a].y - places[b].y) * (places[a].y - places[b].y)).squareRoot()
        }
        #expect(distance(0, 1) < distance(0, 5))
        #expect(distance(4, 5) < distance(1, 5))
    }

    @Test func oneNodeOrNoneNeedNoLayout() {
        #expect(GraphLayout.places(count: 0, edges: []) == [])
        #expect(GraphLayout.places(count: 1, edges: [(0, 0)]) == [GraphLayout.Point(x: 0, y: 0)])
    }
}
