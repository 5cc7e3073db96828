/// `cohort report`'s page: one self-contained HTML file (inline style, inline SVG, a few lines of
/// inline script to sort tables) that loads nothing from anywhere, reads without JavaScript and
/// prints. The same `ReportData` is always the same bytes: it holds no time but the builds' own.
public enum ReportPage {
    /// Charts show at most this many of the latest builds.
    public static let chartedBuilds = 60
    /// The build table shows at most this many of the latest builds.
    public static let listedBuilds = 30

    public static func html(_ data: ReportData) -> String {
        let latest = data.history.last.map { Timestamp.rfc3339($0.asOf) }
        let subtitle = latest.map { "as of the last build, \($0) · \(count(data.history.count, "build")) recorded" }
            ?? "no build recorded in history/builds.ndjson yet"
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <title>\(Markup.escape(data.workspaceName)) · cohort report</title>
            <style>\(ReportStyle.css)</style>
            </head>
            <body>
            <header>
            <h1>Audiences of \(Markup.escape(data.workspaceName))</h1>
            <p class="subtitle">\(Markup.escape(subtitle))</p>
            <nav><a href="#audiences">Audiences</a><a href="#overlap">Overlap</a><a href="#destinations">Destinations</a>\
            <a href="#identity">Identity</a><a href="#ingest">Ingest</a><a href="#builds">Builds</a></nav>
            </header>
            <main>

            """
        page += tiles(data)
        page += AudienceSection.html(data)
        page += OverlapSection.html(data)
        page += DestinationSection.html(data)
        page += IdentitySection.html(data)
        page += IngestSection.html(data)
        page += BuildsSection.html(data)
        page += """
            </main>
            <footer>Written by <code>cohort report</code> from history/builds.ndjson, .cohort/, exports/*/manifest.json, \
            archive/ledger.ndjson and rejected/. Hover a mark for its numbers; click a column heading to sort.</footer>
            <script>\(ReportStyle.sortScript)</script>
            </body>
            </html>

            """
        return page
    }

    private static func tiles(_ data: ReportData) -> String {
        let kept = data.files.reduce(0) { $0 + $1.recordsKept }
        let rejected = data.files.reduce(0) { $0 + $1.recordsRejected }
        let blocked = data.destinations.filter { !$0.blockedBy.isEmpty }.count
        var items = [
            ("Profiles", number(data.profiles), "unified people and devices"),
            ("Segments", number(data.segments.count), "\(data.segments.filter(\.eligibility.isStreaming).count) streaming"),
            ("Destinations", number(data.destinations.count), blocked > 0 ? "\(blocked) blocked by policy" : "none blocked"),
            ("Identities", number(data.graph.identities), "in \(number(data.graph.graphs)) graphs"),
            ("Records kept", number(kept), "from \(count(data.files.count, "file"))"),
        ]
        items.append(("Rejected", number(rejected), rejected == 0 ? "no bad records" : "see Ingest"))
        return "<section class=\"tiles\">" + items.map { title, value, note in
            "<div class=\"tile\"><div class=\"tile-title\">\(title)</div><div class=\"tile-value\">\(value)</div>"
                + "<div class=\"tile-note\">\(Markup.escape(note))</div></div>"
        }.joined() + "</section>\n"
    }

    // MARK: Shared pieces

    /// `12,345`: counts with thousands separators, the same on every machine.
    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "−" : "") + out
    }

    /// `1 build`, `3 builds`; `plural` where adding an s is wrong.
    static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }

    /// The date of an as-of time, for chart labels.
    static func day(_ milliseconds: Int64) -> String {
        String(Timestamp.rfc3339(milliseconds).prefix(10))
    }

    /// A sortable table: `headings` (numeric columns right-aligned) and rows of cells already escaped.
    static func table(_ headings: [(title: String, numeric: Bool)], _ rows: [[String]], caption: String? = nil) -> String {
        var html = "<table class=\"sortable\">"
        if let caption { html += "<caption>\(Markup.escape(caption))</caption>" }
        html += "<thead><tr>" + headings.map { "<th\($0.numeric ? " class=\"num\"" : "")>\(Markup.escape($0.title))</th>" }.joined()
            + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + zip(headings, row).map { heading, cell in
                heading.numeric ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// `<section id=…><h2>…</h2><p class="lead">…</p>`, to be closed with `</section>`.
    static func section(_ id: String, _ title: String, lead: String) -> String {
        "<section id=\"\(id)\"><h2>\(Markup.escape(title))</h2><p class=\"lead\">\(lead)</p>\n"
    }

    /// A key of colours for a chart.
    static func legend(_ items: [(label: String, fill: String)]) -> String {
        "<p class=\"legend\">" + items.map {
            "<span><i style=\"background:\($0.fill)\"></i>\(Markup.escape($0.label))</span>"
        }.joined() + "</p>"
    }
}
