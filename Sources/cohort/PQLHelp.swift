import CohortCore

/// `cohort help pql [--markdown]`: the PQL reference. ArgumentParser owns `help` (for `cohort help
/// <command>`), so these arguments are answered before it parses; any others go on to it.
enum PQLHelp {
    /// The reference `arguments` (without the program name) ask for, or nil when they are not `help pql`.
    static func reference(for arguments: [String]) -> String? {
        guard arguments.count >= 2, arguments[0] == "help", arguments[1].lowercased() == "pql" else { return nil }
        switch Array(arguments.dropFirst(2)) {
        case []: return PQLReference.text()
        case ["--markdown"]: return PQLReference.markdown()
        default: return nil
        }
    }
}
