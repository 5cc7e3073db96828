import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort plan`: what `build` would change in `exports/`, without writing anything.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `build` would change in exports/, without writing anything.",
        discussion: """
            Reads the inbox as build would (into a scratch copy of the store), evaluates segments, and prints per \
            destination and segment the rows that would enter (+), exit (−) and change (~), and the files that would \
            be created, rewritten or deleted. Nothing in the workspace changes. With --detailed-exitcode the exit \
            status says whether anything would change, as Terraform's does: 0 nothing, 2 changes, 1 an error.
            """
    )

    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var strict: StrictOption

    @Flag(help: """
        Print {"destinations":[{"id","segments":{…},"created","changed","deleted","reshaped","backfill"?}],\
        "blocked":[…]}.
        """)
    var json = false

    @Flag(help: "Exit 0 when build would change nothing in exports/, 2 when it would, 1 on an error.")
    var detailedExitcode = false

    func run() throws {
        do {
            let report = try Builder(root: workspace.url, strict: strict.isOn).plan(asOf: asOf.milliseconds)
            for diagnostic in report.policyViolations { printError(diagnostic.description) }
            if json {
                print(ExportSummary.json(report), terminator: "")
            } else {
                for line in ExportSummary.lines(report.exports, verb: ("would write", "would delete")) { print(line) }
            }
            if detailedExitcode && ExportSummary.changesFiles(report.exports) { throw ExitCode(2) }
        } catch let error as BuildError {
            DiagnosticPrinter(root: workspace.url).print(error)
            throw ExitCode(1)
        }
    }
}
