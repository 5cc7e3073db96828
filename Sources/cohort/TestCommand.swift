import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort test`: runs the test files of `tests/` against the workspace's definitions, in memory.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the segment tests in tests/ against the definitions, in memory.",
        discussion: """
            Each file in tests/ (JSON or XML) gives records inline, an as-of time and the expected members of \
            segments (or profiles expected in and out) and rows of destinations; see "Testing segments" in the \
            README. The records are validated as ingest validates them and evaluated in memory: the store, inbox, \
            archive and exports are never read or written. Each failure names the test file, line and column and \
            shows the clause values `cohort explain` shows. Exits 0 when every expectation is met, 1 when one is \
            not or a definition or test file is broken, 2 on a usage error.
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write the results as JUnit XML to this file (for CI).",
                                                           valueName: "file"))
    var junit: String?

    func run() throws {
        let files = WorkspaceFiles(root: workspace.url)
        let loaded = try files.load()
        let outcomes: [SegmentTestOutcome]
        if !loaded.definitionErrors.isEmpty {
            for diagnostic in loaded.definitionErrors { printError(diagnostic.description) }
            printError("error: the definitions have errors (see above; cohort validate lists them too), so no test can run")
            outcomes = [SegmentTestOutcome(file: "definitions", name: "definitions", diagnostics: loaded.definitionErrors,
                                           results: [])]
        } else {
            let (tests, ignored) = try files.testFiles()
            for path in ignored { printError("warning: \(path): ignored; test files end in .json or .xml") }
            if tests.isEmpty { print("no test files in \(SegmentTestReader.folder)/; see \"Testing segments\" in the README") }
            outcomes = tests.map { SegmentTestRunner.run($0, workspace: loaded.workspace, blocked: loaded.blockedDestinations) }
            if !tests.isEmpty { print(SegmentTestReport.text(outcomes), terminator: "") }
        }
        if let junit {
            try writeOutput(SegmentTestReport.junit(outcomes), to: URL(fileURLWithPath: junit))
        }
        if !outcomes.allSatisfy(\.passed) { throw ExitCode(1) }
    }
}
