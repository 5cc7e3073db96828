import Foundation
import Testing

/// Renders HTML in headless Chromium, for tests of what cohort draws (graph SVG, reports): the DOM after the
/// page's scripts ran, and its console messages.
///
/// How it works, as found with Debian bookworm's `chromium` 156:
/// - `chromium --headless --no-sandbox --disable-gpu --user-data-dir=TEMP --dump-dom file://PAGE` prints the
///   serialized DOM to stdout once the page loaded; `--virtual-time-budget` lets timers run first.
/// - `--enable-logging=stderr --v=0` logs each console message to stderr as
///   `[pid:tid:date:INFO:CONSOLE:LINE] "TEXT", source: URL (LINE)`. The level is always INFO: this build does
///   not say whether a message came from `console.log` or `console.error`. So the harness inserts a small
///   script at the top of the page that prefixes `console.error` and `console.warn` messages with
///   `[error] ` / `[warning] `; uncaught exceptions are logged as `"Uncaught …"` and count as errors too.
/// - Without a fresh `--user-data-dir` a second Chromium (another test, a user's browser) can make it exit
///   at once; each run gets its own temporary folder, removed afterwards.
/// - A hung browser is killed after `timeout` seconds and the test fails; it never hangs the test run.
/// - D-Bus errors on stderr (`Failed to connect to the bus`) are harmless in containers and ignored.
struct HeadlessChromium {
    /// A console message: its level, its text (without the harness's prefix), and where it came from.
    struct ConsoleMessage: Equatable, CustomStringConvertible {
        enum Level: String { case log, warning, error }

        var level: Level
        var text: String
        var source: String

        var description: String { "\(level.rawValue): \(text) (\(source))" }
    }

    /// A rendered page.
    struct Page {
        /// The serialized DOM after the page's scripts ran.
        var dom: String
        var console: [ConsoleMessage]
        /// Uncaught exceptions and `console.error` messages.
        var errors: [ConsoleMessage] { console.filter { $0.level == .error } }

        /// The JSON object a test's script wrote into `<pre id="result">`.
        func result() throws -> [String: Any] {
            let start = try #require(dom.range(of: "<pre id=\"result\">"))
            let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
            let json = String(dom[start.upperBound..<end.lowerBound])
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case missing
        case timedOut(seconds: Double)
        case failed(status: Int32, stderr: String)

        var description: String {
            switch self {
            case .missing: return "Chromium is not installed (apt-get install chromium)"
            case .timedOut(let seconds): return "Chromium did not finish within \(seconds) s and was killed"
            case .failed(let status, let stderr): return "Chromium exited with \(status): \(stderr.suffix(2_000))"
            }
        }
    }

    let executable: URL

    /// `chromium` or `chromium-browser` on PATH (Debian names it `chromium`, Ubuntu `chromium-browser`), or the
    /// browser `COHORT_CHROMIUM` names (a path that does not exist makes it absent: how the skip path is tried).
    static let installed: URL? = {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["COHORT_CHROMIUM"] {
            return FileManager.default.isExecutableFile(atPath: given) ? URL(fileURLWithPath: given) : nil
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for folder in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }()

    /// Whether tests that need Chromium run: when it is installed, and always under CI (where its absence
    /// is a failure, not a skip). Use as
    /// `@Test(.enabled(if: HeadlessChromium.shouldRun, HeadlessChromium.skipReason))`, then `required()`.
    static var shouldRun: Bool { installed != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    static let skipReason: Comment = "Chromium is not installed (apt-get install chromium); set CI=1 to fail instead"

    /// The installed browser; throws (failing the test) when it is missing.
    static func required() throws -> HeadlessChromium {
        guard let installed else { throw Failure.missing }
        return HeadlessChromium(executable: installed)
    }

    /// Writes `html` to a temporary file and renders it.
    func render(html: String, timeout: Double = 60) throws -> Page {
        try inTemporaryFolder { folder in
            let page = folder.appendingPathComponent("page.html")
            try Data(Self.withConsoleLevels(html).utf8).write(to: page)
            return try run(page: page.absoluteString, in: folder, timeout: timeout)
        }
    }

    /// Renders the page at `url` (e.g. one a local HTTP server serves: a secure context that may fetch).
    func render(url: URL, timeout: Double = 60) throws -> Page {
        try inTemporaryFolder { folder in try run(page: url.absoluteString, in: folder, timeout: timeout) }
    }

    /// Runs `body` with a new temporary folder, removed afterwards.
    private func inTemporaryFolder(_ body: (URL) throws -> Page) throws -> Page {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cohort-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    /// The script that marks `console.error` and `console.warn` messages, since the log does not.
    static let consolePrelude = """
        <script>(function () {
          for (const [name, mark] of [["error", "[error] "], ["warn", "[warning] "]]) {
            const original = console[name].bind(console);
            console[name] = (...parts) => original(mark + parts.map(String).join(" ").replace(/\\n/g, " "));
          }
        })();</script>
        """

    /// `html` with the prelude first in `<head>` (or after the doctype), before any other script runs.
    static func withConsoleLevels(_ html: String) -> String {
        for marker in ["<head>", "<HEAD>"] {
            if let range = html.range(of: marker) {
                return html.replacingCharacters(in: range, with: marker + consolePrelude)
            }
        }
        if html.lowercased().hasPrefix("<!doctype html>") {
            let end = html.index(html.startIndex, offsetBy: "<!doctype html>".count)
            return String(html[..<end]) + consolePrelude + String(html[end...])
        }
        return consolePrelude + html
    }

    private func run(page: String, in folder: URL, timeout: Double) throws -> Page {
        let profile = folder.appendingPathComponent("profile")
        let stdoutFile = folder.appendingPathComponent("stdout")
        let stderrFile = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutFile)
        let stderr = try FileHandle(forWritingTo: stderrFile)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--mute-audio",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=5000", "--dump-dom", page,
        ]
        // Files, not pipes: a browser that writes much cannot block on a full pipe nobody reads.
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 5)
            }
            throw Failure.timedOut(seconds: timeout)
        }
        let dom = String(decoding: try Data(contentsOf: stdoutFile), as: UTF8.self)
        let log = String(decoding: try Data(contentsOf: stderrFile), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure.failed(status: process.terminationStatus, stderr: log)
        }
        return Page(dom: dom, console: Self.consoleMessages(in: log))
    }

    /// The console messages in Chromium's stderr log: lines with `:CONSOLE` then `] "TEXT", source: URL (LINE)`.
    static func consoleMessages(in log: String) -> [ConsoleMessage] {
        log.split(separator: "\n").compactMap { line -> ConsoleMessage? in
            guard line.contains(":CONSOLE"), let open = line.range(of: "] \""),
                  let close = line.range(of: "\", source: ", options: .backwards), open.upperBound <= close.lowerBound
            else { return nil }
            var text = String(line[open.upperBound..<close.lowerBound])
            let source = String(line[close.upperBound...])
            var level = ConsoleMessage.Level.log
            if text.hasPrefix("[error] ") {
                level = .error
                text.removeFirst("[error] ".count)
            } else if text.hasPrefix("[warning] ") {
                level = .warning
                text.removeFirst("[warning] ".count)
            } else if text.hasPrefix("Uncaught ") {
                level = .error
            }
            return ConsoleMessage(level: level, text: text, source: source)
        }
    }
}
