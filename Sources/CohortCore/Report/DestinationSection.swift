/// Destinations: what each one holds now (its manifest), per segment the rows exported and the
/// profiles left out by reason, and the policies that block a destination with what they deny.
enum DestinationSection {
    static let parts: [(label: String, fill: String)] = [
        ("exported", Palette.entered), ("left out: consent", Palette.consent), ("left out: mandatory attribute missing", Palette.mandatory),
        ("left out: no export identity", Palette.missingIdentity), ("deduplicated", Palette.deduplicated),
    ]

    static func html(_ data: ReportData) -> String {
        var html = ReportPage.section("destinations", "Destinations", lead: "What each destination holds after the last build, "
            + "and why members of its segments were left out. Rows are counted per export identity value; a member left out "
            + "lacks the consent, a mandatory attribute or an identity the destination needs.")
        html += ReportPage.legend(parts)
        for destination in data.destinations {
            html += "<article class=\"destination\" id=\"destination-\(Markup.escape(destination.id))\">"
            html += "<h3>\(Markup.escape(destination.name.isEmpty ? destination.id : destination.name)) "
                + "<span class=\"kind\">\(Markup.escape(destination.kind))</span></h3>"
            for (policy, uses) in destination.blockedBy.sorted(by: { $0.key < $1.key }) {
                html += "<div class=\"blocked\"><strong>Blocked</strong> by policy <code>\(Markup.escape(policy))</code>: "
                    + "nothing is exported while it uses " + uses.map(Markup.escape).joined(separator: "; ") + ".</div>"
            }
            guard let manifest = destination.manifest else {
                html += "<p>No export written yet.</p></article>"
                continue
            }
            let rows = manifest.segments.keys.sorted().map { segment -> [String] in
                let counts = manifest.segments[segment] ?? ExportCounts()
                let values = [counts.exported, counts.consent, counts.mandatory, counts.identity, counts.deduplicated]
                let bar = ShareBar.svg(zip(parts, values).map { ShareBar.Part(label: $0.0.label, count: $0.1, fill: $0.0.fill) },
                                       title: "\(segment) in \(destination.id)")
                return ["<code>\(Markup.escape(segment))</code>", ReportPage.number(counts.members)]
                    + values.map(ReportPage.number) + [bar]
            }
            html += ReportPage.table([("segment", false), ("members", true), ("exported", true), ("consent", true),
                                      ("mandatory", true), ("no identity", true), ("deduplicated", true), ("share", false)], rows)
            let files = manifest.files.map { file in
                ["<code>\(Markup.escape(file.name))</code>", file.segment.map { "<code>\(Markup.escape($0))</code>" } ?? "all",
                 file.export.map(String.init) ?? "", ReportPage.number(file.rows)]
            }
            html += "<details><summary>\(ReportPage.count(manifest.files.count, "file")) in <code>exports/\(Markup.escape(destination.id))/</code></summary>"
                + ReportPage.table([("file", false), ("segment", false), ("export", true), ("rows", true)], files) + "</details>"
            html += "</article>"
        }
        return html + "</section>\n"
    }
}
