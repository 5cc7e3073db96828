/// Random identifier strings: hex ids, UUIDs and digit strings such as ECIDs.
extension SplitMix64 {
    private static let hexDigits = Array("0123456789abcdef")

    /// `count` lowercase hex digits (a CRM id or event id is 32).
    mutating func hex(_ count: Int) -> String {
        var out = ""
        for _ in 0..<count { out.append(Self.hexDigits[below(16)]) }
        return out
    }

    /// A version-4-shaped UUID, as the Web SDK writes event ids.
    mutating func uuid() -> String {
        let variant = Self.hexDigits[8 + below(4)]
        return "\(hex(8))-\(hex(4))-4\(hex(3))-\(variant)\(hex(3))-\(hex(12))"
    }

    /// `count` decimal digits, the first not zero (an ECID is 38).
    mutating func digits(_ count: Int) -> String {
        var out = String(1 + below(9))
        for _ in 1..<count { out += String(below(10)) }
        return out
    }
}
