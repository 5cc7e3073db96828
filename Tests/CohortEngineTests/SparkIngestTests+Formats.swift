import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// The data files of the other kinds the Spark job reads: gzip-compressed (any format inside), CSV in Latin-1 and
/// XML, well-formed and hostile.
extension SparkIngestTests {
    /// Files of every kind that the native reader reads, each with something to reject or refuse: an XML file with
    /// entities, CDATA, namespaces, attributes, repeated elements, text in the root and a record mixing text in; XML
    /// with bad nesting and with a <!DOCTYPE> (each failing whole); gzip of NDJSON over two members with invalid UTF-8
    /// and NaN, gzip of XML, truncated gzip, a plain file named .gz; Latin-1 CSV with accents and a row too short.
    static func formatFiles() throws -> [String: [UInt8]] {
        let purchases = try templateLines("offline-purchases/purchases.ndjson")
        func lines(_ range: Range<Int>) -> [UInt8] { Array(purchases[range].map { $0 + "\n" }.joined().utf8) }
        let bad = Array(("{\"note\":NaN," + purchases[0].dropFirst() + "\n").utf8)
            + Array(purchases[1].replacingOccurrences(of: "\"eventType\"", with: "\"event\u{FF}Type\"").utf8)
            .map { $0 == 0xBF ? 0xFE : $0 } + [0x0A]
        let members = try Self.gzip(lines(100..<130) + bad) + Self.gzip(lines(130..<160))
        let whole = try Self.gzip(lines(160..<200))
        return [
            "crm/people.xml": Array(try peopleXML(0..<20).utf8),
            "crm/nesting.xml": Array(try peopleXML(20..<23, tail: "<person><person><name></person></person>").utf8),
            "crm/doctype.xml": Array(try peopleXML(23..<26, prolog: "<!DOCTYPE people>\n").utf8),
            "crm/more.xml.gz": try Self.gzip(Array(try peopleXML(26..<40, hostile: false).utf8)),
            "offline-purchases/members.ndjson.gz": members,
            "offline-purchases/truncated.ndjson.gz": Array(whole.dropLast(40)),
            "offline-purchases/garbage.ndjson.gz": lines(200..<210),
            "dma-latin1/accents.csv": try latin1CSV(),
        ]
    }

    /// An XML file whose nesting breaks (line 21) after 17 good records: the native reader keeps the 17 and rejects
    /// the break (within the threshold), which the job cannot place, so the Spark build stops there.
    static func lateBrokenXML() throws -> [UInt8] {
        Array(try peopleXML(41..<58, hostile: false, tail: "<person><name></person>").utf8)
    }

    /// An XML file the native reader reads without a rejection, but with an element name (not ASCII, of a field the
    /// schema lacks) that expat and libxml2 may read otherwise: the Spark build stops at it, line 4.
    static func foreignNameXML() throws -> (bytes: [UInt8], column: Int) {
        let text = try peopleXML(60..<62, hostile: false)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[3]
        let end = try #require(line.range(of: "</person>", options: .backwards))
        let column = line.distance(from: line.startIndex, to: end.lowerBound) + 1
        return (Array(text.replacingOccurrences(of: "</person>\n", with: "<prénom>Zoë</prénom></person>\n").utf8), column)
    }

    /// Adds the dataset `dma-latin1`: the template's CSV export mapping, its files in Latin-1.
    static func addLatin1Dataset(to root: URL) throws {
        let definitions = root.appendingPathComponent("datasets")
        let text = try String(contentsOf: definitions.appendingPathComponent("dma-crm.xml"), encoding: .utf8)
            .replacingOccurrences(of: "id=\"dma-crm\"", with: "id=\"dma-latin1\"")
            .replacingOccurrences(of: "<mapping>", with: "<csv encoding=\"latin1\"/>\n  <mapping>")
        try text.write(to: definitions.appendingPathComponent("dma-latin1.xml"), atomically: true, encoding: .utf8)
    }

