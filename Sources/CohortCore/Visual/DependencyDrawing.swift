/// Which segments use which through `inSegment`, drawn left to right: segments that use no other
/// in the first column, each other one a column after the last segment it uses, arrows from a
/// segment to each segment it uses.
public struct DependencyDrawing {
    static let boxWidth = 170.0
    static let boxHeight = 26.0
    static let columnGap = 70.0
    static let rowGap = 14.0

    /// `uses`: per segment id, the segment ids it names in `inSegment`. Only segments that use or are
    /// used by another are drawn.
    public static func svg(uses: [String: [String]], title: String) -> String {
        let drawn = Set(uses.filter { !$0.value.isEmpty }.flatMap { [$0.key] + $0.value })
        var column: [String: Int] = [:]
        func depth(_ id: String, _ path: Set<String>) -> Int {
            if let known = column[id] { return known }
            // A cycle cannot pass validation; guard anyway so a drawing never recurses forever.
            let next = (uses[id] ?? []).filter { drawn.contains($0) && !path.contains($0) }
            let value = next.isEmpty ? 0 : 1 + next.map { depth($0, path.union([id])) }.max()!
            column[id] = value
            return value
        }
        for id in drawn.sorted() { _ = depth(id, []) }
        let columns = Dictionary(grouping: drawn.sorted(), by: { column[$0] ?? 0 })
        let rows = columns.values.map(\.count).max() ?? 0
        let columnCount = (columns.keys.max() ?? -1) + 1
        var canvas = SVGCanvas(width: max(1, Double(columnCount) * (boxWidth + columnGap) - columnGap + 20),
                               height: max(1, Double(rows) * (boxHeight + rowGap) - rowGap + 20))
        var place: [String: (x: Double, y: Double)] = [:]
        for (index, ids) in columns {
            for (row, id) in ids.enumerated() {
                place[id] = (10 + Double(index) * (boxWidth + columnGap), 10 + Double(row) * (boxHeight + rowGap))
            }
        }
        canvas.definitions = """
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M0 0 L10 5 L0 10 z" fill="\(Palette.muted)"/></marker>
            """
        for id in drawn.sorted() {
            guard let from = place[id] else { continue }
            for target in (uses[id] ?? []).sorted() {
                guard let to = place[target] else { continue }
                canvas.element("line", [("x1", Markup.number(from.x)), ("y1", Markup.number(from.y + boxHeight / 2)),
                                        ("x2", Markup.number(to.x + boxWidth)), ("y2", Markup.number(to.y + boxHeight / 2)),
                                        ("stroke", Palette.muted), ("stroke-width", "1.5"), ("marker-end", "url(#arrow)"),
                                        ("class", "mark edge")],
                               title: "\(id) uses inSegment(\"\(target)\")")
            }
        }
        for id in drawn.sorted() {
            guard let at = place[id] else { continue }
            canvas.element("rect", [("x", Markup.number(at.x)), ("y", Markup.number(at.y)), ("width", Markup.number(boxWidth)),
                                    ("height", Markup.number(boxHeight)), ("rx", "5"), ("fill", "#ffffff"),
                                    ("stroke", Palette.primary), ("class", "mark node")], title: id)
            canvas.text(id, x: at.x + boxWidth / 2, y: at.y + boxHeight / 2 + 4, anchor: "middle", size: 12, fill: Palette.ink)
        }
        return canvas.svg(label: title)
    }
}
