import CohortCore

/// What must hold when any bytes are a test file of `cohort test` run against the template (read as
/// XML when they start with `<`, else as JSON): every diagnostic and failure is inside the file, and
/// the same file gives the same report twice.
struct SegmentTestCheck {
    let template: FuzzTemplate

    func violations(_ input: [UInt8]) -> [String] {
        let first = input.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let file = SourceFile(path: first == UInt8(ascii: "<") ? "tests/fuzz.xml" : "tests/fuzz.json", bytes: input)
        let outcome = SegmentTestRunner.run(file, workspace: template.workspace)
        var found: [String] = []
        let again = SegmentTestRunner.run(file, workspace: template.workspace)
        if SegmentTestReport.text([outcome]) != SegmentTestReport.text([again]) {
            found.append("the same test file gives another report when run again")
        }
        let failures = outcome.results.flatMap(\.failures).map { Diagnostic.error(at: $0.location, $0.message) }
        found += DefinitionCheck.misplaced(outcome.diagnostics + failures, files: [file])
        return found + MessageCheck.violations(outcome.diagnostics.map(\.message), what: "a diagnostic")
    }
}
