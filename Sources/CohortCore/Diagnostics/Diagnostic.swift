/// A problem found in a definition or data file, reported as `path:line:column: severity: message`.
public struct Diagnostic: Error, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Errors stop a workspace from being used; warnings are reported and otherwise ignored.
    public enum Severity: String, Sendable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// What kind of problem this is, for tools (the message says it for people).
    public var code: DiagnosticCode
    /// What would be right, when it is known ("did you mean `mergePolicyId`?"); often also in the message.
    public var hint: String?
    /// Just after the last character of what the diagnostic points at, when its extent is known.
    public var end: SourceLocation?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, code: DiagnosticCode = .invalid,
                hint: String? = nil, end: SourceLocation? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.code = code
        self.hint = hint
        self.end = end
    }

    public static func error(at location: SourceLocation, _ message: String, code: DiagnosticCode = .invalid,
                             hint: String? = nil, end: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, code: code, hint: hint, end: end)
    }

    public static func warning(at location: SourceLocation, _ message: String, code: DiagnosticCode = .invalid,
                               hint: String? = nil, end: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, code: code, hint: hint, end: end)
    }

    /// The same diagnostic with another code (and hint, when one is given).
    public func with(code: DiagnosticCode, hint: String? = nil) -> Diagnostic {
        var copy = self
        copy.code = code
        copy.hint = hint ?? self.hint
        return copy
    }

    /// Sorted by file and position, errors before warnings at the same place, then by message.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        return lhs.message < rhs.message
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Collects diagnostics across a whole load so that every problem is reported in one run.
///
/// Unknown keys are kept apart until the end: whether they are warnings or errors depends on strict
/// mode, which the settings file (read in the same load) may turn on.
public final class DiagnosticSink {
    private var collected: [Diagnostic] = []
    private var unknownKeys: [UnknownKey] = []
    /// Strict mode: unknown keys, attributes and elements are errors instead of warnings.
    public var strict = false

    public init() {}

    /// Everything reported so far, unknown keys as strict mode makes them.
    public var diagnostics: [Diagnostic] { collected + unknownKeys.map { $0.diagnostic(strict: strict) } }

    public func error(_ location: SourceLocation, _ message: String, code: DiagnosticCode = .invalid,
                      hint: String? = nil, end: SourceLocation? = nil) {
        collected.append(.error(at: location, message, code: code, hint: hint, end: end))
    }

    public func warning(_ location: SourceLocation, _ message: String, code: DiagnosticCode = .invalid,
                        hint: String? = nil, end: SourceLocation? = nil) {
        collected.append(.warning(at: location, message, code: code, hint: hint, end: end))
    }

    public func append(_ diagnostic: Diagnostic) {
        collected.append(diagnostic)
    }

    /// A key, attribute or element no loader reads.
    func unknown(_ key: UnknownKey) {
        unknownKeys.append(key)
    }

    /// How many errors were reported, unknown keys aside (they never make a definition unusable).
    var errorCount: Int { collected.count { $0.severity == .error } }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The diagnostics in report order, without exact repeats.
    public var sorted: [Diagnostic] { Array(Set(diagnostics)).sorted() }
}

/// A key, attribute or element of a definition that nothing reads: a warning that it is ignored, or
/// in strict mode an error.
struct UnknownKey: Sendable {
    var location: SourceLocation
    /// e.g. "key `mergePolicy`", "attribute `mergePolicy`", "element <foo> in <mappings>".
    var subject: String
    /// What would be right, when something is: "did you mean `mergePolicyId`?", "expected <mapping>".
    var advice: String?
    var end: SourceLocation?

    func diagnostic(strict: Bool) -> Diagnostic {
        let tail = advice.map { "; " + $0 } ?? ""
        let message = "unknown \(subject) " + (strict ? "is not allowed in strict mode" : "is ignored") + tail
        return Diagnostic(strict ? .error : .warning, at: location, message, code: .unknownKey, hint: advice, end: end)
    }
}
