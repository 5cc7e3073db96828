/// Spark SQL literals and names as the PQL compiler writes them: every value spelled so that its
/// meaning does not depend on the session (time zone, ANSI mode, escaping settings).
enum SparkSQLText {
    /// A string literal: backslash and quote escaped, control characters as `\uXXXX`.
    static func string(_ text: String) -> String {
        var output = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "'": output += "\\'"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "'"
    }

    /// A DOUBLE literal (nil for infinities and NaN, which PQL text cannot produce as data compares).
    static func double(_ number: Double) -> String? {
        guard number.isFinite else { return nil }
        let text = "\(number.magnitude)D"
        return number.sign == .minus ? "(-\(text))" : text
    }

    /// A BIGINT literal.
    static func long(_ number: Int64) -> String {
        number < 0 ? "(\(number)L)" : "\(number)L"
    }

    static func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }

    /// A condition that is false where Spark's three-valued logic gives NULL (PQL's missing is false).
    static func definite(_ condition: String) -> String { "coalesce(\(condition), FALSE)" }
}
