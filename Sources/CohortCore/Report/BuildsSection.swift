/// Builds: the latest lines of the history, newest first — what each ingested and changed.
enum BuildsSection {
    static func html(_ data: ReportData) -> String {
        var html = ReportPage.section("builds", "Builds", lead: "The latest builds and watch steps from "
            + "<code>history/builds.ndjson</code>, newest first. <code>git log -p history/</code> shows when each was committed.")
        for problem in data.historyProblems { html += "<p class=\"warning\">\(Markup.escape(problem))</p>" }
        let rows = data.history.suffix(ReportPage.listedBuilds).reversed().map { record -> [String] in
            let entered = record.segments.values.reduce(0) { $0 + $1.entered }
            let exited = record.segments.values.reduce(0) { $0 + $1.exited }
            let written = record.destinations.values.reduce(0) { $0 + $1.written.count }
            return [Markup.escape(Timestamp.rfc3339(record.asOf)), Markup.escape(record.trigger), ReportPage.number(record.files.count),
                    ReportPage.number(record.recordsKept), ReportPage.number(record.recordsRejected), ReportPage.number(record.profiles),
                    "<span class=\"up\">+\(ReportPage.number(entered))</span>", "<span class=\"down\">−\(ReportPage.number(exited))</span>",
                    ReportPage.number(written)]
        }
        html += ReportPage.table([("as of", false), ("by", false), ("files", true), ("records kept", true), ("rejected", true),
                                  ("profiles", true), ("entered", true), ("exited", true), ("export files written", true)], rows)
        return html + "</section>\n"
    }
}
