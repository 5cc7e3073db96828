import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `cohort forget ARCHIVED-FILE…`: take ingested files out of history and rebuild without them.
struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract:
            "Forget ingested files: remove their ledger lines, archived bytes and rejected records, then rebuild.",
        discussion: """
            Name each file as archive/ledger.ndjson does (archive/<dataset-id>/<sequence>-<name>), or by a path to it. \
            Its line leaves the ledger, the file is deleted from archive/ (nothing of it is kept) with its records in \
            rejected/, and the workspace is rebuilt as `build --rebuild` does, which also ingests inbox/. The summary \
            says how many profiles split or merged against the last build. This is how a merge is undone, and the \
            way out when an archived file was lost or changed. Nothing changes unless every file named is in the \
            ledger and every other archived file is intact.
            """
    )

    @Argument(help: ArgumentHelp("The archived files to forget.", valueName: "archived-file"))
    var files: [String]

    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var asOf: AsOfOption

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("name at least one archived file, e.g. archive/crm/000001-luma-crm.json")
        }
    }

    func run() throws {
        let lock = try lockWorkspace(workspace.url)
        try withExtendedLifetime(lock) { try forget() }
    }

    private func forget() throws {
        do {
            let builder = try Builder(root: workspace.url)
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let result = try builder.forget(files, workingDirectory: cwd, asOf: asOf.milliseconds)
            for entry in result.forgotten {
                print(
                    "forgot \(entry.archivePath) (ledger #\(entry.sequence), dataset \(entry.dataset), "
                        + "\(entry.recordsKept) records kept)"
                )
            }
            if !result.deleted.isEmpty { print("deleted " + result.deleted.joined(separator: ", ")) }
            let failed = BuildSummary.print(result.build)
            print(
                result.graphChanges.map { "profiles: \($0.split) split, \($0.merged) merged against the last build" }
                    ?? "profiles: no earlier build to compare with")
            if failed { throw ExitCode(1) }
        } catch let error as BuildError {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
