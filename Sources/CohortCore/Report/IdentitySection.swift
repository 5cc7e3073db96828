/// The identity graph: graphs by size, graphs at the identity limit, the identities linked to the
/// most others (a shared device or a junk phone number collapses people into one), and identity
/// values ingest dropped, by namespace.
enum IdentitySection {
    static func html(_ data: ReportData) -> String {
        let graph = data.graph
        var html = ReportPage.section("identity", "Identity", lead: "How identities were stitched into people. A graph far "
            + "larger than the rest, or one identity linked to several people's ids, emails or phones, is usually a shared "
            + "device or a junk value "
            + "(<code>0000000000</code>, <code>test@test.com</code>) collapsing people into one profile: block the value in its "
            + "namespace, or make the namespace <code>unique</code>.")
        let facts = [("graphs", graph.graphs), ("identities", graph.identities), ("graphs at the identity limit", graph.atLimit),
                     ("identities evicted by that limit", graph.evicted), ("links dropped by a unique namespace", graph.droppedByUnique),
                     ("links dropped by a namespace limit", graph.droppedLinks - graph.droppedByUnique)]
        html += "<ul class=\"facts\">" + facts.map { "<li><strong>\(ReportPage.number($0.1))</strong> \(Markup.escape($0.0))</li>" }.joined() + "</ul>"
        let bars = graph.sizes.indices.map { BarChart.Bar(label: GraphStats.sizeLabel($0), count: graph.sizes[$0]) }
        html += "<h3>Graphs by number of identities</h3><div class=\"scroll\">"
            + BarChart.svg(bars, unit: "graphs", title: "identity graphs by size") + "</div>"
        html += "<h3>Identities shared by several people</h3>"
        if data.sharedIdentities.isEmpty {
            html += "<p>No identity is linked to two values of a namespace that identifies a person.</p>"
        } else {
            html += ReportPage.table([("identity", false), ("linked to", true), ("of namespace", false), ("its graph", true)],
                                     data.sharedIdentities.map {
                ["<code>\(Markup.escape($0.identity.description))</code>", ReportPage.count($0.values, "value"),
                 "<code>\(Markup.escape($0.namespace))</code>", ReportPage.count($0.graphSize, "identity", plural: "identities")]
            }, caption: "the most first; links that unique or limit dropped count, since they are what was refused")
        }
        html += "<h3>Identity values dropped at ingest</h3>"
        let dropped = data.droppedValues
        if dropped.isEmpty {
            html += "<p>None in the recorded builds.</p>"
        } else {
            html += ReportPage.table([("namespace", false), ("reason", false), ("values", true)], dropped.keys.sorted().map {
                ["<code>\(Markup.escape($0.namespace))</code>", Markup.escape(reason($0.drop)), ReportPage.number(dropped[$0] ?? 0)]
            }, caption: "over every recorded build")
        }
        return html + "</section>\n"
    }

    static func reason(_ drop: IdentityRules.Drop) -> String {
        switch drop {
        case .invalid: return "not a valid value (empty, junk, too long, or not of the namespace's form)"
        case .blocked: return "blocked by the namespace's blocked patterns"
        case .unknownNamespace: return "a namespace the workspace does not define"
        case .overRecordLimit: return "over the identities-per-record limit"
        }
    }
}
