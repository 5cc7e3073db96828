import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// `--as-of TIME`: the "now" of time predicates, for reproducible evaluations.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate time as of this RFC 3339 time (e.g. 2026-11-21T00:00:00Z).", valueName: "time"))
    var text: String?

    func validate() throws {
        if let text, Timestamp.milliseconds(from: text) == nil {
            throw ValidationError("--as-of \"\(text)\" is not a date-time such as 2026-11-21T00:00:00Z")
        }
    }

    /// The given time in milliseconds, if any.
    var milliseconds: Int64? { text.flatMap(Timestamp.milliseconds(from:)) }

    /// The given time, else the wall clock.
    var millisecondsOrNow: Int64 { milliseconds ?? Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

/// The workspace's builder, or exit 1 with the reason.
func loadBuilder(_ workspace: WorkspaceOption) throws -> Builder {
    try reportingBuildErrors { try Builder(root: workspace.url) }
}

/// Runs `body`; a `BuildError` is printed and exits 1.
func reportingBuildErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as BuildError {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

/// The workspace and the profiles of its last build (with `identity`, only those of its component),
/// or exit 1 with the reason.
func loadBuiltProfiles(_ workspace: WorkspaceOption, segment: String? = nil,
                       holding identity: String? = nil) throws -> (builder: Builder, profiles: UnifiedProfiles) {
    let builder = try loadBuilder(workspace)
    let wanted = try identity.map { try resolvedIdentity($0, in: builder.workspace) }
    return (builder, try reportingBuildErrors { try builder.profiles(segment: segment, holding: wanted) })
}

/// Writes a command's output to `path` (through a temporary file and a rename: a link there is
/// replaced, never written through), or exits 1 saying why and what to do.
func writeOutput(_ text: String, to url: URL) throws {
    do {
        try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
        printError("error: \(url.path): cannot be written (\((error as NSError).localizedDescription)); choose another --out")
        throw ExitCode(1)
    }
}

/// `--strict`: unknown keys, attributes and elements in definitions are errors, not warnings (as
/// `"strict": true` in cohort.json makes them).
struct StrictOption: ParsableArguments {
    @Flag(name: .customLong("strict"), help: "Treat unknown keys and attributes in definitions as errors.")
    var isOn = false
}
