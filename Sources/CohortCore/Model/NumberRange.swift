/// The numbers cohort holds: `integer` fields as 64-bit integers, `number` fields and PQL numbers as
/// finite 64-bit doubles. A value that does not fit is rejected in these words, never rounded to
/// another integer or made infinite.
public enum NumberRange {
    /// Why an integer does not fit, after the value (or "the number").
    public static let integerOverflow = "does not fit a 64-bit integer (-9223372036854775808 to 9223372036854775807)"
    /// Why a number does not fit, after the value (or "the number").
    public static let doubleOverflow = "is out of range (a number is at most ±1.8e308)"

    /// Whether `text` is a whole number as written: an optional sign, then digits.
    public static func isIntegerLiteral(_ text: some StringProtocol) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits.removeFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether `text` reads as a number too large for a double (`1e400`), as opposed to no number at all.
    public static func overflowsDouble(_ text: some StringProtocol) -> Bool {
        guard let number = Double(String(text)), !number.isFinite else { return false }
        return text.contains { $0.isASCII && $0.isNumber }
    }
}
