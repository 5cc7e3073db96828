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
            then a summary; on a terminal in colour (unless NO_COLOR is set) with the source line and a caret under \
            the column. Exits 0 when there are no errors, 1 when there are. With `--engine spark`, also reports \
            each PQL construct the Spark engine cannot run, at its place in the segment file.
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Flag(help: """
        Print {"errors":[{"file","line","column","endLine","endColumn","severity","code","message","hint"?}],\
        "summary":{…},"segments"?:[{"id","evaluation","reason"}]} instead of text, indented by two spaces with \
        keys sorted.
        """)
    var json = false

    @OptionGroup var strict: StrictOption

    @Option(help: "The engine the workspace must run on: native (the default) or spark.")
    var engine: Engine = .native

    func run() throws {
        var result = try WorkspaceFiles(root: workspace.url, strict: strict.isOn).load()
        if engine == .spark, !result.hasErrors {
            // What Spark cannot run does not depend on when it runs: any time will do.
            result.diagnostics += SparkPlan.unsupported(in: result.workspace, now: 0)
        }
        if json {
            print(ValidationReport.json(result), terminator: "")
        } else {
            let printer = DiagnosticPrinter(root: workspace.url)
            result.diagnostics.forEach(printer.print)
            print(ValidationReport.summaryLine(result))
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}
