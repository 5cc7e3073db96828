import Foundation
import Testing

/// `cohort graph` on the template's shared tablet: Jessica Thomas logged in on it last, so its link to the
/// visitor who logged in before her is dropped by `lumaCrmId`'s `unique`.
@Suite struct GraphCommandTests {
    static let tablet = "ECID:72143301921796102161755324525346430188"
    static let earlierVisitor = "lumaCrmId:1f42af54967f7bfdbcfd41bc83fc97e3"

    /// A built copy of the template in a temporary folder, removed after `body`.
    static func withBuiltTemplate(_ body: (_ graph: ([String]) throws -> CohortProcess.Output) throws -> Void) throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("luma")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        let build = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T00:00:00Z"])
        try #require(build.status == 0, "\(build.stderr)")
        try body { try CohortProcess.run(["graph", "-C", workspace.path] + $0) }
    }

    @Test func textListsTheLinksAndTheDroppedLinkWithItsRule() throws {
        try Self.withBuiltTemplate { graph in
            let text = try graph([Self.tablet])
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.hasPrefix("Identity graph of \(Self.tablet): "
                                          + "6 identities · 5 links · 1 dropped link\n"))
            #expect(text.stdout.contains("\n  cookie:\n    ECID:23338646478242819445365429716280921258\n"
                                         + "    \(Self.tablet)\n"))
            #expect(text.stdout.contains("    \(Self.earlierVisitor)   (in another profile)\n"))
            #expect(text.stdout.contains("\n  \(Self.tablet) — lumaCrmId:3cc89e7fdcad233ca472d108b407aba5   "
                                         + "archive/web-events/000005-web-events.ndjson:2368   2026-11-14T13:50:20Z\n"))
            #expect(text.stdout.contains("\nDropped links:\n  \(Self.tablet) — \(Self.earlierVisitor)   "
                                         + "archive/web-events/000005-web-events.ndjson:491   2026-02-02T00:12:05Z   "
                                         + "dropped: lumaCrmId is unique\n"))
            // The identity as a person types it is normalized first, as `cohort profile` does.
            let byEmail = try graph(["Email:Jessica.Thomas377@Example.com"])
            #expect(byEmail.stdout == text.stdout.replacingOccurrences(of: Self.tablet + ":",
                                                                       with: "Email:jessica.thomas377@example.com:"))
        }
    }

    @Test func dotAndSVGDrawTheDroppedLinkDashed() throws {
        try Self.withBuiltTemplate { graph in
            let dot = try graph([Self.tablet, "--format", "dot"])
            #expect(dot.status == 0, "\(dot.stderr)")
            #expect(dot.stdout.hasPrefix("graph \"identities of \(Self.tablet)\" {\n"))
            #expect(dot.stdout.components(separatedBy: " -- ").count - 1 == 6)
            #expect(dot.stdout.contains("\"\(Self.tablet)\" -- \"\(Self.earlierVisitor)\" "
                                        + "[label=\"dropped: lumaCrmId is unique\\n"))
            #expect(dot.stdout.components(separatedBy: "style=dashed").count - 1 == 1)

            let svg = try graph([Self.tablet, "--format", "svg"])
            #expect(svg.status == 0, "\(svg.stderr)")
            #expect(svg.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "))
            // Six identities, and the earlier visitor's login at the end of the dropped link.
            #expect(svg.stdout.components(separatedBy: "<circle class=\"node\"").count - 1 == 7)
            #expect(svg.stdout.contains(">dropped: lumaCrmId is unique</tspan>"))
            // The same graph is the same bytes, and --out writes them to a file.
            let file = try CohortProcess.temporaryFolder().appendingPathComponent("tablet.svg")
            defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
            let written = try graph([Self.tablet, "--format", "svg", "--out", file.path])
            #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
            #expect(try String(contentsOf: file, encoding: .utf8) == svg.stdout)
        }
    }

    @Test func anUnknownIdentityExits1WithAMessage() throws {
        try Self.withBuiltTemplate { graph in
            let unknown = try graph(["Email:nobody@example.org"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr == "error: no profile has the identity Email:nobody@example.org\n")
            #expect(unknown.stdout.isEmpty)
            let malformed = try graph(["nobody"])
            #expect(malformed.status == 2)
            #expect(malformed.stderr.contains("\"nobody\" is not NAMESPACE:VALUE"))
            let format = try graph([Self.tablet, "--format", "png"])
            #expect(format.status == 2)
        }
    }

    /// The SVG as a browser reads it: it parses as XML, draws every identity and link, stays within its viewBox,
    /// and logs no error.
    @Test(.enabled(if: HeadlessChromium.shouldRun, HeadlessChromium.skipReason))
    func theSVGRendersInABrowser() throws {
        let chromium = try HeadlessChromium.required()
        var svg = ""
        try Self.withBuiltTemplate { graph in svg = try graph([Self.tablet, "--format", "svg"]).stdout }
        let source = String(decoding: try JSONSerialization.data(withJSONObject: svg, options: .fragmentsAllowed),
                            as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        let page = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>graph</title></head>
            <body><div id="graph"></div><pre id="result"></pre>
            <script>
            const parsed = new DOMParser().parseFromString(\(source), "image/svg+xml");
            const problem = parsed.querySelector("parsererror");
            if (problem) throw new Error("the SVG does not parse: " + problem.textContent);
            const svg = document.importNode(parsed.documentElement, true);
            document.getElementById("graph").appendChild(svg);
            const view = svg.viewBox.baseVal;
            const box = svg.getBBox();
            const dashed = [...svg.querySelectorAll("line.link")]
              .filter(line => getComputedStyle(line).strokeDasharray !== "none").length;
            document.getElementById("result").textContent = JSON.stringify({
              nodes: svg.querySelectorAll("circle.node").length,
              solid: svg.querySelectorAll("line.link:not(.dropped)").length,
              dropped: svg.querySelectorAll("line.link.dropped").length,
              dashed,
              inside: box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width
                && box.y + box.height <= view.y + view.height,
            });
            console.log("graph checked");
            </script></body></html>
            """
        let rendered = try chromium.render(html: page)
        #expect(rendered.errors.isEmpty, "\(String(describing: rendered.errors))")
        #expect(rendered.console.contains { $0.text == "graph checked" }, "\(String(describing: rendered.console))")
        let result = try rendered.result()
        #expect(result["nodes"] as? Int == 7)
        #expect(result["solid"] as? Int == 5)
        #expect(result["dropped"] as? Int == 1)
        #expect(result["dashed"] as? Int == 1)
        #expect(result["inside"] as? Bool == true)
    }

    /// The harness itself: it tells errors (console.error, uncaught exceptions) from other messages.
    @Test(.enabled(if: HeadlessChromium.shouldRun, HeadlessChromium.skipReason))
    func theHarnessReportsConsoleErrors() throws {
        let chromium = try HeadlessChromium.required()
        let page = try chromium.render(html: """
            <!doctype html><html><head><title>t</title></head><body><p id="p">before</p>
            <script>console.log("just saying"); console.warn("careful"); console.error("broken", 42);
            document.getElementById("p").textContent = "after";</script>
            <script>notDefined();</script></body></html>
            """)
        #expect(page.dom.contains("<p id=\"p\">after</p>"))
        #expect(page.console.map(\.level) == [.log, .warning, .error, .error], "\(String(describing: page.console))")
        #expect(page.errors.map(\.text) == ["broken 42", "Uncaught ReferenceError: notDefined is not defined"])
    }

    /// A browser that hangs is killed at the timeout, and the test fails instead of hanging.
    @Test func aHungBrowserIsKilledAtTheTimeout() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hanging = folder.appendingPathComponent("hanging-browser")
        try Data("#!/bin/sh\nexec sleep 60\n".utf8).write(to: hanging)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hanging.path)
        let started = Date()
        #expect(throws: HeadlessChromium.Failure.self) {
            try HeadlessChromium(executable: hanging).render(html: "<p>never</p>", timeout: 1)
        }
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
