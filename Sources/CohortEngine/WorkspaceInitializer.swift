import Foundation

/// Creates a new workspace by copying the template (`cohort init`).
public struct WorkspaceInitializer {
    /// Why a workspace could not be created.
    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String)
        case templateMissing([String])

        public var description: String {
            switch self {
            case .notEmpty(let path):
                return "\(path) is not empty; choose an empty or new folder, or pass --force to copy the template over it"
            case .templateMissing(let searched):
                return "cannot find the workspace template; looked in \(searched.joined(separator: ", ")). Set COHORT_TEMPLATE to the folder of workspace-template"
            }
        }
    }

    /// Lines `cohort init` puts in the workspace's `.gitignore`: derived state, and personal data by default.
    public static let gitignore = """
        # Derived state: `cohort build --rebuild` recreates it from archive/.
        .cohort/
        # Ingested and rejected records hold personal data; remove these lines to version them.
        archive/
        rejected/
        # `cohort report`'s page: derived, and it names the identities linked to the most others.
        report.html

        """

    public let template: URL

    public init(template: URL) {
        self.template = template
    }

    /// Finds the template: `$COHORT_TEMPLATE`, then `workspace-template/` in a folder above the
    /// executable (a source checkout), then `share/cohort/workspace-template` beside its `bin/`.
    public static func locateTemplate(executable: URL, environment: [String: String]) throws -> WorkspaceInitializer {
        var candidates: [URL] = []
        if let override = environment["COHORT_TEMPLATE"] { candidates.append(URL(fileURLWithPath: override)) }
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/cohort/workspace-template"))
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent("workspace-template"))
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("cohort.json").path) {
            return WorkspaceInitializer(template: candidate)
        }
        throw Failure.templateMissing(candidates.prefix(3).map(\.path))
    }

    /// Copies the template into `destination`, which must be missing or empty unless `force` is set.
    public func create(at destination: URL, force: Bool) throws {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: destination.path), !existing.isEmpty, !force {
            throw Failure.notEmpty(destination.path)
        }
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        let templatePath = template.standardizedFileURL.path
        let skipped: Set<Substring> = [".cohort", "archive", "rejected", "exports"]
        let relatives = (manager.enumerator(atPath: templatePath)?.allObjects as? [String] ?? []).sorted()
        for relative in relatives where !relative.split(separator: "/").contains(where: skipped.contains) {
            let source = URL(fileURLWithPath: templatePath).appendingPathComponent(relative)
            let target = destination.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: source.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try manager.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
                try manager.copyItem(at: source, to: target)
            }
        }
        let gitignore = destination.appendingPathComponent(".gitignore")
        if !manager.fileExists(atPath: gitignore.path) {
            try Self.gitignore.write(to: gitignore, atomically: true, encoding: .utf8)
        }
    }
}
