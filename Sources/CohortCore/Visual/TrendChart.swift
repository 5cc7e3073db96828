/// An audience over its builds: members as a line with a point per build, and below it a bar per
/// build for the profiles that entered (up, green) and exited (down, red). Exact numbers are in each
/// mark's tooltip.
public struct TrendChart {
    /// One build: its as-of date, the members after it, and who entered and exited in it.
    public struct Point: Equatable, Sendable {
        public var label: String
        public var members: Int
        public var entered: Int
        public var exited: Int

        public init(label: String, members: Int, entered: Int, exited: Int) {
            self.label = label
            self.members = members
            self.entered = entered
            self.exited = exited
        }
    }

    static let width = 320.0
    static let lineTop = 14.0
    static let lineHeight = 78.0
    static let barsTop = 110.0
    static let barsHeight = 36.0
    static let left = 40.0
    static let right = 8.0

    /// The chart as SVG, titled `title` for screen readers.
    public static func svg(_ points: [Point], title: String) -> String {
        var canvas = SVGCanvas(width: width, height: barsTop + barsHeight + 18)
        guard !points.isEmpty else {
            canvas.text("no builds recorded yet", x: width / 2, y: 60, anchor: "middle")
            return canvas.svg(label: title)
        }
        // Points sit inside the axes by half a bar, so that the first and last bars stay in the drawing.
        let inset = 9.0
        let plotWidth = width - left - right - 2 * inset
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let x = { (index: Int) in left + inset + (points.count > 1 ? Double(index) * step : plotWidth / 2) }
        let top = max(1, points.map(\.members).max() ?? 1)
        let y = { (members: Int) in lineTop + lineHeight * (1 - Double(members) / Double(top)) }
        canvas.line(from: (left, lineTop + lineHeight), to: (width - right, lineTop + lineHeight), stroke: Palette.faint)
        canvas.text(String(top), x: left - 6, y: lineTop + 4, anchor: "end")
        canvas.text("0", x: left - 6, y: lineTop + lineHeight + 4, anchor: "end")
        if points.count > 1 {
            let path = points.indices.map { "\($0 == 0 ? "M" : "L")\(Markup.number(x($0))) \(Markup.number(y(points[$0].members)))" }
            canvas.element("path", [("d", path.joined(separator: " ")), ("fill", "none"), ("stroke", Palette.primary),
                                    ("stroke-width", "2"), ("stroke-linejoin", "round")])
        }
        for (index, point) in points.enumerated() {
            canvas.element("circle", [("cx", Markup.number(x(index))), ("cy", Markup.number(y(point.members))), ("r", "3"),
                                      ("fill", Palette.primary), ("class", "mark point")],
                           title: "\(point.label): \(point.members) members (+\(point.entered) −\(point.exited))")
        }
        // Entered above the middle line, exited below it, on one scale across the chart: that of the
        // builds after the first, whose bar (everyone entering a new audience) is cut at the top.
        let middle = barsTop + barsHeight / 2
        let later = points.dropFirst().map { max($0.entered, $0.exited) }.max() ?? 0
        let largest = max(1, later > 0 ? later : max(points[0].entered, points[0].exited))
        let scale = (barsHeight / 2) / Double(largest)
        let barWidth = max(2, min(2 * inset, points.count > 1 ? step * 0.6 : 2 * inset))
        canvas.line(from: (left, middle), to: (width - right, middle), stroke: Palette.faint)
        canvas.text("in", x: left - 6, y: middle - 4, anchor: "end", size: 9, fill: Palette.entered)
        canvas.text("out", x: left - 6, y: middle + 11, anchor: "end", size: 9, fill: Palette.exited)
        for (index, point) in points.enumerated() {
            if point.entered > 0 {
                let height = min(barsHeight / 2, max(1, Double(point.entered) * scale))
                canvas.rect(x: x(index) - barWidth / 2, y: middle - height, width: barWidth, height: height, fill: Palette.entered,
                            className: "mark entered", title: "\(point.label): \(point.entered) entered")
            }
            if point.exited > 0 {
                let height = min(barsHeight / 2, max(1, Double(point.exited) * scale))
                canvas.rect(x: x(index) - barWidth / 2, y: middle, width: barWidth, height: height, fill: Palette.exited,
                            className: "mark exited", title: "\(point.label): \(point.exited) exited")
            }
        }
        let bottom = barsTop + barsHeight + 14
        canvas.text(points[0].label, x: left, y: bottom, anchor: points.count > 1 ? "start" : "middle")
        if points.count > 1 { canvas.text(points[points.count - 1].label, x: width - right, y: bottom, anchor: "end") }
        return canvas.svg(label: title)
    }
}
