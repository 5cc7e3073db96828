/// How a country's phone numbers are written, for turning national numbers into E.164: the country
/// calling code, the trunk prefix dialled before a national number inside the country (none where the
/// leading digit belongs to the number, as in Italy), and an exit code other than `00`.
public struct NumberingPlan: Equatable, Sendable {
    public var callingCode: String
    public var trunkPrefix: String?
    public var exitCode: String?

    /// The plans of the countries a workspace plausibly sets as `defaultCountry`, by ISO 3166 alpha-2 code.
    public static let byCountry: [String: NumberingPlan] = {
        let nanp = NumberingPlan(callingCode: "1", trunkPrefix: "1", exitCode: "011")
        func plan(_ code: String, _ trunk: String?) -> NumberingPlan {
            NumberingPlan(callingCode: code, trunkPrefix: trunk, exitCode: nil)
        }
        return [
            "US": nanp, "CA": nanp, "PR": nanp,
            "MX": plan("52", nil), "BR": plan("55", "0"), "CL": plan("56", nil), "CO": plan("57", nil),
            "PE": plan("51", "0"),
            "GB": plan("44", "0"), "IE": plan("353", "0"), "FR": plan("33", "0"), "DE": plan("49", "0"),
            "AT": plan("43", "0"), "CH": plan("41", "0"), "NL": plan("31", "0"), "BE": plan("32", "0"),
            "LU": plan("352", nil), "IT": plan("39", nil), "ES": plan("34", nil), "PT": plan("351", nil),
            "GR": plan("30", nil), "DK": plan("45", nil), "NO": plan("47", nil), "SE": plan("46", "0"),
            "FI": plan("358", "0"), "IS": plan("354", nil), "PL": plan("48", nil), "CZ": plan("420", nil),
            "SK": plan("421", "0"), "HU": plan("36", "06"), "RO": plan("40", "0"), "BG": plan("359", "0"),
            "HR": plan("385", "0"), "SI": plan("386", "0"), "EE": plan("372", nil), "LV": plan("371", nil),
            "UA": plan("380", "0"), "TR": plan("90", "0"), "RU": plan("7", "8"), "IL": plan("972", "0"),
            "AE": plan("971", "0"), "SA": plan("966", "0"), "EG": plan("20", "0"), "ZA": plan("27", "0"),
            "NG": plan("234", "0"), "KE": plan("254", "0"), "IN": plan("91", "0"), "PK": plan("92", "0"),
            "CN": plan("86", "0"), "HK": plan("852", nil), "TW": plan("886", "0"), "KR": plan("82", "0"),
            "SG": plan("65", nil), "MY": plan("60", "0"), "TH": plan("66", "0"), "ID": plan("62", "0"),
            "PH": plan("63", "0"), "VN": plan("84", "0"), "NZ": plan("64", "0"),
            "JP": NumberingPlan(callingCode: "81", trunkPrefix: "0", exitCode: "010"),
            "AU": NumberingPlan(callingCode: "61", trunkPrefix: "0", exitCode: "0011"),
        ]
    }()
}
