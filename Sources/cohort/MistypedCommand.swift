import ArgumentParser
import CohortCore
import Foundation

/// `cohort buidl`: a first argument that is no subcommand but close to one is answered with
/// "did you mean 'build'?" and exit code 2, before the argument parser's generic message.
enum MistypedCommand {
    /// The message for `arguments` (without the program name), or nil when the first one is an option,
    /// a subcommand, or close to none.
    static func message(for arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first),
              let match = Suggestion.closest(to: first, in: commands) else { return nil }
        return "error: unknown command '\(first)'; did you mean '\(match)'?"
    }

    /// The subcommands of `cohort`, and `help`.
    static var commands: [String] {
        Cohort.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// Exits 2 with the hint when the command line starts with a mistyped subcommand.
    static func rejectIfMistyped() {
        guard let message = message(for: Array(CommandLine.arguments.dropFirst()), commands: commands) else { return }
        printError(message)
        Foundation.exit(2)
    }
}
