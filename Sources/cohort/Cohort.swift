import ArgumentParser
import CohortEngine
import Foundation

/// The `cohort` command: a local-first audience workbench.
struct Cohort: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "A local-first audience workbench: definitions in git, data in inbox/, audiences in exports/.",
        discussion: """
            A workspace folder holds schemas, identity namespaces, datasets, merge policies, segments (PQL) and \
            destinations as JSON or XML files. Start with `cohort init my-workspace`, then `cohort validate -C my-workspace`. \
            `cohort help pql` lists PQL's functions and operators.
            """,
        version: version,
        subcommands: [InitCommand.self, ValidateCommand.self, BuildCommand.self, ForgetCommand.self, WatchCommand.self,
                      PlanCommand.self, ProfileCommand.self, GraphCommand.self, QueryCommand.self, ExplainCommand.self,
                      TestCommand.self, ReportCommand.self, ExportAEPCommand.self, ConvertCommand.self, SchemaCommand.self,
                      CompileCommand.self, BenchCommand.self]
    )

    /// Runs the command line and exits with cohort's codes: 0 ok, 1 definition or data errors, 2 usage.
    static func runAndExit() -> Never {
        MistypedCommand.rejectIfMistyped()
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch let exitCode as ExitCode {
            Foundation.exit(exitCode.rawValue)
        } catch let error as BuildError {
            printError("error: \(error)")
            Foundation.exit(1)
        } catch {
            // A file-system or store error no command put into words: never shown raw.
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            if let failure = BuildError(systemError: error, root: here) {
                printError("error: \(failure)")
                Foundation.exit(1)
            }
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            // An error already reported (by `printError` before an `ExitCode`) has no message of its own.
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
