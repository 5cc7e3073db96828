/// An identity namespace (SPEC §2.2): what kind of identifier it holds and how its values link.
public struct Namespace: Definition, Equatable {
    public static let kind = DefinitionKind.namespace

    /// AEP's identity types.
    public enum IdentityType: String, CaseIterable, Sendable {
        case cookie
        case device
        case crossDevice = "cross_device"
        case email
        case phone
        case nonPeople = "non_people"
        case partner

        /// Non-people and partner identifiers never link records into one person.
        public var links: Bool { self != .nonPeople && self != .partner }

        /// A person id, an email or a phone: one value is one person (a device or a cookie may be shared).
        public var identifiesPeople: Bool { self == .crossDevice || self == .email || self == .phone }
    }

    /// How values are normalized before they are compared or linked.
    public enum Normalization: String, CaseIterable, Sendable {
        case none
        case email
        case phone
    }

    /// The namespace code (`"code"` in AEP), used in `identityMap` and `NAMESPACE:VALUE`.
    public var id: Located<String>
    public var name: String
    public var type: IdentityType
    /// Lower numbers win when a graph must choose between namespaces.
    public var priority: Int
    /// At most this many values per graph; `unique: true` is a limit of 1.
    public var limit: Int?
    public var normalize: Normalization
    /// Regular expressions of junk values that never link.
    public var blocked: [Located<String>]
    public var isBuiltIn: Bool

    public init(id: Located<String>, name: String, type: IdentityType, priority: Int, limit: Int? = nil,
                normalize: Normalization = .none, blocked: [Located<String>] = [], isBuiltIn: Bool = false) {
        self.id = id
        self.name = name
        self.type = type
        self.priority = priority
        self.limit = limit
        self.normalize = normalize
        self.blocked = blocked
        self.isBuiltIn = isBuiltIn
    }

    public var isUnique: Bool { limit == 1 }

    /// The default priority of a namespace of `type` when its file gives none.
    /// How values of a type are normalized unless a namespace says otherwise.
    public static func defaultNormalization(for type: IdentityType) -> Normalization {
        switch type {
        case .email: return .email
        case .phone: return .phone
        default: return .none
        }
    }

    public static func defaultPriority(for type: IdentityType) -> Int {
        switch type {
        case .crossDevice: return 10
        case .email: return 30
        case .phone: return 40
        case .device: return 50
        case .cookie: return 60
        case .partner: return 70
        case .nonPeople: return 80
        }
    }

    /// AEP's standard namespaces, which exist without a file.
    public static let builtIn: [Namespace] = {
        let location = SourceLocation(file: "(built-in)", line: 1, column: 1)
        func standard(_ code: String, _ name: String, _ type: IdentityType, _ normalize: Normalization = .none) -> Namespace {
            Namespace(id: Located(code, at: location), name: name, type: type, priority: defaultPriority(for: type),
                      normalize: normalize, isBuiltIn: true)
        }
        return [
            standard("ECID", "Experience Cloud ID", .cookie),
            standard("Email", "Email", .email, .email),
            standard("Email_LC_SHA256", "Emails (SHA256, lowercased)", .email),
            standard("GAID", "Google Ad ID", .device),
            standard("IDFA", "Apple IDFA", .device),
            standard("Phone", "Phone", .phone, .phone),
            standard("Phone_E.164", "Phone (E.164)", .phone, .phone),
            standard("Phone_SHA256", "Phone (SHA256)", .phone),
        ]
    }()
}
