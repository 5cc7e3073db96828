/// Ingest: records per dataset, the latest files, and why records were rejected — grouped by
/// reason with the values masked — with where the first of each are.
enum IngestSection {
    /// The latest files listed.
    static let listedFiles = 20

    static func html(_ data: ReportData) -> String {
        var html = ReportPage.section("ingest", "Ingest", lead: "Every file ingested (archive/ledger.ndjson), and why records "
            + "were rejected. Rejected records are kept with their reasons in <code>rejected/</code>; a file with more bad "
            + "records than its dataset's <code>errorThreshold</code> is not ingested at all.")
        let datasets = Dictionary(grouping: data.files, by: \.dataset)
        html += ReportPage.table([("dataset", false), ("files", true), ("read", true), ("kept", true), ("rejected", true),
                                  ("duplicate events", true)], datasets.keys.sorted().map { dataset in
            let files = datasets[dataset] ?? []
            let sum = { (value: (LedgerEntry) -> Int) in ReportPage.number(files.reduce(0) { $0 + value($1) }) }
            return ["<code>\(Markup.escape(dataset))</code>", ReportPage.number(files.count), sum(\.recordsRead), sum(\.recordsKept),
                    sum(\.recordsRejected), sum(\.duplicateEvents)]
        }, caption: "records per dataset")
        html += "<h3>Why records were rejected</h3>"
        if data.rejections.isEmpty {
            html += "<p>No record was rejected.</p>"
        } else {
            html += ReportPage.table([("reason", false), ("records", true), ("first ones", false)], data.rejections.map { group in
                [Markup.escape(group.reason), ReportPage.number(group.count),
                 group.places.map { "<code>\(Markup.escape($0.file))</code> line \($0.line)" }.joined(separator: "<br>")]
            }, caption: "values in reasons are masked; the rejected files hold the records"
                + (data.rejectionsReadPerFile.map { "; counted over the first \(ReportPage.number($0)) rejected records of each file" } ?? ""))
        }
        let latest = data.files.suffix(listedFiles).reversed()
        html += "<details><summary>The \(ReportPage.count(latest.count, "latest file")) of \(ReportPage.number(data.files.count))</summary>"
        html += ReportPage.table([("#", true), ("file", false), ("ingested", false), ("read", true), ("kept", true), ("rejected", true)],
                                 latest.map { entry in
            [String(entry.sequence), "<code>\(Markup.escape(entry.archivePath))</code>", Markup.escape(entry.ingestedAt),
             ReportPage.number(entry.recordsRead), ReportPage.number(entry.recordsKept), ReportPage.number(entry.recordsRejected)]
        }) + "</details>"
        return html + "</section>\n"
    }
}
