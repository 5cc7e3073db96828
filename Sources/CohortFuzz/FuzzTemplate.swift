import CohortCore
import Foundation

/// The template workspace the fuzz targets read against: its definition files, the workspace they
/// load into, and the data files in its `inbox/` (which seed the data readers).
public struct FuzzTemplate: Sendable {
    /// Why the template cannot be used.
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every file outside `inbox/`, workspace-relative and sorted: `WorkspaceLoader` skips the ones
    /// that are not definitions.
    public let definitionFiles: [SourceFile]
    public let workspace: Workspace
    /// `inbox/<dataset>/<name>` files, sorted.
    public let dataFiles: [SourceFile]

    /// Reads the workspace at `root`; it must load without definition errors.
    public init(root: URL) throws {
        let root = root.standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else {
            throw Unusable(description: "\(root.path): cannot list the template workspace")
        }
        var definitions: [SourceFile] = []
        var data: [SourceFile] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count).drop { $0 == "/" })
            guard let bytes = try? Data(contentsOf: url) else {
                throw Unusable(description: "\(url.path): cannot read this template file")
            }
            let file = SourceFile(path: path, bytes: Array(bytes))
            if path.hasPrefix("inbox/") { data.append(file) } else { definitions.append(file) }
        }
        definitionFiles = definitions.sorted { $0.path < $1.path }
        dataFiles = data.sorted { $0.path < $1.path }
        let loaded = WorkspaceLoader.load(definitionFiles)
        if let first = loaded.definitionErrors.first {
            throw Unusable(description: "the template workspace at \(root.path) does not load: \(first)")
        }
        workspace = loaded.workspace
    }

    /// `$COHORT_FUZZ_TEMPLATE`, else `workspace-template` in the current folder.
    public static var defaultRoot: URL {
        let path = ProcessInfo.processInfo.environment["COHORT_FUZZ_TEMPLATE"] ?? "workspace-template"
        return URL(fileURLWithPath: path)
    }

    /// The ingest of dataset `id`, set up as a build sets it up, reading files in `format` (and CSV
    /// files written as `csv` says, when given).
    func ingest(dataset id: String, format: Dataset.Format, csv: Dataset.CSVOptions? = nil) -> DatasetIngest? {
        guard var dataset = workspace.dataset(id), let schema = workspace.schema(dataset.schema.value) else {
            return nil
        }
        dataset.format = format
        if let csv { dataset.csv = csv }
        return DatasetIngest(dataset: dataset, schema: schema, namespaces: workspace.allNamespaces,
                             identitiesPerRecord: workspace.settings.limits.identitiesPerRecord,
                             defaultCountry: workspace.settings.defaultCountry?.value)
    }
}