    /// The template's CSV export's first 30 rows in Latin-1, names and cities given accents, and a row too short.
    static func latin1CSV() throws -> [UInt8] {
        let rows = try templateLines("dma-crm/dma-crm.csv")
        let accented = rows[1...30].enumerated().map { index, row in
            index % 3 == 0 ? row.replacingOccurrences(of: "a", with: "á").replacingOccurrences(of: "e,", with: "ë,") : row
        }
        let short = rows[31].split(separator: ",").dropLast(2).joined(separator: ",")
        let text = ([rows[0]] + accented + [short]).joined(separator: "\r\n") + "\r\n"
        return try #require(text.data(using: .isoLatin1).map { Array($0) })
    }

    /// The template's people `range` as an XML file, `prolog` after its declaration: one per line as a <person>
    /// element (members as elements, a field repeated for an array); the first with its name in a CDATA section and
    /// entities, the second with its address as attributes; a comment, a default and a prefixed namespace; when
    /// `hostile`, text directly in the root and a copy of the first person with text mixed in (two records
    /// rejected); then `tail`.
    static func peopleXML(_ range: Range<Int>, prolog: String = "", hostile: Bool = true, tail: String = "") throws -> String {
        let url = Frames.repository.appendingPathComponent("workspace-template/inbox/crm/luma-crm.json")
        guard case .array(let people) = Value(try JSONParser.parse(try String(contentsOf: url, encoding: .utf8),
                                                                    file: url.path).get()) else { return "" }
        var records = people[range].map { xml($0, named: "person") }
        records[0] = records[0].replacingOccurrences(of: "<firstName>", with: "<firstName><![CDATA[<D>]]>&amp;&#233;")
        if records.count > 1, case .object(var person) = people[range.lowerBound + 1] {
            let address = person.removeValue(forKey: "homeAddress")
            records[1] = xml(.object(person), named: "person", extra: address.map { xml($0, named: "homeAddress", attributes: true) })
        }
        // The person mixing text in would be kept without it.
        let mixed = "<c:person>mixed" + xml(people[range.lowerBound], named: "person").dropFirst("<person>".count)
            .dropLast("</person>".count) + "</c:person>"
        let rejected = hostile ? "  stray text\n" + mixed + "\n" : ""
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + prolog + "<people xmlns=\"urn:people\" xmlns:c=\"urn:cohort\">\n"
            + "<!-- exported -->\n" + records.joined(separator: "\n") + "\n" + rejected + tail + "\n</people>\n"
    }

    /// `value` as the element `name`: an object's members as child elements in key order (or, with `attributes`,
    /// its text members as attributes), an array as the element repeated, text escaped.
    static func xml(_ value: Value, named name: String, attributes: Bool = false, extra: String? = nil) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        switch value {
        case .object(let members):
            let keys = members.keys.sorted()
            guard attributes else {
                return "<\(name)>" + keys.map { xml(members[$0] ?? .null, named: $0) }.joined() + (extra ?? "") + "</\(name)>"
            }
            return "<\(name)" + keys.map { key -> String in
                guard case .string(let text)? = members[key] else { return "" }
                return " \(key)=\"\(escaped(text))\""
            }.joined() + "/>"
        case .array(let items): return items.map { xml($0, named: name) }.joined()
        case .string(let text): return "<\(name)>\(escaped(text))</\(name)>"
        case .integer(let number): return "<\(name)>\(number)</\(name)>"
        case .number(let number): return "<\(name)>\(number)</\(name)>"
        case .bool(let flag): return "<\(name)>\(flag)</\(name)>"
        case .null: return ""
        }
    }

    static func templateLines(_ path: String) throws -> [String] {
        let url = Frames.repository.appendingPathComponent("workspace-template/inbox/\(path)")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try CompressedAndForeignFilesTests.gzip(bytes) }
}
