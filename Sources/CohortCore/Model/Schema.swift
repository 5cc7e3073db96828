/// A record shape (SPEC §2.1): XDM's class, the field tree, identity fields and data-usage labels.
public struct Schema: Definition, Equatable {
    public static let kind = DefinitionKind.schema

    /// The XDM class: profile records or time-stamped experience events.
    public enum SchemaClass: String, CaseIterable, Sendable {
        case profile
        case experienceEvent = "experienceevent"

        /// The class's XDM URI, as `meta:class` writes it.
        public var uri: String {
            switch self {
            case .profile: return "https://ns.adobe.com/xdm/context/profile"
            case .experienceEvent: return "https://ns.adobe.com/xdm/context/experienceevent"
            }
        }

        /// Accepts the short name or the URI.
        public init?(name: String) {
            if let match = SchemaClass.allCases.first(where: { $0.rawValue == name.lowercased() || $0.uri == name }) {
                self = match
            } else {
                return nil
            }
        }
    }

    /// A field that holds an identity of a namespace (an AEP identity descriptor).
    public struct IdentityField: Equatable, Sendable {
        public var path: Located<String>
        public var namespace: Located<String>
        public var isPrimary: Bool

        public init(path: Located<String>, namespace: Located<String>, isPrimary: Bool) {
            self.path = path
            self.namespace = namespace
            self.isPrimary = isPrimary
        }
    }

    /// Data-usage labels on one field path (and everything under it).
    public struct FieldLabels: Equatable, Sendable {
        public var path: Located<String>
        public var labels: [Located<String>]

        public init(path: Located<String>, labels: [Located<String>]) {
            self.path = path
            self.labels = labels.sorted { $0.value < $1.value }
        }
    }

    public var id: Located<String>
    public var title: String
    public var schemaClass: SchemaClass
    /// The record's top-level object. `identityMap` is implicit in every schema and not part of it.
    public var root: SchemaField
    /// Sorted by path.
    public var identities: [IdentityField]
    /// Sorted by path.
    public var labels: [FieldLabels]

    public init(id: Located<String>, title: String, schemaClass: SchemaClass, root: SchemaField,
                identities: [IdentityField] = [], labels: [FieldLabels] = []) {
        self.id = id
        self.title = title
        self.schemaClass = schemaClass
        self.root = root
        self.identities = identities.sorted { $0.path.value < $1.path.value }
        self.labels = labels.sorted { $0.path.value < $1.path.value }
    }

    /// The field at a dotted path; `[]` after an array name and array descent are both accepted.
    public func field(at path: String) -> SchemaField? {
        root.descendant(at: FieldPath.components(of: path))
    }

    /// Every path in the schema (objects and leaves), for suggestions.
    public var allPaths: [String] { root.allPaths(prefix: "") }
}

/// Dotted field paths such as `productListItems[].SKU` or `personalEmail.address`.
public enum FieldPath {
    /// The names along the path, with `[]` array markers removed.
    public static func components(of path: String) -> [String] {
        path.split(separator: ".", omittingEmptySubsequences: false).map { component in
            component.hasSuffix("[]") ? String(component.dropLast(2)) : String(component)
        }
    }

    /// The dotted path of a JSON pointer such as `/personalEmail/address`.
    public static func fromPointer(_ pointer: String) -> String {
        pointer.split(separator: "/").map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }.joined(separator: ".")
    }
}
