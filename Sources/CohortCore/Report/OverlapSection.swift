/// Overlap between audiences: how many profiles each pair of segments shares, with the Jaccard
/// index (shared ÷ in either) as the cell's shade; and which segments build on others.
enum OverlapSection {
    static func html(_ data: ReportData) -> String {
        let ids = data.segments.map(\.id)
        var html = ReportPage.section("overlap", "Overlap", lead: "Profiles in both segments of a row and a column, and the "
            + "Jaccard index (shared ÷ in either): the darker the cell, the more alike the two audiences. The diagonal is each "
            + "segment's size.")
        html += "<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th></th>"
        html += ids.map { "<th class=\"col\"><span>\(Markup.escape($0))</span></th>" }.joined() + "</tr></thead><tbody>"
        for row in ids {
            html += "<tr><th>\(Markup.escape(row))</th>"
            for column in ids {
                let shared = data.overlap(row, column)
                let either = data.overlap(row, row) + data.overlap(column, column) - shared
                let jaccard = either > 0 ? Double(shared) / Double(either) : 0
                let alpha = Markup.number(jaccard * 0.85)
                let ink = jaccard > 0.5 ? "#ffffff" : Palette.ink
                let title = row == column ? "\(row): \(shared) members"
                    : "\(row) and \(column): \(shared) shared, Jaccard \(fixed(jaccard))"
                html += "<td class=\"cell mark\" style=\"background:rgba(31,111,235,\(alpha));color:\(ink)\" "
                    + "title=\"\(Markup.escape(title))\">\(ReportPage.number(shared))"
                    + (row == column ? "" : "<small>\(fixed(jaccard))</small>") + "</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        let uses = Dictionary(uniqueKeysWithValues: data.segments.map { ($0.id, $0.uses) })
        html += "<h3>Segments built on segments</h3>"
        if uses.values.allSatisfy(\.isEmpty) {
            html += "<p>No segment uses <code>inSegment</code>.</p>"
        } else {
            html += "<p>An arrow goes from a segment to each segment it uses through <code>inSegment</code>: those are evaluated first.</p>"
            html += "<div class=\"scroll\">" + DependencyDrawing.svg(uses: uses, title: "inSegment dependencies") + "</div>"
        }
        return html + "</section>\n"
    }

    /// `0.27`: two decimals.
    static func fixed(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
