import Foundation
import Testing

/// `cohort report` as a user runs it after two weekly builds of the template, and the page in a browser.
@Suite struct ReportCommandTests {
    /// A copy of the template built at two times, removed after `body`.
    static func withTwiceBuiltTemplate(_ body: (_ workspace: URL) throws -> Void) throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("demo")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        for asOf in ["2026-11-21T12:00:00Z", "2026-11-28T12:00:00Z"] {
            let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", asOf])
            try #require(build.status == 0, "\(build.stderr)")
        }
        try body(workspace)
    }

    @Test func theReportIsWrittenInTheWorkspaceOrWhereAskedAndIsTheSameBytesEachTime() throws {
        try Self.withTwiceBuiltTemplate { workspace in
            let report = try CohortProcess.run(["report", "-C", workspace.path])
            #expect(report.status == 0, "\(report.stderr)")
            let file = workspace.appendingPathComponent("report.html")
            #expect(report.stdout == "wrote \(file.path): 7 segments, 6 destinations, 2 builds recorded\n")
            let written = try String(contentsOf: file, encoding: .utf8)
            #expect(written.contains("as of the last build, 2026-11-28T12:00:00Z · 2 builds recorded"))
            let piped = try CohortProcess.run(["report", "-C", workspace.path, "--out", "-"])
            #expect(piped.status == 0 && piped.stdout == written)
            // The page names identities: `cohort init` keeps it out of git with the derived state.
            #expect(try String(contentsOf: workspace.appendingPathComponent(".gitignore"), encoding: .utf8).contains("report.html\n"))
            let unwritable = try CohortProcess.run(["report", "-C", workspace.path, "--out", workspace.appendingPathComponent("no/such/folder.html").path])
            #expect(unwritable.status == 1)
            #expect(unwritable.stderr.hasPrefix("error: \(workspace.path)/no/such/folder.html: cannot be written"))
        }
    }

    @Test func aWorkspaceNeverBuiltSaysToBuildItFirst() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("w")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let report = try CohortProcess.run(["report", "-C", workspace.path])
        #expect(report.status == 1)
        #expect(report.stderr == "error: this workspace has not been built yet; run `cohort build` first\n")
        // Once built, one build is recorded.
        #expect(try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"]).status == 0)
        let built = try CohortProcess.run(["report", "-C", workspace.path])
        #expect(built.stdout.hasSuffix(": 7 segments, 6 destinations, 1 build recorded\n"), "\(built.stdout)")
    }

    /// The page in Chromium: no console error, a mark per datum, and a click on a heading sorts its table.
    @Test(.enabled(if: HeadlessChromium.shouldRun, HeadlessChromium.skipReason))
    func thePageRendersInABrowserWithAMarkPerDatum() throws {
        let chromium = try HeadlessChromium.required()
        try Self.withTwiceBuiltTemplate { workspace in
            let report = try CohortProcess.run(["report", "-C", workspace.path, "--out", "-"])
            try #require(report.status == 0, "\(report.stderr)")
            let check = """
                <pre id="result"></pre><script>
                const count = selector => document.querySelectorAll(selector).length;
                const table = document.querySelector("#ingest table.sortable");
                const read = table.tHead.rows[0].cells[2];
                read.click();
                read.click();
                document.getElementById("result").textContent = JSON.stringify({
                  points: count("circle.mark.point"), bars: count("rect.mark.bar"), nodes: count("rect.mark.node"),
                  edges: count("line.mark.edge"), cells: count("td.cell"), parts: count("rect.mark.part"),
                  drawn: [...document.querySelectorAll("svg")].every(svg => svg.getBBox().width > 0),
                  largestRead: table.tBodies[0].rows[0].cells[2].textContent, sortedBy: read.getAttribute("aria-sort"),
                });
                console.log("report checked");
                </script>
                """
            let page = report.stdout.replacingOccurrences(of: "</body>", with: check + "</body>")
            let rendered = try chromium.render(html: page)
            #expect(rendered.errors.isEmpty, "\(String(describing: rendered.errors))")
            #expect(rendered.console.contains { $0.text == "report checked" }, "\(String(describing: rendered.console))")
            let result = try rendered.result()
            #expect(result["points"] as? Int == 7 * 2)    // 7 segments × 2 builds
            #expect(result["bars"] as? Int == 7)          // graph size buckets
            #expect(result["nodes"] as? Int == 3)         // gold-recent-buyers and the two segments it uses
            #expect(result["edges"] as? Int == 2)
            #expect(result["cells"] as? Int == 7 * 7)
            #expect((result["parts"] as? Int ?? 0) > 0)
            #expect(result["drawn"] as? Bool == true)
            #expect(result["largestRead"] as? String == "2,597")
            #expect(result["sortedBy"] as? String == "descending")
        }
    }
}

extension ReportCommandTests {
    /// `--out` naming a link: the link is replaced by the page, the file it pointed to is untouched.
    @Test func aLinkAtTheOutputIsReplacedNotWrittenThrough() throws {
        try Self.withTwiceBuiltTemplate { workspace in
            let outside = workspace.deletingLastPathComponent().appendingPathComponent("outside.txt")
            try Data("kept\n".utf8).write(to: outside)
            let link = workspace.appendingPathComponent("linked.html")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
            let report = try CohortProcess.run(["report", "-C", workspace.path, "--out", link.path])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(try String(contentsOf: outside, encoding: .utf8) == "kept\n")
            #expect(try String(contentsOf: link, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
            let graph = try CohortProcess.run(["graph", "-C", workspace.path, GraphCommandTests.tablet, "--out",
                                               workspace.appendingPathComponent("no/such/folder.svg").path])
            #expect(graph.status == 1)
            #expect(graph.stderr.hasPrefix("error: \(workspace.path)/no/such/folder.svg: cannot be written"))
        }
    }
}
