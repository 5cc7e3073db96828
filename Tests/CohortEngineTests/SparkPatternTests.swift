import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// `SparkPattern` says which schema patterns the Spark job checks as ICU does before anything runs; the job's
/// `icu_pattern` decides it when a value is checked. Both must draw the line in the same place: every short
/// pattern ICU accepts, and the hand-picked ones below, get the same verdict from both (the job's function run
/// by the Python that runs the job, without Spark).
@Suite struct SparkPatternTests {
    static let python = ProcessInfo.processInfo.environment["PYSPARK_PYTHON"] ?? "python3"

    static var hasPython: Bool {
        (try? run(["-c", "import re, sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"]).status) == 0
    }

    @Test func unsupportedConstructsAreNamed() {
        #expect(SparkPattern.unsupported("^[A-Z]{3}$") == nil)
        #expect(SparkPattern.unsupported("^\\d+(\\.\\d{1,2})?$") == nil)
        #expect(SparkPattern.unsupported("^\\w+$") == "escape \\w")
        #expect(SparkPattern.unsupported("[a-z&&[^x]]") == "set operation")
        #expect(SparkPattern.unsupported("(?i)abc") == "group (?i")
        #expect(SparkPattern.unsupported("a{,3}") == "brace")
        #expect(SparkPattern.unsupported("a*+") == "possessive quantifier")
        #expect(SparkPattern.unsupported("^*") == "syntax")
    }

    @Test(.enabled(if: hasPython, "python3 (3.11 or later) is not installed"))
    func theJobDrawsTheSameLine() throws {
        let alphabet = ["a", "(", ")", "|", "*", "+", "?", "{", "}", "2", ",", "^", "$", "[", "]", "-", "\\", "d", "w",
                        ".", "&", "z"]
        var patterns = ["^[A-Z]{3}$", "[]a]", "[^]a]", "[a-c-e]", "[--a]", "[a-\\d]", "[\\d-z]", "[z-a]", "a{2}+",
                        "a{2}?+", "a{2}+?", "x{2}{3}", "a{3,1}", "a{99999999999}", "(?:a)*", "(?:)+", "()*", "$*",
                        "a|*", "(a|)", "\\/\\-", "[\\]\\\\]", "\\", "(?", "a{2,}?", "[a-]", "[-a]", "[a\\-z]"]
        var short: [String] = [""]
        for _ in 1...3 {
            short = short.flatMap { prefix in alphabet.map { prefix + $0 } }
            patterns += short
        }
        // Only patterns the native engine reads at all: validate reports the others as invalid.
        patterns = patterns.filter { (try? NSRegularExpression(pattern: $0)) != nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-pattern-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("patterns.json")
        try JSONSerialization.data(withJSONObject: patterns).write(to: input)
        let script = folder.appendingPathComponent("verdicts.py")
        try (Self.jobPatternCode() + """

            import json, sys
            verdicts = []
            for pattern in json.load(open(sys.argv[1], encoding="utf-8")):
                try:
                    compiled = icu_pattern(pattern)
                except OverflowError:
                    compiled = Doubtful("whose syntax the")
                verdicts.append(compiled.args[0].split("whose ")[1].split(" the Spark")[0]
                                if isinstance(compiled, Doubtful) else None)
            print(json.dumps(verdicts))
            """).write(to: script, atomically: true, encoding: .utf8)
        let output = try Self.run([script.path, input.path])
        #expect(output.status == 0, "\(output.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [Any])
        #expect(verdicts.count == patterns.count)
        var differences: [String] = []
        for (pattern, verdict) in zip(patterns, verdicts) {
            let job = verdict as? String
            let swift = SparkPattern.unsupported(pattern)
            if job != swift { differences.append("\(pattern): job \(job ?? "supported"), cohort \(swift ?? "supported")") }
        }
        #expect(differences.isEmpty, "\(differences.count) of \(patterns.count):\n\(differences.prefix(40).joined(separator: "\n"))")
    }

    /// The job's `icu_pattern` and what it needs, as the job holds them.
    static func jobPatternCode() throws -> String {
        let source = SparkJobProgram.source
        let start = try #require(source.range(of: "# ICU's line terminators"))
        let end = try #require(source.range(of: "def matches_pattern"))
        return "import re\n\n\nclass Doubtful(Exception):\n    pass\n\n\n" + source[start.lowerBound..<end.lowerBound]
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
