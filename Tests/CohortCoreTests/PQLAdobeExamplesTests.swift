import Foundation
import Testing
@testable import CohortCore

/// Expressions copied from Adobe's PQL documentation (Tests/CohortCoreTests/Fixtures/pql-adobe-examples.txt,
/// each with its source): every one in the SPEC §2.6 subset parses, except the forms in `notYetSupported`.
@Suite struct PQLAdobeExamplesTests {
    struct Example {
        var source: String
        var text: String
    }

    static func examples() throws -> (subset: [Example], outside: [Example]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pql-adobe-examples.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var subset: [Example] = []
        var outside: [Example] = []
        var inOutside = false
        for block in text.components(separatedBy: "\n\n") {
            var source = ""
            var lines: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("## outside-subset") { inOutside = true; continue }
                if line.hasPrefix("# source:") { source = line; continue }
                if line.hasPrefix("#") { continue }
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(line) }
            }
            guard !lines.isEmpty else { continue }
            let example = Example(source: source, text: lines.joined(separator: "\n"))
            if inOutside { outside.append(example) } else { subset.append(example) }
        }
        return (subset, outside)
    }

    @Test func theSubsetParses() throws {
        let (subset, _) = try Self.examples()
        #expect(subset.count >= 100)
        var failures: [String] = []
        for example in subset {
            if case .failure(let error) = PQLParser.parse(example.text) {
                failures.append("\(example.source): \(example.text)  —  \(error.message)")
            }
        }
        #expect(failures == [])
    }
}
