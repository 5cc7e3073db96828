/// An SVG drawing built up element by element: each call appends one element with its attributes
/// written in the order given, so the same drawing is always the same bytes. Marks (the shapes that
/// stand for data) carry the class `mark` and a `<title>` that says what they stand for.
public struct SVGCanvas {
    /// The type of every drawing: the reader's system font.
    public static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    public let width: Double
    public let height: Double
    private var body: [String] = []
    /// Markup for `<defs>` (arrow heads and the like), written before the elements.
    public var definitions = ""

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Appends `<name attributes…>` with `title` as a tooltip (and accessible name) when given.
    public mutating func element(_ name: String, _ attributes: [(String, String)], title: String? = nil, text: String? = nil) {
        let written = attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
        var inner = title.map { "<title>\(Markup.escape($0))</title>" } ?? ""
        if let text { inner += Markup.escape(text) }
        body.append(inner.isEmpty ? "<\(name)\(written)/>" : "<\(name)\(written)>\(inner)</\(name)>")
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, className: String? = nil,
                              title: String? = nil) {
        var attributes = [("x", Markup.number(x)), ("y", Markup.number(y)), ("width", Markup.number(max(0, width))),
                          ("height", Markup.number(max(0, height))), ("fill", fill)]
        if let className { attributes.append(("class", className)) }
        element("rect", attributes, title: title)
    }

    public mutating func line(from start: (Double, Double), to end: (Double, Double), stroke: String, width: Double = 1,
                              dashed: Bool = false, className: String? = nil) {
        var attributes = [("x1", Markup.number(start.0)), ("y1", Markup.number(start.1)), ("x2", Markup.number(end.0)),
                          ("y2", Markup.number(end.1)), ("stroke", stroke), ("stroke-width", Markup.number(width))]
        if dashed { attributes.append(("stroke-dasharray", "4 3")) }
        if let className { attributes.append(("class", className)) }
        element("line", attributes)
    }

    /// Text at (`x`, `y`); `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 11,
                              fill: String = Palette.muted, weight: String? = nil) {
        var attributes = [("x", Markup.number(x)), ("y", Markup.number(y)), ("font-size", Markup.number(size)), ("fill", fill)]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let weight { attributes.append(("font-weight", weight)) }
        element("text", attributes, text: content)
    }

    /// The drawing as an `<svg>` element that scales to its container, labelled `label` for screen readers.
    public func svg(label: String) -> String {
        let size = "\(Markup.number(width)) \(Markup.number(height))"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(size)\" width=\"\(Markup.number(width))\" "
            + "height=\"\(Markup.number(height))\" role=\"img\" aria-label=\"\(Markup.escape(label))\" "
            + "font-family=\"\(Markup.escape(Self.fontFamily))\">"
            + (definitions.isEmpty ? "" : "<defs>\(definitions)</defs>") + body.joined() + "</svg>"
    }
}
