import Foundation

/// SPEC §3's value rules for one namespace: normalization, junk values and blocked patterns.
public struct IdentityRules: Sendable {
    /// Why an identity value was dropped; counted in the build summary.
    public enum Drop: String, CaseIterable, Sendable {
        case invalid
        case blocked
        case unknownNamespace
        case overRecordLimit
    }

    /// Values of one namespace dropped for one reason: how builds and the history count them.
    public struct DroppedValues: Hashable, Comparable, Sendable {
        public var namespace: String
        public var drop: Drop

        public init(namespace: String, drop: Drop) {
            self.namespace = namespace
            self.drop = drop
        }

        public static func < (lhs: DroppedValues, rhs: DroppedValues) -> Bool {
            (lhs.namespace, lhs.drop.rawValue) < (rhs.namespace, rhs.drop.rawValue)
        }
    }

    public static let maximumLength = 1024
    private static let junk: Set<String> = ["", "null", "anonymous", "invalid"]

    public let namespace: Namespace
    /// The blocked patterns, each with its plain form when it has one (matched without ICU).
    private let blocked: [(regex: NSRegularExpression, literal: LiteralPattern?)]
    /// The workspace's `defaultCountry`: national phone numbers are of this country.
    private let defaultCountry: String?
    /// ECID values are 38 digits.
    private let isECID: Bool

    public init(namespace: Namespace, defaultCountry: String?) {
        self.namespace = namespace
        self.defaultCountry = defaultCountry
        isECID = namespace.id.value == "ECID"
        blocked = namespace.blocked.compactMap { pattern in
            (try? NSRegularExpression(pattern: pattern.value)).map { ($0, LiteralPattern(pattern.value)) }
        }
    }

    /// The normalized value, or why it must be dropped.
    public func check(_ raw: String) -> Result<String, DropReason> {
        guard let value = Self.normalize(raw, as: namespace.normalize, defaultCountry: defaultCountry) else {
            return .failure(DropReason(.invalid))
        }
        // Junk words are short; only long values can be over the limit (a character is at least a byte).
        if (value.utf8.count <= 9 && Self.isJunk(value))
            || (value.utf8.count > Self.maximumLength && value.count > Self.maximumLength) {
            return .failure(DropReason(.invalid))
        }
        if isECID && !(value.utf8.count == 38 && value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }) {
            return .failure(DropReason(.invalid))
        }
        if !blocked.isEmpty {
            let isBlocked = blocked.contains { pattern in
                pattern.literal?.matches(value)
                    ?? (pattern.regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil)
            }
            if isBlocked {
                return .failure(DropReason(.blocked))
            }
        }
        return .success(value)
    }

    /// The reason of a dropped value, as an error so it can travel in a `Result`.
    public struct DropReason: Error, Equatable {
        public var drop: Drop
        init(_ drop: Drop) { self.drop = drop }
    }

    /// `email`: trimmed and lowercased; `phone`: E.164 (see `PhoneNumber`), nil when it cannot be.
    public static func normalize(_ raw: String, as normalization: Namespace.Normalization,
                                 defaultCountry: String?) -> String? {
        let trimmed = hasOuterSpace(raw) ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw
        switch normalization {
        case .none: return trimmed
        case .email: return hasUppercaseOrNonASCII(trimmed) ? trimmed.lowercased() : trimmed
        case .phone: return PhoneNumber.e164(trimmed, defaultCountry: defaultCountry)
        }
    }

    /// Whether `value` is a junk word in any case: ASCII text compared on its bytes, without a lowercased copy.
    private static func isJunk(_ value: String) -> Bool {
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return junk.contains(value.lowercased()) }
        return junkBytes.contains { word in
            word.count == value.utf8.count
                && zip(word, value.utf8).allSatisfy { $0 == ((0x41...0x5A).contains($1) ? $1 | 0x20 : $1) }
        }
    }

    private static let junkBytes = junk.map { Array($0.utf8) }

    /// Whether lowercasing could change `text`: it has an ASCII capital or a byte outside ASCII.
    private static func hasUppercaseOrNonASCII(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x80 || (0x41...0x5A).contains($0) }
    }

    /// Whether trimming could change `text`: it starts or ends with a byte that is not printable ASCII.
    private static func hasOuterSpace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return !(0x21...0x7E).contains(first) || !(0x21...0x7E).contains(last)
    }
}
