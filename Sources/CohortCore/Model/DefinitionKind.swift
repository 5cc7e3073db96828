/// The kinds of definition a workspace holds, with the folder and XML element each one uses.
public enum DefinitionKind: String, CaseIterable, Sendable {
    case settings
    case schema
    case namespace
    case dataset
    case mergePolicy
    case segment
    case destination
    case policy

    /// The workspace folder holding this kind (settings live in `cohort.json` at the top).
    public var folder: String {
        switch self {
        case .settings: return ""
        case .schema: return "schemas"
        case .namespace: return "namespaces"
        case .dataset: return "datasets"
        case .mergePolicy: return "merge-policies"
        case .segment: return "segments"
        case .destination: return "destinations"
        case .policy: return "policies"
        }
    }

    /// The root element of this kind's XML form.
    public var xmlElement: String {
        switch self {
        case .settings: return "cohort"
        case .mergePolicy: return "mergePolicy"
        default: return rawValue
        }
    }

    /// How the kind is named in messages.
    public var displayName: String {
        switch self {
        case .settings: return "workspace settings"
        case .mergePolicy: return "merge policy"
        default: return rawValue
        }
    }

    /// The kind a workspace-relative path belongs to, if any.
    public static func kind(forFolder folder: String) -> DefinitionKind? {
        allCases.first { $0 != .settings && $0.folder == folder }
    }
}

/// What every definition has: an id and where it was written.
public protocol Definition: Sendable {
    static var kind: DefinitionKind { get }
    var id: Located<String> { get }
}

/// Ids name folders under `inbox/`, `archive/` and `exports/`, so they are restricted to
/// `[A-Za-z0-9][A-Za-z0-9._-]{0,127}` and can never escape a folder.
public enum DefinitionID {
    public static let rule = "an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-'"

    public static func isValid(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 128, isAlphanumeric(first) else { return false }
        return scalars.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
