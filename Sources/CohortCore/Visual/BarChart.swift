/// Counts per category as vertical bars, each labelled with its category below and its count above.
public struct BarChart {
    /// One bar.
    public struct Bar: Equatable, Sendable {
        public var label: String
        public var count: Int

        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// The chart as SVG: `unit` names what is counted in each bar's tooltip ("graphs").
    public static func svg(_ bars: [Bar], unit: String, title: String, fill: String = Palette.primary) -> String {
        let slot = 56.0
        let top = 18.0
        let plotHeight = 110.0
        var canvas = SVGCanvas(width: max(slot, Double(bars.count) * slot) + 16, height: top + plotHeight + 22)
        let largest = max(1, bars.map(\.count).max() ?? 1)
        let base = top + plotHeight
        canvas.line(from: (8, base), to: (canvas.width - 8, base), stroke: Palette.faint)
        for (index, bar) in bars.enumerated() {
            let center = 8 + slot * (Double(index) + 0.5)
            let height = bar.count == 0 ? 0 : max(1, plotHeight * Double(bar.count) / Double(largest))
            canvas.rect(x: center - slot * 0.35, y: base - height, width: slot * 0.7, height: height, fill: fill,
                        className: "mark bar", title: "\(bar.label): \(bar.count) \(unit)")
            canvas.text(String(bar.count), x: center, y: base - height - 4, anchor: "middle", fill: Palette.ink)
            canvas.text(bar.label, x: center, y: base + 15, anchor: "middle")
        }
        return canvas.svg(label: title)
    }
}
