import ArgumentParser
import CohortCore
import CohortEngine
import Foundation

/// Shell completion of definition ids (`cohort --generate-completion-script bash|zsh|fish`): the ids of the
/// workspace that the command line being completed names with `-C`/`--workspace`, else of the nearest
/// workspace from the current folder up, sorted. Nothing when there is no workspace; never an error.
/// Use as `@Argument(completion: .definitionIDs(.segment))` (or `.destination`, `.dataset`).
enum IDCompletion {
    /// The sorted ids of one kind in the workspace the words name (or the current folder's).
    static func ids(of kind: DefinitionKind, words: [String], currentFolder: String) -> [String] {
        let given = workspaceArgument(in: words)
        guard let root = try? WorkspaceLocator.locate(given: given, currentFolder: currentFolder),
              let workspace = try? WorkspaceFiles(root: root).load().workspace else { return [] }
        let ids: [String]
        switch kind {
        case .segment: ids = workspace.segments.map(\.id.value)
        case .destination: ids = workspace.destinations.map(\.id.value)
        case .dataset: ids = workspace.datasets.map(\.id.value)
        default: ids = []
        }
        return Array(Set(ids)).sorted()
    }

    /// The value of `-C DIR`, `--workspace DIR` or `--workspace=DIR` on the command line (the last one given).
    static func workspaceArgument(in words: [String]) -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if (word == "-C" || word == "--workspace"), index + 1 < words.count {
                found = words[index + 1]
            } else if word.hasPrefix("--workspace=") {
                found = String(word.dropFirst("--workspace=".count))
            }
        }
        return found
    }
}

extension CompletionKind {
    /// Completes the ids of one kind of definition (segments, destinations, datasets) from the workspace.
    static func definitionIDs(_ kind: DefinitionKind) -> CompletionKind {
        .custom { words, _, _ in
            IDCompletion.ids(of: kind, words: words, currentFolder: FileManager.default.currentDirectoryPath)
        }
    }
}
