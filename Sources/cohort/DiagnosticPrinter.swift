import CohortCore
import Foundation

/// Prints diagnostics on standard error: plain `path:line:column: severity: message` lines into a pipe
/// or file; on a terminal with colour (unless `NO_COLOR`) and the source line with a caret under the column.
final class DiagnosticPrinter {
    let root: URL
    let style: DiagnosticStyle
    /// Each file's text once read (nil: it could not be read, and no source line is shown).
    private var sources: [String: String?] = [:]

    init(root: URL, style: DiagnosticStyle = .forStream(isTerminal: isatty(STDERR_FILENO) == 1,
                                                         environment: ProcessInfo.processInfo.environment)) {
        self.root = root
        self.style = style
    }

    func print(_ diagnostic: Diagnostic) {
        printError(DiagnosticRenderer.render(diagnostic, source: style.sourceLine ? source(diagnostic.location.file) : nil, style: style))
    }

    private func source(_ path: String) -> String? {
        if let known = sources[path] { return known }
        let text = (try? Data(contentsOf: root.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
        sources[path] = text
        return text
    }
}
