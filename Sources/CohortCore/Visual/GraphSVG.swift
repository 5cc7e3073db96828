/// An identity graph drawing as a standalone SVG, laid out by `GraphLayout` (no Graphviz needed):
/// identities as circles coloured by namespace type, links labelled with the record and time that made
/// them, dropped links dashed with their rule, and a legend. The same drawing is always the same bytes.
public enum GraphSVG {
    static let white = "#ffffff"
    /// Centred text on a white outline, so it stays legible where it crosses a line.
    static let halo = #"text-anchor="middle" stroke="\#(white)" stroke-width="3" stroke-linejoin="round" "#
        + #"paint-order="stroke""#
    static let radius = 11.0
    static let margin = 24.0
    /// Title and subtitle above the graph.
    static let header = 64.0
    static let labelSize = 12.0
    static let linkLabelSize = 10.0
    static let legendSize = 12.0

    /// The drawing as an SVG document (ending in a newline).
    public static func render(_ drawing: IdentityGraphDrawing) -> String {
        let places = GraphLayout.places(count: drawing.nodes.count, edges: drawing.edges.map { ($0.from, $0.to) })
        let labels = drawing.nodes.map { IdentityGraphDrawing.shortLabel(of: $0.identity) }
        // Room for the widest node label on either side of the outermost nodes.
        let halfLabel = max(60, (labels.map { textWidth($0, size: labelSize) }.max() ?? 0) / 2 + 8)
        let graphWidth = (places.map(\.x).max() ?? 0) + 2 * halfLabel
        let graphHeight = (places.map(\.y).max() ?? 0) + 2 * radius + 34
        let title = "Identity graph of \(drawing.subject)"
        let legend = legendItems(drawing)
        let width = max(graphWidth, textWidth(title, size: 16) + 2 * margin, 480)
        let legendRows = rows(legend, width: width - 2 * margin)
        let legendTop = margin + header + graphHeight + 16
        let height = legendTop + Double(legendRows.count) * 22 + margin
        // The graph is centred horizontally when the title or legend is wider than it.
        let left = (width - graphWidth) / 2 + halfLabel
        let top = margin + header + radius
        let point = { (index: Int) in GraphLayout.Point(x: places[index].x + left, y: places[index].y + top) }

        var out = #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" "#
            + #"width="\#(n(width))" height="\#(n(height))" role="img" aria-labelledby="graph-title" "#
            + #"font-family="\#(SVGCanvas.fontFamily)" font-size="\#(n(labelSize))">"# + "\n"
        out += #"<title id="graph-title">\#(Markup.escape(title))</title>"# + "\n"
        out += #"<rect width="100%" height="100%" fill="\#(white)"/>"# + "\n"
        out += text(title, x: margin, y: margin + 16, size: 16, fill: Palette.ink, attributes: #" font-weight="600""#)
        out += text(summary(drawing), x: margin, y: margin + 38, size: 12, fill: Palette.muted)
        out += #"<g class="links">"# + "\n"
        for edge in drawing.edges { out += line(edge, from: point(edge.from), to: point(edge.to)) }
        out += "</g>\n" + #"<g class="link-labels" font-size="\#(n(linkLabelSize))">"# + "\n"
        // A link's label sits nearer its less-linked end, away from the crowd around a hub.
        var degree = Array(repeating: 0, count: drawing.nodes.count)
        for edge in drawing.edges {
            degree[edge.from] += 1
            degree[edge.to] += 1
        }
        for edge in drawing.edges {
            let (a, b) = (point(edge.from), point(edge.to))
            let t = degree[edge.from] == degree[edge.to] ? 0.5 : degree[edge.from] > degree[edge.to] ? 0.68 : 0.32
            out += linkLabel(edge, at: GraphLayout.Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
        }
        out += "</g>\n" + #"<g class="identities">"# + "\n"
        for (index, node) in drawing.nodes.enumerated() {
            out += identity(node, label: labels[index], at: point(index), isSubject: node.identity == drawing.subject)
        }
        out += "</g>\n" + #"<g class="legend" font-size="\#(n(legendSize))">"# + "\n"
        for (row, items) in legendRows.enumerated() {
            var x = margin
            let y = legendTop + Double(row) * 22 + 8
            for item in items {
                out += swatch(item.swatch, x: x, y: y)
                out += text(item.label, x: x + 26, y: y + 4, size: legendSize, fill: Palette.ink)
                x += itemWidth(item)
            }
        }
        out += "</g>\n</svg>\n"
        return out
    }

    /// "3 identities · 2 links · 1 dropped link".
    static func summary(_ drawing: IdentityGraphDrawing) -> String {
        func count(_ value: Int, _ one: String, _ many: String) -> String { "\(value) \(value == 1 ? one : many)" }
        let members = drawing.nodes.filter { $0.place == .member }.count
        let dropped = drawing.edges.filter(\.isDropped).count
        var parts = [count(members, "identity", "identities"), count(drawing.edges.count - dropped, "link", "links")]
        if dropped > 0 { parts.append(count(dropped, "dropped link", "dropped links")) }
        return parts.joined(separator: " · ")
    }

    private static func line(_ edge: IdentityGraphDrawing.Edge, from a: GraphLayout.Point,
                             to b: GraphLayout.Point) -> String {
        let style = edge.isDropped
            ? #"class="link dropped" stroke="\#(Palette.exited)" stroke-dasharray="6 4""#
            : #"class="link" stroke="\#(Palette.muted)""#
        let tooltip = linkLines(edge, short: false).joined(separator: "\n")
        return #"<g><title>\#(Markup.escape(tooltip))</title><line \#(style) stroke-width="1.5" "#
            + #"x1="\#(n(a.x))" y1="\#(n(a.y))" x2="\#(n(b.x))" y2="\#(n(b.y))"/></g>"# + "\n"
    }

    /// The rule (for a dropped link), the record and the time, one per line.
    static func linkLines(_ edge: IdentityGraphDrawing.Edge, short: Bool) -> [String] {
        let rule = edge.rule.map { [IdentityGraphDrawing.label(of: $0)] } ?? []
        return rule + [IdentityGraphDrawing.recordLabel(of: edge.origin, short: short), Timestamp.rfc3339(edge.time)]
    }

    /// The link's lines centred on `center`, on a white halo so they stay legible over other lines.
    private static func linkLabel(_ edge: IdentityGraphDrawing.Edge, at center: GraphLayout.Point) -> String {
        let lines = linkLines(edge, short: true)
        let x = center.x
        let lineHeight = linkLabelSize + 2
        let first = center.y - Double(lines.count - 1) * lineHeight / 2 + linkLabelSize * 0.35
        var out = #"<text class="link-label" x="\#(n(x))" y="\#(n(first))" "#
            + #"fill="\#(edge.isDropped ? Palette.exited : Palette.muted)" \#(halo)>"#
        for (index, line) in lines.enumerated() {
            out += #"<tspan x="\#(n(x))" dy="\#(index == 0 ? "0" : n(lineHeight))">\#(Markup.escape(line))</tspan>"#
        }
        return out + "</text>\n"
    }

    private static func identity(_ node: IdentityGraphDrawing.Node, label: String, at p: GraphLayout.Point,
                                 isSubject: Bool) -> String {
        let colour = Palette.fill(of: node.type)
        let place: String
        let circle: String
        switch node.place {
        case .member:
            place = ""
            circle = #"fill="\#(colour)" stroke="\#(white)" stroke-width="2""#
        case .evicted:
            place = "evicted"
            circle = #"fill="\#(white)" stroke="\#(colour)" stroke-width="2.5" stroke-dasharray="3 2""#
        case .elsewhere:
            place = "in another profile"
            circle = #"fill="\#(white)" stroke="\#(colour)" stroke-width="2.5""#
        }
        let tooltip = [node.identity.description, IdentityGraphDrawing.label(of: node.type), place]
            .filter { !$0.isEmpty }.joined(separator: "\n")
        var out = #"<g class="identity"><title>\#(Markup.escape(tooltip))</title>"#
        if isSubject {
            out += #"<circle class="subject" cx="\#(n(p.x))" cy="\#(n(p.y))" r="\#(n(radius + 4))" fill="none" "#
                + #"stroke="\#(Palette.ink)" stroke-width="2"/>"#
        }
        out += #"<circle class="node" cx="\#(n(p.x))" cy="\#(n(p.y))" r="\#(n(radius))" \#(circle)/>"#
        let y = p.y + radius + 6 + labelSize
        out += #"<text x="\#(n(p.x))" y="\#(n(y))" \#(halo) fill="\#(place.isEmpty ? Palette.ink : Palette.muted)""#
            + #"\#(isSubject ? #" font-weight="600""# : "")>\#(Markup.escape(label))</text>"#
        if !place.isEmpty {
            out += #"<text x="\#(n(p.x))" y="\#(n(y + labelSize + 1))" \#(halo) "#
                + #"font-size="\#(n(linkLabelSize))" fill="\#(Palette.muted)">\#(place)</text>"#
        }
        return out + "</g>\n"
    }

    /// What a legend entry shows before its label.
    enum Swatch: Equatable {
        case fill(String)
        case ring(dashed: Bool)
        case subject
        case line(colour: String, dashed: Bool)
    }

    struct LegendItem: Equatable {
        var swatch: Swatch
        var label: String
    }

    /// The namespace types drawn, then the kinds of link and identity that appear.
    static func legendItems(_ drawing: IdentityGraphDrawing) -> [LegendItem] {
        var items = drawing.types.map {
            LegendItem(swatch: .fill(Palette.fill(of: $0)), label: IdentityGraphDrawing.label(of: $0))
        }
        items.append(LegendItem(swatch: .subject, label: "asked for"))
        if drawing.edges.contains(where: { !$0.isDropped }) {
            items.append(LegendItem(swatch: .line(colour: Palette.muted, dashed: false), label: "link"))
        }
        if drawing.edges.contains(where: \.isDropped) {
            items.append(LegendItem(swatch: .line(colour: Palette.exited, dashed: true), label: "dropped link"))
        }
        if drawing.nodes.contains(where: { $0.place == .evicted }) {
            items.append(LegendItem(swatch: .ring(dashed: true), label: "evicted"))
        }
        if drawing.nodes.contains(where: { $0.place == .elsewhere }) {
            items.append(LegendItem(swatch: .ring(dashed: false), label: "in another profile"))
        }
        return items
    }

    private static func itemWidth(_ item: LegendItem) -> Double { 26 + textWidth(item.label, size: legendSize) + 18 }

    /// Legend items in rows no wider than `width`.
    private static func rows(_ items: [LegendItem], width: Double) -> [[LegendItem]] {
        var rows: [[LegendItem]] = [[]]
        var used = 0.0
        for item in items {
            if used + itemWidth(item) > width, !(rows.last ?? []).isEmpty {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(item)
            used += itemWidth(item)
        }
        return rows
    }

    private static func swatch(_ swatch: Swatch, x: Double, y: Double) -> String {
        let (cx, cy) = (n(x + 8), n(y))
        switch swatch {
        case .fill(let colour):
            return #"<circle class="swatch" cx="\#(cx)" cy="\#(cy)" r="7" fill="\#(colour)"/>"# + "\n"
        case .ring(let dashed):
            return #"<circle class="swatch" cx="\#(cx)" cy="\#(cy)" r="6" fill="\#(white)" stroke="\#(Palette.muted)" "#
                + #"stroke-width="2"\#(dashed ? #" stroke-dasharray="3 2""# : "")/>"# + "\n"
        case .subject:
            return #"<circle class="swatch" cx="\#(cx)" cy="\#(cy)" r="7" fill="none" stroke="\#(Palette.ink)" "#
                + #"stroke-width="2"/>"# + "\n"
        case .line(let colour, let dashed):
            return #"<line class="swatch" x1="\#(n(x))" y1="\#(cy)" x2="\#(n(x + 18))" y2="\#(cy)" "#
                + #"stroke="\#(colour)" stroke-width="1.5"\#(dashed ? #" stroke-dasharray="6 4""# : "")/>"# + "\n"
        }
    }

    private static func text(_ content: String, x: Double, y: Double, size: Double, fill: String,
                             attributes: String = "") -> String {
        #"<text x="\#(n(x))" y="\#(n(y))" font-size="\#(n(size))" fill="\#(fill)"\#(attributes)>"#
            + Markup.escape(content) + "</text>\n"
    }

    /// An estimate of the width of `text` at font size `size`: system sans-serif fonts average about 0.6 em.
    static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

    private static func n(_ value: Double) -> String { Markup.number(value) }
}
