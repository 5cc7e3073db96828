import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort export-aep DIR`: every definition of the workspace as the request body AEP's APIs take.
struct ExportAEPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-aep",
        abstract: "Write the workspace's definitions as Adobe Experience Platform API request bodies.",
        discussion: """
            Writes DIR/segments/ (segment definitions, pql/text), DIR/merge-policies/, DIR/namespaces/ \\
            (with cohort's linking rules beside the Identity Service's keys), DIR/policies/ \\
            (marketingActionRefs) and DIR/schemas/ (xed-full), one JSON file per definition, named after \\
            its id. Copied into a workspace's folders, they load back to the same definitions. \\
            Refuses a workspace with definition errors (exit 1).
            """
    )

    @OptionGroup var workspace: WorkspaceOption

    @Argument(help: ArgumentHelp("The folder to write into (created if needed).", valueName: "dir"))
    var directory: String

    func run() throws {
        let result = try WorkspaceFiles(root: workspace.url).load()
        guard result.definitionErrors.isEmpty else {
            for diagnostic in result.diagnostics where diagnostic.severity == .error { printError(diagnostic.description) }
            printError("error: the workspace has errors; fix them (cohort validate) before exporting")
            throw ExitCode(1)
        }
        let folder = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let written = try reportingBuildErrors { try AEPExportFolder.write(AEPExport.files(of: result.workspace), to: folder) }
        for path in written { print("wrote \(path)") }
    }
}
