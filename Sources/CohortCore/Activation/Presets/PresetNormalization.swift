import Foundation

/// How a preset column normalizes a value before it is written (and hashed), each rule as a platform
/// documents it. A value a rule cannot normalize (a phone number without a country, a date that is
/// no date) gives nil: the cell is left empty.
public enum PresetNormalization: Sendable, Equatable {
    /// Trimmed, nothing else.
    case trimmed
    /// Trimmed and lowercased. With `gmailRules` (Google's), white space inside is removed too, and for
    /// `gmail.com` / `googlemail.com` the dots of the local part and any `+suffix` are dropped.
    case email(gmailRules: Bool)
    /// Trimmed and lowercased, any `+suffix` of the local part dropped, whatever the domain.
    case emailWithoutPlusSuffix
    /// Trimmed; nil when it holds a character the platform refuses in an id.
    case idWithout(Set<Character>)
    /// E.164 (the workspace's `defaultCountry` for national numbers); `plus: false` writes the digits only.
    case phone(plus: Bool)
    /// Lowercased, every character that is not a letter removed (accents and other scripts kept).
    case lettersOnly
    /// As `lettersOnly`, and a US state's full name becomes its two-letter code (Meta's `st`: "Use the
    /// 2-character ANSI abbreviation code, lowercase"); other states and provinces stay as they are.
    case stateCode
    /// Trimmed and lowercased.
    case lowercased
    /// Lowercased, every white space removed.
    case lowercasedWithoutWhitespace
    /// An ISO 3166-1 alpha-2 code, from a code or an English country name, in the case given.
    case countryCode(uppercase: Bool)
    /// Lowercased without white space; a US ZIP+4 becomes its first five digits.
    case postalCode
    /// A date (`YYYY-MM-DD`, an ISO date-time, or US `M/D/YYYY`) as `YYYYMMDD`.
    case dateYYYYMMDD
    /// A date as `YYYY-MM-DD`.
    case dateISO
    /// A date's year, `YYYY`.
    case year
    /// `m` or `f` (or `M`, `F`) from a gender such as `male` or `F`; nil for any other.
    case genderLetter(uppercase: Bool)

    /// `text` normalized, or nil when it cannot be.
    public func apply(_ text: String, defaultCountry: String?) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .trimmed:
            return trimmed
        case .email(let gmailRules):
            return gmailRules ? Self.gmailCanonical(Self.withoutWhitespace(trimmed).lowercased()) : trimmed.lowercased()
        case .emailWithoutPlusSuffix:
            let email = trimmed.lowercased()
            guard let at = email.lastIndex(of: "@"), let plus = email[..<at].firstIndex(of: "+") else { return email }
            return String(email[..<plus] + email[at...])
        case .idWithout(let refused):
            return trimmed.contains(where: refused.contains) ? nil : trimmed
        case .phone(let plus):
            guard let e164 = PhoneNumber.e164(trimmed, defaultCountry: defaultCountry) else { return nil }
            return plus ? e164 : String(e164.dropFirst())
        case .lettersOnly:
            return Self.letters(trimmed)
        case .stateCode:
            let letters = Self.letters(trimmed)
            return USStateCodes.code(ofName: letters) ?? letters
        case .lowercased:
            return trimmed.lowercased()
        case .lowercasedWithoutWhitespace:
            return Self.withoutWhitespace(trimmed.lowercased())
        case .countryCode(let uppercase):
            guard let code = CountryCodes.code(of: trimmed) else { return nil }
            return uppercase ? code : code.lowercased()
        case .postalCode:
            let compact = Self.withoutWhitespace(trimmed.lowercased())
            let parts = compact.split(separator: "-", omittingEmptySubsequences: false)
            let isZIPPlus4 = parts.count == 2 && parts[0].count == 5 && parts[1].count == 4
                && compact.utf8.allSatisfy { $0 == 0x2D || (0x30...0x39).contains($0) }
            if isZIPPlus4 {
                return String(parts[0])
            }
            return compact
        case .dateYYYYMMDD:
            return Self.date(trimmed).map { "\($0.year)\($0.month)\($0.day)" }
        case .dateISO:
            return Self.date(trimmed).map { "\($0.year)-\($0.month)-\($0.day)" }
        case .year:
            if let date = Self.date(trimmed) { return date.year }
            return trimmed.count == 4 && trimmed.allSatisfy(\.isASCIIDigit) ? trimmed : nil
        case .genderLetter(let uppercase):
            let letter: String
            switch trimmed.lowercased() {
            case "m", "male", "man": letter = "m"
            case "f", "female", "woman": letter = "f"
            default: return nil
            }
            return uppercase ? letter.uppercased() : letter
        }
    }

    /// Gmail ignores dots and a `+suffix` in the local part: `jane.doe+news@gmail.com` is `janedoe@gmail.com`.
    private static func gmailCanonical(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return email }
        let domain = email[email.index(after: at)...]
        guard domain == "gmail.com" || domain == "googlemail.com" else { return email }
        let local = email[..<at].prefix { $0 != "+" }
        return local.replacingOccurrences(of: ".", with: "") + email[at...]
    }

    /// Lowercased, every character that is not a letter removed.
    private static func letters(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter(\.properties.isAlphabetic)))
    }

    private static func withoutWhitespace(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// Year, month and day (zero-padded) of `YYYY-MM-DD` (or the date of an ISO date-time) or `M/D/YYYY`.
    private static func date(_ text: String) -> (year: String, month: String, day: String)? {
        let fields: [Substring]
        let order: (year: Int, month: Int, day: Int)
        if text.contains("/") {
            fields = text.split(separator: "/", omittingEmptySubsequences: false)
            order = (2, 0, 1)
        } else {
            fields = text.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
            order = (0, 1, 2)
        }
        guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              fields[order.year].count == 4, let month = Int(fields[order.month]), let day = Int(fields[order.day]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        func padded(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return (String(fields[order.year]), padded(month), padded(day))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// ISO 3166-1 alpha-2 country codes, from a code or the country's English name.
enum CountryCodes {
    /// The code of `text` (a code in any case, or an English name such as "United States"); nil when unknown.
    static func code(of text: String) -> String? {
        let upper = text.uppercased()
        if upper.count == 2, codes.contains(upper) { return upper }
        return byName[text.lowercased()]
    }

    static let codes: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) })

    /// English names as Foundation's locale data writes them, lowercased, with the common short forms.
    static let byName: [String: String] = {
        let english = Locale(identifier: "en_US")
        var names: [String: String] = ["usa": "US", "united states of america": "US", "uk": "GB", "great britain": "GB"]
        for code in codes.sorted() {
            guard let name = english.localizedString(forRegionCode: code)?.lowercased(), names[name] == nil else { continue }
            names[name] = code
        }
        return names
    }()
}
