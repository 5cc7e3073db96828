import CohortEngine
import CohortSampleData
import Foundation

/// The template `cohort init` copies: one on disk when there is one (`$COHORT_TEMPLATE`, an install's
/// `share/`, a source checkout), else the one built into the binary, so that a copied binary works alone.
enum BuiltInTemplate {
    /// The template's definition files as `EmbeddedTemplate` carries them, and its inbox/ sample data as
    /// `CohortSampleData` generates it (the same bytes as `swift run sample-data workspace-template`).
    static var files: [WorkspaceInitializer.TemplateFile] {
        let definitions = EmbeddedTemplate.files.map { (path: $0.path, contents: $0.contents) }
        let sampleData = LumaSampleData.files().map { (path: $0.path, contents: $0.contents) }
        return (definitions + sampleData).map {
            WorkspaceInitializer.TemplateFile(path: $0.path, bytes: Array($0.contents.utf8))
        }
    }

    /// The template for this process: found on disk, or built in.
    static func initializer() throws -> WorkspaceInitializer {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        let environment = ProcessInfo.processInfo.environment
        let found = try WorkspaceInitializer.locateTemplate(executable: executable, environment: environment)
        return found ?? WorkspaceInitializer(files: files)
    }
}
