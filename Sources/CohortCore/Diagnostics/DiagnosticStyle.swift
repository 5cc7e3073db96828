/// How diagnostics are drawn: as plain lines (files, pipes, scripts), or for a person at a terminal
/// with colour and the source line under each one.
public struct DiagnosticStyle: Equatable, Sendable {
    /// Error in red, warning in yellow, the location in bold (ANSI escapes).
    public var colour: Bool
    /// The source line after each diagnostic, with a caret under its column.
    public var sourceLine: Bool

    public init(colour: Bool, sourceLine: Bool) {
        self.colour = colour
        self.sourceLine = sourceLine
    }

    /// `path:line:column: severity: message` and nothing else, byte for byte as before.
    public static let plain = DiagnosticStyle(colour: false, sourceLine: false)

    /// The style for an output stream: plain unless it is a terminal; on a terminal the source line,
    /// and colour unless `NO_COLOR` is set to anything but "" (no-color.org) or `TERM` is "dumb".
    public static func forStream(isTerminal: Bool, environment: [String: String]) -> DiagnosticStyle {
        guard isTerminal else { return .plain }
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        return DiagnosticStyle(colour: !noColour, sourceLine: true)
    }
}
