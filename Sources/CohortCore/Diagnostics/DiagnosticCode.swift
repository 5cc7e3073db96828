/// What kind of problem a diagnostic reports: a stable name that editors and scripts can match
/// (`cohort validate --json` writes it as `code`). The set is closed; new kinds are added here only.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    /// The file is not well-formed JSON or XML (or is not in UTF-8).
    case syntax = "syntax"
    /// A key, attribute or element that no definition of this kind has (an error in strict mode).
    case unknownKey = "unknown-key"
    /// A key the definition needs is absent.
    case missingKey = "missing-key"
    /// A value of the wrong type, out of range, or not one of the allowed values.
    case badValue = "bad-value"
    /// An id of another definition (schema, namespace, dataset, merge policy, segment) that is not defined.
    case unknownReference = "unknown-reference"
    /// A field path that the schema (or the profile schemas) does not have.
    case unknownField = "unknown-field"
    /// Two definitions of one kind share an id.
    case duplicateID = "duplicate-id"
    /// A definition refers to one whose own file has errors; its checks wait until that file loads.
    case brokenDependency = "broken-dependency"
    /// A PQL expression that does not parse.
    case pqlSyntax = "pql-syntax"
    /// A PQL expression that parses but does not check: wrong types, functions or arguments.
    case pqlType = "pql-type"
    /// A PQL construct the Spark engine cannot run (`validate --engine spark`).
    case sparkUnsupported = "spark-unsupported"
    /// A data-usage policy blocks a destination.
    case policyViolation = "policy-violation"
    /// A file in a definition folder that is not read (wrong extension).
    case ignoredFile = "ignored-file"
    /// Any other rule of a definition; the message says which.
    case invalid = "invalid"
}
