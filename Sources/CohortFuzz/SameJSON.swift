import CohortCore

extension Value {
    /// Whether the two values are the same JSON: as `==`, except that a whole number is the same
    /// whether it is held as an integer or a double (JSON does not tell them apart).
    func isSameJSON(as other: Value) -> Bool {
        switch (self, other) {
        case let (.integer(integer), .number(number)), let (.number(number), .integer(integer)):
            return number.isFinite && number.rounded() == number && Double(integer) == number
        case let (.array(lhs), .array(rhs)):
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.isSameJSON(as: $1) }
        case let (.object(lhs), .object(rhs)):
            return lhs.count == rhs.count && lhs.allSatisfy { key, value in rhs[key].map(value.isSameJSON) ?? false }
        default:
            return self == other
        }
    }
}
