import ArgumentParser
import CohortCore
import Foundation

/// `cohort schema --out DIR`: the editor schemas (JSON Schema draft 2020-12) of every definition kind
/// and of cohort.json.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the JSON Schemas of every definition kind and of cohort.json, for editors.",
        discussion: """
            One file per kind (datasets.schema.json, …, cohort.schema.json), the same bytes on every run. The \
            template ships them in .vscode/schemas/ with a .vscode/settings.json that maps each folder's *.json \
            to its schema.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the schema files to (created if missing).",
                                                    valueName: "dir"))
    var out: String

    func run() throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        for file in EditorSchemas.files() {
            let url = folder.appendingPathComponent(file.name)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                printError("error: cannot write \(url.path): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            print("wrote \(url.path)")
        }
    }
}
