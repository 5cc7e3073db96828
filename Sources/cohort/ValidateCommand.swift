import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort validate`: checks every definition and reports all problems at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every definition of the workspace.",
        discussion: """
            Prints each problem as `path:line:column: error: message` (or `warning:`), sorted by file and position, \
            then a summary. Exits 0 when there are no errors, 1 when there are.
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Flag(help: "Print {\"errors\":[{\"file\",\"line\",\"column\",\"severity\",\"message\"}],\"summary\":{…}} instead of text.")
    var json = false

    func run() throws {
        let result = try WorkspaceFiles(root: workspace.url).load()
        if json {
            print(ValidationReport.json(result))
        } else {
            for diagnostic in result.diagnostics { printError(diagnostic.description) }
            print(ValidationReport.summaryLine(result))
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}
