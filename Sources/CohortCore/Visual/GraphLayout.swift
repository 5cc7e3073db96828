import Foundation

/// A deterministic force-directed layout (Fruchterman–Reingold) for small graphs, so cohort draws graphs
/// without Graphviz: nodes start on a circle in their given order, forces run a fixed number of rounds
/// with a cooling step, then nodes closer than `separation` are pushed apart. No randomness, so the same
/// nodes and edges always give the same places.
public enum GraphLayout {
    /// A place in the drawing's units, y growing downwards.
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Force rounds: plenty for the 50 identities a graph holds at most.
    static let rounds = 400
    /// Rounds of pushing apart nodes that ended too close.
    static let separationRounds = 200

    /// Places for `count` nodes linked by `edges` (pairs of node indices; repeats and self-links are
    /// ignored): linked nodes end about `spacing` apart, no two closer than `separation`. The smallest x
    /// and y are 0.
    public static func places(count: Int, edges: [(Int, Int)], spacing: Double = 160,
                              separation: Double = 110) -> [Point] {
        guard count > 1 else { return Array(repeating: Point(x: 0, y: 0), count: count) }
        var pairs: [(Int, Int)] = []
        var seen = Set<[Int]>()
        for (a, b) in edges where a != b && (0..<count).contains(a) && (0..<count).contains(b) {
            if seen.insert([min(a, b), max(a, b)]).inserted { pairs.append((min(a, b), max(a, b))) }
        }
        // Sorted, so that forces add up in the same order however the edges were given.
        pairs.sort { $0 < $1 }
        // A circle with neighbours `spacing` apart, starting at the top and going clockwise.
        let radius = spacing * Double(count) / (2 * Double.pi)
        var places = (0..<count).map { index -> Point in
            let angle = 2 * Double.pi * Double(index) / Double(count) - Double.pi / 2
            return Point(x: radius * cos(angle), y: radius * sin(angle))
        }
        let k = spacing
        let start = max(radius / 2, spacing)
        for round in 0..<rounds {
            var shift = Array(repeating: Point(x: 0, y: 0), count: count)
            for a in 0..<count {
                for b in (a + 1)..<count {
                    let (dx, dy, distance) = offset(places[a], places[b], a, b)
                    let force = k * k / distance
                    shift[a].x += dx / distance * force
                    shift[a].y += dy / distance * force
                    shift[b].x -= dx / distance * force
                    shift[b].y -= dy / distance * force
                }
            }
            for (a, b) in pairs {
                let (dx, dy, distance) = offset(places[a], places[b], a, b)
                let force = distance * distance / k
                shift[a].x -= dx / distance * force
                shift[a].y -= dy / distance * force
                shift[b].x += dx / distance * force
                shift[b].y += dy / distance * force
            }
            // Cooling: the largest step shrinks linearly to nearly nothing.
            let temperature = start * (1 - Double(round) / Double(rounds)) + 1
            for index in 0..<count {
                let length = (shift[index].x * shift[index].x + shift[index].y * shift[index].y).squareRoot()
                guard length > 0 else { continue }
                let step = min(length, temperature)
                places[index].x += shift[index].x / length * step
                places[index].y += shift[index].y / length * step
            }
        }
        separate(&places, by: separation)
        let left = places.map(\.x).min() ?? 0
        let top = places.map(\.y).min() ?? 0
        return places.map { Point(x: $0.x - left, y: $0.y - top) }
    }

    /// Pushes each pair closer than `separation` apart, half each, until none is (or the rounds run out).
    private static func separate(_ places: inout [Point], by separation: Double) {
        for _ in 0..<separationRounds {
            var moved = false
            for a in places.indices {
                for b in places.indices where b > a {
                    let (dx, dy, distance) = offset(places[a], places[b], a, b)
                    guard distance < separation else { continue }
                    let push = (separation - distance) / 2 + 0.5
                    places[a].x += dx / distance * push
                    places[a].y += dy / distance * push
                    places[b].x -= dx / distance * push
                    places[b].y -= dy / distance * push
                    moved = true
                }
            }
            if !moved { return }
        }
    }

    /// From `q` to `p` and its length; nodes in the same place are split along a direction fixed by
    /// their indices, so that no tie is broken by chance.
    private static func offset(_ p: Point, _ q: Point, _ a: Int, _ b: Int) -> (Double, Double, Double) {
        let dx = p.x - q.x
        let dy = p.y - q.y
        let distance = (dx * dx + dy * dy).squareRoot()
        if distance > 0.01 { return (dx, dy, distance) }
        let angle = Double(a * 31 + b * 17)
        return (cos(angle) * 0.01, sin(angle) * 0.01, 0.01)
    }
}
