import CohortCore

/// What must hold when any text is one definition file of the template workspace: the input is the
/// file's workspace path, a line feed, then its bytes (a JSON, XML or PQL definition, or the
/// settings), put in place of the template's file of that path or beside them.
struct DefinitionCheck {
    let template: FuzzTemplate

    func violations(_ input: [UInt8]) -> [String] {
        guard let split = input.firstIndex(of: 0x0A), let path = String(validating: input[..<split], as: UTF8.self),
              !path.isEmpty else { return [] }
        let file = SourceFile(path: path, bytes: Array(input[(split + 1)...]))
        let files = template.definitionFiles.filter { $0.path != path } + [file]
        let first = WorkspaceLoader.load(files)
        let second = WorkspaceLoader.load(files.reversed())
        var found: [String] = []
        if first.diagnostics != second.diagnostics || first.workspace != second.workspace {
            found.append("loading the same files twice (in another order) gives other diagnostics or another workspace")
        }
        if first.diagnostics != first.diagnostics.sorted() { found.append("the diagnostics are not sorted") }
        found += Self.misplaced(first.diagnostics, files: files)
        return found + MessageCheck.violations(first.diagnostics.map(\.message), what: "a diagnostic")
    }

    /// Diagnostics that name a file not among `files`, or a line or column outside it.
    static func misplaced(_ diagnostics: [Diagnostic], files: [SourceFile]) -> [String] {
        var found: [String] = []
        let lineCounts = Dictionary(files.map { ($0.path, $0.bytes.count { $0 == 0x0A || $0 == 0x0D } + 1) }) { $1 }
        for diagnostic in diagnostics {
            let location = diagnostic.location
            guard let lines = lineCounts[location.file] else {
                found.append("a diagnostic names \"\(location.file)\", which is not a file loaded: \(diagnostic)")
                continue
            }
            if location.line < 1 || location.column < 1 || location.line > lines {
                found.append("a diagnostic is at line \(location.line), column \(location.column) "
                             + "of a \(lines)-line file: \(diagnostic)")
            }
        }
        return found
    }
}
