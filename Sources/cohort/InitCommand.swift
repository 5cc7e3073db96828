import ArgumentParser
import CohortEngine
import Foundation

/// `cohort init [DIR]`: a new workspace from the template, with sample data ready in `inbox/`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace from the template, with sample data ready in inbox/.",
        discussion: """
            Refuses to write into a folder that is not empty unless --force is given, and to copy over a workspace \
            that another command is writing to (exit 2). The template is $COHORT_TEMPLATE when set, else \
            share/cohort/workspace-template beside the binary's bin/, else a workspace-template/ folder above the \
            binary (a source checkout), else the template built into cohort.
            """
    )

    @Argument(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var directory: String = "."

    @Flag(help: "Copy the template even if the folder is not empty (existing files of the same name are replaced).")
    var force = false

    func run() throws {
        let destination = URL(fileURLWithPath: directory)
        // Copying over a workspace writes to it: not while another command writes there.
        let writesOverWorkspace = force && WorkspaceLocator.holdsSettings(destination)
        let lock = writesOverWorkspace ? try lockWorkspace(destination) : nil
        try withExtendedLifetime(lock) { try create(at: destination) }
    }

    private func create(at destination: URL) throws {
        let template: String
        do {
            let initializer = try BuiltInTemplate.initializer()
            try initializer.create(at: destination, force: force)
            switch initializer.source {
            case .folder(let folder): template = folder.standardizedFileURL.path
            case .files: template = "the template built into cohort"
            }
        } catch let failure as WorkspaceInitializer.Failure {
            printError("error: \(failure)")
            throw ExitCode(1)
        }
        print("Created workspace in \(directory) from \(template). Next: cohort validate -C \(directory)")
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
