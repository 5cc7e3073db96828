import CohortCore
import Foundation

/// Reads a workspace folder's definition files from disk for `WorkspaceLoader`.
public struct WorkspaceFiles {
    public let root: URL
    /// Strict mode asked for on the command line (`cohort.json` may also ask for it).
    public let strict: Bool

    public init(root: URL, strict: Bool = false) {
        self.root = root.standardizedFileURL
        self.strict = strict
    }

    /// `cohort.json`/`cohort.xml` and every file under the definition folders, hidden files skipped,
    /// paths relative to the workspace, sorted.
    public func definitionFiles() throws -> [SourceFile] {
        var files: [SourceFile] = []
        for name in WorkspaceLoader.settingsFiles {
            let url = root.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) {
                files.append(SourceFile(path: name, bytes: try readBytes(url)))
            }
        }
        for kind in DefinitionKind.allCases where kind != .settings {
            for relative in filesBelow(kind.folder) {
                files.append(SourceFile(path: relative, bytes: try readBytes(root.appendingPathComponent(relative))))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The files of `tests/` that `cohort test` reads (`.json` and `.xml`, hidden files skipped), and
    /// the paths of the other files there, which it ignores; workspace-relative paths, sorted.
    public func testFiles() throws -> (tests: [SourceFile], ignored: [String]) {
        var tests: [SourceFile] = []
        var ignored: [String] = []
        for relative in filesBelow(SegmentTestReader.folder) {
            let file = SourceFile(path: relative, bytes: [])
            guard ["json", "xml"].contains(file.fileExtension) else {
                ignored.append(relative)
                continue
            }
            tests.append(SourceFile(path: relative, bytes: try readBytes(root.appendingPathComponent(relative))))
        }
        return (tests, ignored)
    }

    /// Loads and checks the workspace.
    public func load() throws -> WorkspaceLoader.Result {
        WorkspaceLoader.load(try definitionFiles(), strict: strict)
    }

    /// Regular, non-hidden files below `folder`, as workspace-relative paths, sorted.
    private func filesBelow(_ folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count).drop { $0 == "/" }
            paths.append("\(folder)/\(relative)")
        }
        return paths.sorted()
    }

    private func readBytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }
}
