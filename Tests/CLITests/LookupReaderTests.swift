import Foundation
import Testing

/// docs/lookup.md's JavaScript reader, as written there, in headless Chromium against the shards of
/// a real build served over http://127.0.0.1 (a secure context, so `crypto.subtle` works).
@Suite struct LookupReaderTests {
    static let guide = CohortProcess.repositoryRoot.appendingPathComponent("docs/lookup.md")

    /// The guide's first JavaScript block: the reader.
    static func reader() throws -> String {
        let text = try String(contentsOf: guide, encoding: .utf8)
        let start = try #require(text.range(of: "```js\n"), "no ```js block in docs/lookup.md")
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// `python3 -m http.server` serving `folder` on 127.0.0.1 at a free port; stopped by `stop`.
    struct FileServer {
        let process: Process
        let port: Int

        init(serving folder: URL, log: URL) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path]
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            // A file, not a pipe: nothing can block on it.
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = FileHandle.nullDevice
            try process.run()
            // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
            var text = ""
            for _ in 0..<400 where process.isRunning {
                text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if text.contains("\n") { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            guard let match = text.firstMatch(of: /port (\d+)/), let port = Int(match.1) else {
                kill(process.processIdentifier, SIGKILL)
                throw ServerFailure(output: text)
            }
            self.port = port
        }

        /// SIGKILL: the test runner blocks SIGTERM, and a child inherits the blocked signal.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        struct ServerFailure: Error { var output: String }
    }

    @Test(.enabled(if: HeadlessChromium.shouldRun, HeadlessChromium.skipReason))
    func theDocumentedReaderFindsAVisitorsSegmentsAndAttributes() throws {
        let chromium = try HeadlessChromium.required()
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("w")
        #expect(try CohortProcess.run(["init", workspace.path]).status == 0)
        // A second lookup, keyed by hashed email, for the reader's hashing path.
        try Data(#"""
            {"id": "web-hashed", "type": "lookup", "segments": ["gold-members"], "identity": {"namespace": "Email", "hash": "sha256"},
             "mappings": [{"source": "loyalty.tier", "target": "tier"}],
             "consent": {"path": "consents.marketing.email.val", "allow": ["y", "dy"]}, "prefixLength": 2}
            """#.utf8).write(to: workspace.appendingPathComponent("destinations/web-hashed.json"))
        let built = try CohortProcess.run(["build", "-C", workspace.path, "--as-of", "2026-11-21T12:00:00Z"])
        try #require(built.status == 0, "\(built.stderr)")
        // A gold member with email consent, as the email destination exported it, written as a visitor might type it.
        let emails = try String(contentsOf: workspace.appendingPathComponent("exports/email-sftp/email-sftp_gold-members.csv"), encoding: .utf8)
        let email = try #require(emails.split(separator: "\n").dropFirst().first?.split(separator: ",").first.map(String.init))
        let typed = "  " + email.uppercased() + " "

        let page = """
            <!doctype html><html><head><script>\(try Self.reader())</script></head><body><pre id="result"></pre><script>
            (async () => {
              const byECID = await cohortLookup(new URL("exports/web-personalization/", location.href));
              const byEmail = await cohortLookup(new URL("exports/web-hashed/", location.href));
              document.getElementById("result").textContent = JSON.stringify({
                known: await byECID("16179337434476975669711825799161699993"),
                unknown: await byECID("00000000000000000000000000000000000000"),
                email: await byEmail(\(String(reflecting: typed))),
              });
            })().catch((error) => console.error(String(error)));
            </script></body></html>
            """
        try Data(page.utf8).write(to: workspace.appendingPathComponent("reader.html"))
        let server = try FileServer(serving: workspace, log: folder.appendingPathComponent("server.log"))
        defer { server.stop() }
        let rendered = try chromium.render(url: try #require(URL(string: "http://127.0.0.1:\(server.port)/reader.html")))
        #expect(rendered.errors == [])
        let result = try rendered.result()
        // The template's loyalty file gives this visitor's profile gold with 19,550 points.
        let known = try #require(result["known"] as? [String: Any], "\(result)")
        #expect(known["segments"] as? [String] == ["gold-members"])
        let attributes = try #require(known["attributes"] as? [String: Any])
        #expect(attributes["tier"] as? String == "gold")
        #expect(attributes["points"] as? Int == 19550)
        #expect(result["unknown"] is NSNull)
        let found = try #require(result["email"] as? [String: Any], "\(result)")
        #expect(found["segments"] as? [String] == ["gold-members"])
        #expect(["gold", "platinum"].contains((found["attributes"] as? [String: Any])?["tier"] as? String ?? ""))
    }
}
