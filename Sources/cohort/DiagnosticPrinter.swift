import CohortCore
import CohortEngine
import Foundation

/// Prints diagnostics on standard error: plain `path:line:column: severity: message` lines into a pipe
/// or file; on a terminal with colour (unless `NO_COLOR`) and the source line with a caret under the column.
final class DiagnosticPrinter {
    let root: URL
    let style: DiagnosticStyle
    /// Each file's lines once read (nil: it could not be read, and no source line is shown).
    private var sources: [String: SourceLines?] = [:]

    init(root: URL, style: DiagnosticStyle = .forStream(isTerminal: isatty(STDERR_FILENO) == 1,
                                                         environment: ProcessInfo.processInfo.environment)) {
        self.root = root
        self.style = style
    }

    func print(_ diagnostic: Diagnostic) {
        let lines = style.sourceLine ? lines(of: diagnostic.location.file) : nil
        printError(DiagnosticRenderer.render(diagnostic, lines: lines, style: style))
    }

    /// Prints a build's error: on a terminal an invalid workspace's diagnostics are drawn as `validate`
    /// draws them; otherwise (and for other errors) the error's one text, as always.
    func print(_ error: BuildError) {
        guard case .invalidWorkspace(let diagnostics) = error, style != .plain else {
            printError("error: \(error)")
            return
        }
        diagnostics.forEach(print)
        printError("error: \(BuildError.invalidWorkspaceAdvice)")
    }

    private func lines(of path: String) -> SourceLines? {
        if let known = sources[path] { return known }
        let data = try? Data(contentsOf: root.appendingPathComponent(path))
        let lines = data.map { SourceLines(String(decoding: $0, as: UTF8.self)) }
        sources[path] = lines
        return lines
    }
}
