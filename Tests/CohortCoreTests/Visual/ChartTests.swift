import Testing
@testable import CohortCore

/// The report's charts: one mark per datum (what the browser test counts too), stable bytes.
@Suite struct ChartTests {
    private func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func aTrendHasAPointPerBuildAndABarPerNonzeroChange() {
        let points = [TrendChart.Point(label: "2026-11-01", members: 10, entered: 10, exited: 0),
                      TrendChart.Point(label: "2026-11-02", members: 8, entered: 1, exited: 3),
                      TrendChart.Point(label: "2026-11-03", members: 8, entered: 0, exited: 0)]
        let svg = TrendChart.svg(points, title: "gold")
        #expect(count("class=\"mark point\"", in: svg) == 3)
        #expect(count("class=\"mark entered\"", in: svg) == 2)
        #expect(count("class=\"mark exited\"", in: svg) == 1)
        #expect(svg.contains("<title>2026-11-02: 8 members (+1 −3)</title>"))
        #expect(svg == TrendChart.svg(points, title: "gold"))
        // The highest point is at the top of the plot, zero at its bottom.
        #expect(svg.contains("cy=\"\(Markup.number(TrendChart.lineTop))\""))
    }

    @Test func noBuildsSaySoInsteadOfDrawingNothing() {
        #expect(TrendChart.svg([], title: "t").contains("no builds recorded yet"))
    }

    @Test func barsAreAsTallAsTheirShareOfTheLargest() {
        let svg = BarChart.svg([.init(label: "1", count: 100), .init(label: "2", count: 50), .init(label: "3-4", count: 0)],
                               unit: "graphs", title: "sizes")
        #expect(count("class=\"mark bar\"", in: svg) == 3)
        #expect(svg.contains("height=\"110\""))
        #expect(svg.contains("height=\"55\""))
        #expect(svg.contains("height=\"0\""))
    }

    @Test func aShareBarDrawsOnlyItsNonzeroParts() {
        let svg = ShareBar.svg([.init(label: "exported", count: 3, fill: "#0"), .init(label: "consent", count: 0, fill: "#1"),
                                .init(label: "identity", count: 1, fill: "#2")], title: "s", width: 200)
        #expect(count("class=\"mark part\"", in: svg) == 2)
        #expect(svg.contains("width=\"150\"") && svg.contains("x=\"150\" y=\"0\" width=\"50\""))
    }

    @Test func dependenciesAreColumnsAfterWhatTheyUse() {
        let svg = DependencyDrawing.svg(uses: ["c": ["b"], "b": ["a"], "d": ["a"], "lonely": []], title: "deps")
        #expect(count("class=\"mark node\"", in: svg) == 4)
        #expect(count("class=\"mark edge\"", in: svg) == 3)
        #expect(!svg.contains(">lonely<"))
        // a in column 0, b and d in column 1, c in column 2.
        let column = { (id: String) -> String? in
            guard let range = svg.range(of: "<title>\(id)</title>") else { return nil }
            let before = svg[..<range.lowerBound]
            guard let x = before.range(of: "<rect x=\"", options: .backwards) else { return nil }
            return String(before[x.upperBound...].prefix { $0 != "\"" })
        }
        #expect(column("a") == "10")
        #expect(column("b") == column("d"))
        #expect(column("c") == Markup.number(10 + 2 * (DependencyDrawing.boxWidth + DependencyDrawing.columnGap)))
    }

    @Test func aCycleThatSlippedThroughStillDraws() {
        let svg = DependencyDrawing.svg(uses: ["a": ["b"], "b": ["a"]], title: "cycle")
        #expect(count("class=\"mark node\"", in: svg) == 2)
    }

    @Test func labelsAreEscaped() {
        let svg = TrendChart.svg([.init(label: "<b>&\"", members: 1, entered: 0, exited: 0)], title: "<script>")
        #expect(!svg.contains("<b>") && !svg.contains("<script>"))
        #expect(svg.contains("&lt;b&gt;&amp;&quot;"))
    }
}

extension ChartTests {
    @Test func theFirstBuildsChangeDoesNotFlattenTheLaterOnes() {
        let points = [TrendChart.Point(label: "d1", members: 1_000, entered: 1_000, exited: 0),
                      TrendChart.Point(label: "d2", members: 990, entered: 0, exited: 10),
                      TrendChart.Point(label: "d3", members: 995, entered: 5, exited: 0)]
        let svg = TrendChart.svg(points, title: "t")
        let half = Markup.number(TrendChart.barsHeight / 2)
        // The first bar is cut at the top of its half; the largest later change fills its half.
        #expect(svg.components(separatedBy: "height=\"\(half)\" fill=\"\(Palette.entered)\"").count - 1 == 1)
        #expect(svg.components(separatedBy: "height=\"\(half)\" fill=\"\(Palette.exited)\"").count - 1 == 1)
        #expect(svg.contains("<title>d1: 1000 entered</title>"))
    }
}
