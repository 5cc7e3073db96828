/// What running one test file gave: the problems that kept it from running (or warnings), and
/// each expectation's failures.
public struct SegmentTestOutcome: Sendable {
    /// One way an expectation was not met, with the clause values of the profile concerned.
    public struct Failure: Sendable, Equatable {
        public var location: SourceLocation
        /// What `cohort explain` shows for the profile (the verdict line, then the clauses); empty
        /// when no profile is concerned.
        public var explanation: [String]
        public var message: String

        /// `file:line:column: message`, then the explanation indented.
        public var text: String {
            ([("\(location): \(message)")] + explanation.map { "  " + $0 }).joined(separator: "\n")
        }
    }

    /// One expectation's outcome.
    public struct Result: Sendable {
        public var name: String
        public var location: SourceLocation
        public var failures: [Failure]
        public var passed: Bool { failures.isEmpty }
    }

    public var file: String
    /// The test's name.
    public var name: String
    /// Errors (the test did not run) and warnings, sorted.
    public var diagnostics: [Diagnostic]
    /// Each expectation's outcome, in the file's order; empty when the test did not run.
    public var results: [Result]

    public init(file: String, name: String, diagnostics: [Diagnostic], results: [Result]) {
        self.file = file
        self.name = name
        self.diagnostics = diagnostics
        self.results = results
    }

    /// The errors that kept the test from running.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var passed: Bool { errors.isEmpty && results.allSatisfy(\.passed) }
}
