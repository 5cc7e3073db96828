/// Audiences: per segment its size now, its trend over the recorded builds with who entered and
/// exited in each, and how it is evaluated (streaming or batch, and why).
enum AudienceSection {
    static func html(_ data: ReportData) -> String {
        let charted = Array(data.history.suffix(ReportPage.chartedBuilds))
        var lead = "Members of each segment now, and over the \(ReportPage.count(charted.count, "build")) "
        lead += data.history.count > charted.count ? "most recently recorded" : "recorded"
        lead += ": the line is the audience's size, green bars are profiles that entered in a build, red bars profiles that exited."
        var html = ReportPage.section("audiences", "Audiences", lead: Markup.escape(lead))
        html += ReportPage.legend([("members", Palette.primary), ("entered", Palette.entered), ("exited", Palette.exited)])
        html += "<div class=\"cards\">"
        for segment in data.segments {
            let points = charted.map { record -> TrendChart.Point in
                let counts = record.segments[segment.id]
                return TrendChart.Point(label: ReportPage.day(record.asOf), members: counts?.members ?? 0,
                                        entered: counts?.entered ?? 0, exited: counts?.exited ?? 0)
            }
            let last = charted.last?.segments[segment.id]
            let mode = segment.eligibility.isStreaming ? "streaming" : "batch"
            html += "<article class=\"card\" id=\"segment-\(Markup.escape(segment.id))\">"
            html += "<h3>\(Markup.escape(segment.name.isEmpty ? segment.id : segment.name))</h3>"
            html += "<p class=\"id\"><code>\(Markup.escape(segment.id))</code>"
            if segment.mergePolicy != "" { html += " · merge policy <code>\(Markup.escape(segment.mergePolicy))</code>" }
            html += "</p>"
            if !segment.description.isEmpty { html += "<p class=\"description\">\(Markup.escape(segment.description))</p>" }
            html += "<p class=\"size\"><span class=\"big\">\(ReportPage.number(segment.members))</span> members"
            if let last { html += " <span class=\"up\">+\(ReportPage.number(last.entered))</span> <span class=\"down\">−\(ReportPage.number(last.exited))</span> in the last build" }
            html += "</p>"
            html += TrendChart.svg(points, title: "members of \(segment.id) over \(points.count) builds")
            html += "<p class=\"mode\"><span class=\"badge \(mode)\">\(mode)</span> \(Markup.escape(segment.eligibility.reason))</p>"
            if !segment.uses.isEmpty {
                html += "<p class=\"uses\">uses " + segment.uses.map { "<a href=\"#segment-\(Markup.escape($0))\"><code>\(Markup.escape($0))</code></a>" }
                    .joined(separator: ", ") + "</p>"
            }
            html += "</article>"
        }
        return html + "</div></section>\n"
    }
}
