import CohortCore
import CohortSampleData
@testable import CohortEngine
import Foundation
import Testing

/// The fast lane of ingest keeps exactly what the full path keeps, on generated benchmark records
/// and on those records damaged at random.
@Suite struct SchemaRecordReaderTests {
    /// Each JSON dataset's records of a small generated benchmark, as the bytes of one record each.
    static func generatedRecords() -> [(dataset: String, bytes: [UInt8])] {
        var texts: [String: String] = [:]
        _ = BenchmarkData(.init(profiles: 60, eventsPerProfile: 6)).generate { path, chunk in texts[path, default: ""] += chunk }
        var records: [(String, [UInt8])] = []
        for (path, text) in texts.sorted(by: { $0.key < $1.key }) where path.hasPrefix("inbox/") && !path.hasSuffix(".csv") {
            let dataset = String(path.split(separator: "/")[1])
            let format: Dataset.Format = path.hasSuffix(".ndjson") ? .ndjson : .json
            var splitter = JSONRecordSplitter(mode: format == .ndjson ? .ndjson : .json)
            for case .record(_, let bytes) in splitter.feed(Array(text.utf8)) + splitter.finish() { records.append((dataset, Array(bytes))) }
        }
        return records
    }

    /// One random change: a byte removed, a value made null, an unknown field, a number as text, an escape.
    static func damaged(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            var copy = bytes
            copy.remove(at: Int.random(in: 0..<copy.count, using: &generator))
            return copy
        case 1:
            if let range = text.range(of: #""[A-Za-z_]+":"#, options: .regularExpression) { text.insert(contentsOf: "\"unknownField\":1,", at: range.lowerBound) }
        case 2:
            if let range = text.range(of: #":[0-9.]+"#, options: .regularExpression) { text.replaceSubrange(range, with: ":null") }
        case 3:
            if let range = text.range(of: #":([0-9]+)"#, options: .regularExpression) { text.replaceSubrange(range, with: ":\"seven\"") }
        case 4:
            if let range = text.range(of: #"":""#) { text.replaceSubrange(range, with: "\":\"caf\\u00e9 ") }
        default:
            if let range = text.range(of: #"[0-9]"#, options: .regularExpression) { text.replaceSubrange(range, with: "-") }
        }
        return Array(text.utf8)
    }

    @Test func theFastLaneKeepsWhatTheFullPathKeeps() throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        var generator = SplitMix64(seed: 31)
        var answered = 0
        var clean = 0
        for (dataset, bytes) in Self.generatedRecords() {
            let ingest = try #require(builder.datasetIngest(dataset))
            for (index, candidate) in [bytes, Self.damaged(bytes, using: &generator)].enumerated() {
                guard let read = ingest.schemaReader.read(candidate) else { continue }
                if index == 0 { clean += 1 }
                answered += 1
                guard case .success(let node) = JSONParser.parse(candidate, file: "r") else {
                    Issue.record("the fast lane read bytes that are not JSON: \(String(decoding: candidate, as: UTF8.self))")
                    continue
                }
                let full = ingest.ingest(Value(node), at: .line(1))
                let fast = ingest.ingest(checked: read, at: .line(1))
                switch (fast, full) {
                case (.success(let a), .success(let b)):
                    #expect(a == b, "\(String(decoding: candidate, as: UTF8.self))")
                case (.failure(let a), .failure(let b)):
                    #expect(a.errors == b.errors && a.record == b.record)
                default:
                    Issue.record("the two paths disagree on \(String(decoding: candidate, as: UTF8.self))")
                }
            }
        }
        // The fast lane must really take most generated records (one in twenty is bad on purpose).
        let total = Self.generatedRecords().count
        #expect(clean * 10 >= total * 8, "the fast lane read \(clean) of \(total) generated records")
        #expect(answered > clean)
    }

    /// Ingest skips its UTF-8 check for the records the fast lane takes: so the fast lane must take no
    /// record that is not valid UTF-8, wherever the bad bytes are (in a value, a name, an `identityMap`
    /// code or id, between tokens).
    @Test func theFastLaneTakesNoRecordThatIsNotUTF8() throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        let invalid: [[UInt8]] = [
            [0xFF], [0x80], [0xC3], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        ]
        var tried = 0
        for (dataset, bytes) in Self.generatedRecords().prefix(120) {
            let ingest = try #require(builder.datasetIngest(dataset))
            #expect(ingest.schemaReader.read(bytes) != nil || UTF8Validation.firstInvalidOffset(in: bytes) == nil)
            // Right after every quote (the first byte of each string, or just past its end) and at a few other places.
            let offsets = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }.map { $0 + 1 } + [0, 1, bytes.count / 2]
            for offset in offsets {
                for sequence in invalid {
                    var damaged = bytes
                    damaged.insert(contentsOf: sequence, at: offset)
                    // A cut-off sequence before continuation bytes could make a whole character.
                    guard UTF8Validation.firstInvalidOffset(in: damaged) != nil else { continue }
                    #expect(ingest.schemaReader.read(damaged) == nil, "\(dataset): \(sequence) at \(offset)")
                    tried += 1
                }
            }
        }
        #expect(tried > 10_000)
    }

    @Test func whatTheFullPathWouldReportOrChangeIsLeftToIt() throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        let ingest = try #require(builder.datasetIngest("web-events"))
        let good = #"{"_id":"e1","timestamp":"2026-06-02T20:21:40Z","eventType":"commerce.productViews","identityMap":{"ECID":[{"id":"90887590634173932403077654032719416304","primary":true}]}}"#
        #expect(ingest.schemaReader.read(Array(good.utf8)) != nil)
        for bad in [
            good.replacingOccurrences(of: #""eventType""#, with: #""eventTyp""#),          // unknown field, dropped by the full path
            good.replacingOccurrences(of: #""commerce.productViews""#, with: "null"),      // a null, dropped
            good.replacingOccurrences(of: "e1", with: #"e\u0031"#),                        // an escape
            good.replacingOccurrences(of: #""_id":"e1","#, with: #""_id":"e1","_id":"e2","#), // a name twice
            good.replacingOccurrences(of: #""id":"9088"#, with: #""identifier":"9088"#),  // identityMap of the wrong shape
            good + "x",                                                                     // trailing bytes
            "[" + good + "]",                                                               // not an object
        ] {
            #expect(ingest.schemaReader.read(Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    /// `identityMap` read from the bytes gives the identities, primary and rejected record the tree
    /// gives; shapes it does not take are left to the full path.
    @Test func identityMapsReadFromBytesMatchTheTree() throws {
        let builder = try Builder(root: TemplateWorkspaceTests.root)
        let ingest = try #require(builder.datasetIngest("web-events"))
        let ecid = #"{"id":"90887590634173932403077654032719416304","authenticatedState":"ambiguous","primary":true}"#
        let crm = #"{"id":"31b6c85084cdb58d226833df585e0002","primary":false}"#
        let email = #"{"id":" Ann@Example.COM "}"#
        let taken = [
            #"{"ECID":[\#(ecid)],"lumaCrmId":[\#(crm)]}"#,
            #"{"lumaCrmId":[\#(crm)],"Email":[\#(email)],"ECID":[\#(ecid)]}"#,           // codes out of order
            #"{"Email":[\#(email),{"id":"bob@example.com","primary":true}]}"#,          // primary second within a code
            #"{"Nowhere":[{"id":"x"}]}"#,                                                 // an unknown namespace: no identity
            #"{}"#,
        ]
        let leftToTheFullPath = [
            #"{"ECID":[]}"#,
            #"{"ECID":[\#(ecid)],"ECID":[\#(ecid)]}"#,
            #"{"ECID":[{"id":"1","primary":"yes"}]}"#,
            #"{"ECID":[{"id":"1","extra":1}]}"#,
            #"{"ECID":[{"id":"1","id":"2"}]}"#,
            #"{"ECID":[{"id":1}]}"#,
            #"{"ECID":{"id":"1"}}"#,
            "null",
        ]
        for (map, isTaken) in taken.map({ ($0, true) }) + leftToTheFullPath.map({ ($0, false) }) {
            let record = #"{"_id":"e1","timestamp":"2026-06-02T20:21:40Z","eventType":"web.webpagedetails.pageViews","identityMap":\#(map)}"#
            let read = ingest.schemaReader.read(Array(record.utf8))
            #expect((read != nil) == isTaken, "\(map)")
            guard let read, case .success(let node) = JSONParser.parse(Array(record.utf8), file: "r") else { continue }
            switch (ingest.ingest(checked: read, at: .line(1)), ingest.ingest(Value(node), at: .line(1))) {
            case (.success(let fast), .success(let full)): #expect(fast == full, "\(map)")
            case (.failure(let fast), .failure(let full)): #expect(fast == full, "\(map)")
            default: Issue.record("the two paths disagree on \(map)")
            }
        }
    }
}
