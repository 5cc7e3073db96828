import ArgumentParser
import CohortEngine
import Foundation

/// The `-C/--workspace` option every workspace command shares. Without it, the workspace is the
/// nearest folder holding `cohort.json` from the current one upward; a folder that is not a workspace
/// is refused with exit code 2 before the command runs, so no command but `init` ever creates one.
struct WorkspaceOption: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("workspace")],
            help: ArgumentHelp("The workspace folder (default: the nearest one with a cohort.json, from here up).",
                               valueName: "dir"))
    var given: String?

    func validate() throws {
        do {
            _ = try locate()
        } catch let failure as WorkspaceLocator.Failure {
            printError("error: \(failure)")
            throw ExitCode(2)
        }
    }

    /// The workspace root (validated before the command runs).
    var url: URL { (try? locate()) ?? URL(fileURLWithPath: given ?? ".") }

    /// The workspace root's path, for messages.
    var path: String { url.path }

    private func locate() throws -> URL {
        try WorkspaceLocator.locate(given: given, currentFolder: FileManager.default.currentDirectoryPath)
    }
}

/// Takes the workspace's writer lock for this process (`build`, `watch`, `init --force`), or exits 2
/// naming the process that holds it. The caller keeps the lock alive while it writes.
func lockWorkspace(_ root: URL) throws -> WorkspaceLock {
    let command = (["cohort"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    do {
        return try WorkspaceLock(root: root, command: command)
    } catch let failure as WorkspaceLock.Failure {
        printError("error: \(failure)")
        if case .held = failure { throw ExitCode(2) }
        throw ExitCode(1)
    }
}
