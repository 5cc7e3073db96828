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
            that another command is writing to (exit 2).
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
        let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        do {
            let initializer = try WorkspaceInitializer.locateTemplate(executable: executable, environment: ProcessInfo.processInfo.environment)
            try initializer.create(at: destination, force: force)
        } catch let failure as WorkspaceInitializer.Failure {
            printError("error: \(failure)")
            throw ExitCode(1)
        }
        print("Created workspace in \(directory). Next: cohort validate -C \(directory)")
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
