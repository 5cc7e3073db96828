import Foundation

/// Creates a new workspace from the template (`cohort init`): a template folder on disk, or the
/// template's files as the binary carries them.
public struct WorkspaceInitializer {
    /// Why a workspace could not be created.
    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String)
        case templateMissing(String)

        public var description: String {
            switch self {
            case .notEmpty(let path):
                return "\(path) is not empty; choose an empty or new folder, "
                    + "or pass --force to copy the template over it"
            case .templateMissing(let path):
                return "cannot find the workspace template; looked in \(path) (COHORT_TEMPLATE), "
                    + "which holds no cohort.json. Set COHORT_TEMPLATE to the folder of workspace-template, "
                    + "or unset it to use the template built into cohort"
            }
        }
    }

    /// One file of a template carried in memory: its workspace-relative path and its bytes.
    public struct TemplateFile: Sendable, Equatable {
        public let path: String
        public let bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// Where the template's files come from.
    public enum Source: Sendable {
        case folder(URL)
        case files([TemplateFile])
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

    public let source: Source

    public init(template: URL) {
        self.source = .folder(template)
    }

    public init(files: [TemplateFile]) {
        self.source = .files(files)
    }

    /// Finds a template on disk: `$COHORT_TEMPLATE` (which must hold a template when set), then
    /// `share/cohort/workspace-template` beside the executable's `bin/`, then `workspace-template/` in a
    /// folder above the executable (a source checkout). Nil when there is none: the caller uses the
    /// template built into the binary.
    public static func locateTemplate(executable: URL, environment: [String: String]) throws -> WorkspaceInitializer? {
        func holdsTemplate(_ folder: URL) -> Bool {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("cohort.json").path)
        }
        if let override = environment["COHORT_TEMPLATE"] {
            let folder = URL(fileURLWithPath: override)
            guard holdsTemplate(folder) else { throw Failure.templateMissing(folder.path) }
            return WorkspaceInitializer(template: folder)
        }
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [folder.deletingLastPathComponent().appendingPathComponent("share/cohort/workspace-template")]
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent("workspace-template"))
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first(where: holdsTemplate).map { WorkspaceInitializer(template: $0) }
    }

    /// Copies the template into `destination`, which must be missing or empty unless `force` is set.
    public func create(at destination: URL, force: Bool) throws {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: destination.path), !existing.isEmpty, !force {
            throw Failure.notEmpty(destination.path)
        }
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        switch source {
        case .folder(let template): try copy(template, to: destination)
        case .files(let files): try write(files, to: destination)
        }
        let gitignore = destination.appendingPathComponent(".gitignore")
        if !manager.fileExists(atPath: gitignore.path) {
            try Self.gitignore.write(to: gitignore, atomically: true, encoding: .utf8)
        }
    }

    private func copy(_ template: URL, to destination: URL) throws {
        let manager = FileManager.default
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
    }

    /// Writes the files of a template carried in memory; their paths are the binary's own, never user input.
    private func write(_ files: [TemplateFile], to destination: URL) throws {
        for file in files.sorted(by: { $0.path < $1.path }) {
            let target = destination.appendingPathComponent(file.path)
            let folder = target.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(file.bytes).write(to: target)
        }
    }
}
