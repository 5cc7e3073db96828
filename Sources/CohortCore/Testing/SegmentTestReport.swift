/// What `cohort test` prints and the JUnit XML it writes for CI, from the outcomes of every test
/// file in path order. Both are the same bytes for the same outcomes (no times, no counts of
/// seconds).
public enum SegmentTestReport {
    /// A line per test file that passed; per failing one, each failure with the clause values of
    /// the profile concerned; the problems of files that could not run; then a summary line.
    public static func text(_ outcomes: [SegmentTestOutcome]) -> String {
        var lines: [String] = []
        for outcome in outcomes {
            lines += outcome.diagnostics.map(\.description)
            if !outcome.errors.isEmpty {
                lines.append("BROKEN \(outcome.file): the test did not run")
                continue
            }
            let failed = outcome.results.filter { !$0.passed }
            lines.append("\(failed.isEmpty ? "PASS" : "FAIL") \(outcome.file) (\(outcome.name)): "
                + "\(outcome.results.count - failed.count) of \(counted(outcome.results.count, "expectation")) met")
            lines += failed.flatMap(\.failures).map(\.text)
        }
        lines.append(summary(outcomes))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `3 test files: 2 passed, 1 failed, 0 broken; 9 of 10 expectations met`.
    public static func summary(_ outcomes: [SegmentTestOutcome]) -> String {
        let broken = outcomes.filter { !$0.errors.isEmpty }.count
        let failed = outcomes.filter { $0.errors.isEmpty && !$0.passed }.count
        let results = outcomes.flatMap(\.results)
        return "\(counted(outcomes.count, "test file")): \(outcomes.count - failed - broken) passed, \(failed) failed, "
            + "\(broken) broken; \(results.filter(\.passed).count) of \(counted(results.count, "expectation")) met"
    }

    /// JUnit XML: a `<testsuite>` per test file, a `<testcase>` per expectation (with the `file` and
    /// `line` where it is written, for CI annotations) with a `<failure>` holding every way it was not
    /// met; a file that could not run is one `<testcase>` with an `<error>`.
    public static func junit(_ outcomes: [SegmentTestOutcome]) -> String {
        let cases = outcomes.map { max($0.results.count, $0.errors.isEmpty ? 0 : 1) }.reduce(0, +)
        let failures = outcomes.flatMap(\.results).filter { !$0.passed }.count
        let errors = outcomes.filter { !$0.errors.isEmpty }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"cohort test\" tests=\"\(cases)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for outcome in outcomes {
            let file = Markup.escape(outcome.file)
            if !outcome.errors.isEmpty {
                xml += "  <testsuite name=\"\(file)\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
                xml += "    <testcase classname=\"\(file)\" name=\"\(file)\">\n"
                xml += "      <error message=\"\(attribute(outcome.errors[0].description))\" type=\"broken test file\">"
                xml += Markup.escape(outcome.errors.map(\.description).joined(separator: "\n")) + "</error>\n"
                xml += "    </testcase>\n  </testsuite>\n"
                continue
            }
            let failed = outcome.results.filter { !$0.passed }.count
            xml += "  <testsuite name=\"\(file)\" tests=\"\(outcome.results.count)\" failures=\"\(failed)\" errors=\"0\">\n"
            for result in outcome.results {
                xml += "    <testcase classname=\"\(file)\" name=\"\(Markup.escape(result.name))\" file=\"\(file)\" "
                    + "line=\"\(result.location.line)\""
                guard let first = result.failures.first else {
                    xml += "/>\n"
                    continue
                }
                xml += ">\n      <failure message=\"\(attribute(first.message))\" type=\"expectation not met\">"
                xml += Markup.escape(result.failures.map(\.text).joined(separator: "\n")) + "</failure>\n    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// Escaped for a quoted attribute, line breaks kept as character references (a parser would turn them into spaces).
    private static func attribute(_ text: String) -> String {
        Markup.escape(text).replacingNewlines()
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

private extension String {
    func replacingNewlines() -> String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
