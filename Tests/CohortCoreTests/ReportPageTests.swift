import Testing
@testable import CohortCore

/// `cohort report`'s page as a function of its data: self-contained, escaped, and the same bytes
/// for the same data.
@Suite struct ReportPageTests {
    static func data() -> ReportData {
        var data = ReportData(workspaceName: "demo <&>")
        var first = BuildRecordTests.sample()
        first.segments["gold"] = BuildRecord.SegmentCounts(members: 4, entered: 4, exited: 0)
        var second = first
        second.asOf += 86_400_000
        second.segments["gold"] = BuildRecord.SegmentCounts(members: 3, entered: 0, exited: 1)
        data.history = [first, second]
        let streaming = StreamingEligibility(isStreaming: true, reason: "it reads profile attributes only")
        data.segments = [
            ReportData.SegmentSummary(id: "gold", name: "Gold <script>alert(1)</script>", description: "Tier \"gold\"", members: 3,
                                      eligibility: streaming, uses: [], mergePolicy: ""),
            ReportData.SegmentSummary(id: "gold-recent", name: "", description: "", members: 2,
                                      eligibility: StreamingEligibility(isStreaming: false, reason: "it depends on a batch segment"),
                                      uses: ["gold"], mergePolicy: "loyalty-first"),
        ]
        data.overlaps = [ReportData.Pair("gold-recent", "gold"): 2]
        var counts = ExportCounts()
        counts.members = 3
        counts.exported = 2
        counts.consent = 1
        data.destinations = [
            ReportData.DestinationSummary(id: "email", name: "Email", kind: "file · csv", manifest: ExportManifest(
                destination: "email", export: 0, files: [.init(name: "email_gold.csv", segment: "gold", export: nil, rows: 2)],
                segments: ["gold": counts]), blockedBy: [:]),
            ReportData.DestinationSummary(id: "ads", name: "", kind: "file · csv", manifest: nil,
                                          blockedBy: ["no-third-party": ["label C2 on field personalEmail.address"]]),
        ]
        data.profiles = 9
        data.graph = GraphStats(graphs: 5, identities: 12, atLimit: 0, droppedLinks: 1, evicted: 0, sizes: [2, 1, 2, 0, 0, 0, 0])
        data.sharedIdentities = [IdentityGraph.SharedIdentity(identity: Identity(namespace: "ECID", id: "1234"), namespace: "crm",
                                                              values: 2, graphSize: 3)]
        data.rejections = [ReportData.RejectionGroup(reason: #"x: "…" is bad"#, count: 2, places: [("rejected/crm/1.ndjson", 4)])]
        return data
    }

    @Test func thePageLoadsNothingFromAnywhere() {
        let html = ReportPage.html(Self.data())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        for external in [" src=", "href=\"http", "href=\"//", "@import", "url(http", "url(//", "<link"] {
            #expect(!html.contains(external), "\(external)")
        }
    }

    @Test func everythingFromTheWorkspaceIsEscaped() {
        let html = ReportPage.html(Self.data())
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("Gold &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Audiences of demo &lt;&amp;&gt;"))
        #expect(html.contains("Tier &quot;gold&quot;"))
        // The page's own script is the only one.
        #expect(html.components(separatedBy: "<script>").count == 2)
    }

    @Test func theSameDataIsTheSameBytes() {
        #expect(ReportPage.html(Self.data()) == ReportPage.html(Self.data()))
    }

    @Test func eachSectionShowsItsFacts() {
        let html = ReportPage.html(Self.data())
        for id in ["audiences", "overlap", "destinations", "identity", "ingest", "builds"] {
            #expect(html.contains("<section id=\"\(id)\">"), "\(id)")
        }
        // Audiences: a trend per segment with a point per build; the batch segment says why.
        #expect(html.components(separatedBy: "class=\"mark point\"").count - 1 == 2 * 2)
        #expect(html.contains("<span class=\"badge batch\">batch</span> it depends on a batch segment"))
        #expect(html.contains("merge policy <code>loyalty-first</code>"))
        // Overlap: 2 shared of 3 and 2 in either → Jaccard 2 / 3.
        #expect(html.contains("gold-recent and gold: 2 shared, Jaccard 0.67"))
        #expect(html.contains("class=\"mark edge\""))
        // Destinations: the blocked one names its policy and what it denies; the other its rows.
        #expect(html.contains("by policy <code>no-third-party</code>: nothing is exported while it uses label C2 on field personalEmail.address"))
        #expect(html.contains("<code>email_gold.csv</code>"))
        // Identity and ingest.
        #expect(html.contains("<code>ECID:1234</code></td><td class=\"num\">2 values</td><td><code>crm</code>"))
        #expect(html.contains("blocked by the namespace&#39;s blocked patterns"))
        #expect(html.contains("x: &quot;…&quot; is bad"))
        #expect(!html.contains("counted over the first"))
        var sampled = Self.data()
        sampled.rejectionsReadPerFile = 10_000
        #expect(ReportPage.html(sampled).contains("; counted over the first 10,000 rejected records of each file"))
        #expect(html.contains("as of the last build, 2026-11-22T12:00:00Z · 2 builds recorded"))
    }

    @Test func thousandsAreSeparatedTheSameEverywhere() {
        #expect(ReportPage.number(0) == "0")
        #expect(ReportPage.number(999) == "999")
        #expect(ReportPage.number(1_000) == "1,000")
        #expect(ReportPage.number(1_234_567) == "1,234,567")
        #expect(ReportPage.number(-12_345) == "−12,345")
    }
}
