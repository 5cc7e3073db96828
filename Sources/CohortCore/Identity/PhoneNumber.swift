/// Phone numbers in E.164 (SPEC §7): `+`, the country calling code and the national number, at
/// most 15 digits. A number written with `+`, `00` or the default country's exit code is
/// international; any other is national to the workspace's `defaultCountry`, whose trunk prefix is
/// dropped. Anything else — letters, a `+` inside, too few or too many digits, a national number
/// without a default country — cannot become E.164.
public enum PhoneNumber {
    /// E.164 allows 15 digits; the shortest numbers in use (Niue, Tokelau) have 7 with their calling code.
    static let digitCount = 7...15

    /// `raw` in E.164 (`+` and digits), or nil when it cannot be written so.
    public static func e164(_ raw: String, defaultCountry: String?) -> String? {
        // "+44 (0)20 …": the trunk prefix written in brackets after the calling code is not dialled.
        let text = raw.utf8.contains(UInt8(ascii: "(")) ? raw.replacingOccurrences(of: "(0)", with: "") : raw
        var digits: [UInt8] = []
        var hasPlus = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                digits.append(UInt8(scalar.value))
            case "+" where digits.isEmpty && !hasPlus:
                hasPlus = true
            case "-", ".", "/", "(", ")", " ":
                continue
            default:
                guard scalar.properties.generalCategory == .spaceSeparator else { return nil }
            }
        }
        let plan = defaultCountry.flatMap { NumberingPlan.byCountry[$0] }
        var international: ArraySlice<UInt8>
        if hasPlus {
            international = digits[...]
        } else if digits.starts(with: "00".utf8) {
            international = digits.dropFirst(2)
        } else if let exit = plan?.exitCode, digits.starts(with: exit.utf8) {
            international = digits.dropFirst(exit.utf8.count)
        } else {
            guard let plan else { return nil }
            var national = digits[...]
            if let trunk = plan.trunkPrefix, national.starts(with: trunk.utf8) {
                national = national.dropFirst(trunk.utf8.count)
            }
            international = Array(plan.callingCode.utf8)[...] + national
        }
        guard digitCount.contains(international.count), let first = international.first,
              first != UInt8(ascii: "0") else { return nil }
        // Every number of the North American plan (+1) has ten digits after the 1.
        if first == UInt8(ascii: "1") && international.count != 11 { return nil }
        return "+" + String(decoding: international, as: UTF8.self)
    }
}
