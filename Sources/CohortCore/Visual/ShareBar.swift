/// One horizontal bar split into parts that add up to a whole (an audience: rows exported, and
/// profiles left out by reason), each part as wide as its share.
public struct ShareBar {
    /// One part of the whole.
    public struct Part: Equatable, Sendable {
        public var label: String
        public var count: Int
        public var fill: String

        public init(label: String, count: Int, fill: String) {
            self.label = label
            self.count = count
            self.fill = fill
        }
    }

    public static func svg(_ parts: [Part], title: String, width: Double = 260) -> String {
        let height = 14.0
        var canvas = SVGCanvas(width: width, height: height)
        let total = parts.reduce(0) { $0 + $1.count }
        guard total > 0 else {
            canvas.rect(x: 0, y: 0, width: width, height: height, fill: Palette.faint)
            return canvas.svg(label: title)
        }
        var x = 0.0
        for part in parts where part.count > 0 {
            let share = width * Double(part.count) / Double(total)
            canvas.rect(x: x, y: 0, width: share, height: height, fill: part.fill, className: "mark part",
                        title: "\(part.label): \(part.count)")
            x += share
        }
        return canvas.svg(label: title)
    }
}
