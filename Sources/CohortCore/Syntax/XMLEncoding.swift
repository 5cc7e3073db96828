/// The encodings cohort reads XML in: UTF-8, and the single-byte ISO-8859-1 (latin1, of which
/// US-ASCII is a part) and windows-1252, named in the XML declaration. libxml2 decodes the document
/// itself; `XMLSourceScanner` locates its parts in a UTF-8 copy, where one source byte of a
/// single-byte encoding is one character, so lines and columns are the same in both.
enum XMLEncoding: Equatable {
    case utf8
    case latin1
    case windows1252

    /// Why a document's encoding is not one cohort reads.
    struct Refusal: Error {
        var message: String
    }

    /// The encoding of a document from its first bytes (the byte order mark or the XML declaration),
    /// or a message saying why cohort cannot read it.
    static func detect(_ start: [UInt8]) -> Result<XMLEncoding, Refusal> {
        if start.starts(with: [0xFE, 0xFF]) || start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0x00, 0x3C]) || start.starts(with: [0x3C, 0x00]) {
            return .failure(Refusal(message: "the file is UTF-16; cohort reads XML in UTF-8, ISO-8859-1 or windows-1252: save it as UTF-8"))
        }
        guard let declared = declaredName(in: start) else { return .success(.utf8) }
        switch declared.uppercased() {
        case "UTF-8", "UTF8": return .success(.utf8)
        case "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1", "US-ASCII", "ASCII": return .success(.latin1)
        case "WINDOWS-1252", "CP1252": return .success(.windows1252)
        default:
            return .failure(Refusal(message: "the encoding \(declared) is not one cohort reads; declare UTF-8, ISO-8859-1 or windows-1252 (and save the file so)"))
        }
    }

    /// The `encoding="…"` of an XML declaration at the start of the bytes.
    private static func declaredName(in bytes: [UInt8]) -> String? {
        let head = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3).prefix(200)) : Array(bytes.prefix(200))
        guard head.starts(with: Array("<?xml".utf8)), let end = firstIndex(of: Array("?>".utf8), in: head) else { return nil }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The bytes as UTF-8, for the scanner.
    func utf8(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .utf8: return bytes
        case .latin1, .windows1252:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte < 0x80 { out.append(byte); continue }
                let scalar = self == .windows1252 && (0x80...0x9F).contains(byte) ? Self.windows1252High[Int(byte - 0x80)] : UInt32(byte)
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            }
            return out
        }
    }

    /// windows-1252's characters for 0x80–0x9F (its only difference from ISO-8859-1); the five
    /// unassigned bytes are read as U+FFFD (libxml2 refuses them anyway).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
