import Foundation
import Testing
@testable import CohortCore

/// The events `cohort watch` prints: text with the UTC time on every line, JSON with sorted keys
/// that parses back; and the explain tree `explain --json` prints.
@Suite struct WatchEventTests {
    static let time = Timestamp.milliseconds(from: "2026-11-20T23:59:07.900Z")!

    @Test func everyTextLineStartsWithTheUTCTime() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "segments/a.pql", line: 2, column: 5), "unexpected end")
        let event = WatchEvent.definitionsInvalid([diagnostic], waiting: false)
        #expect(event.text(at: Self.time) == [
            "23:59:07 segments/a.pql:2:5: error: unexpected end",
            "23:59:07 definitions have errors: the last good definitions and exports stay",
        ])
        #expect(WatchEvent.clock(0) == "00:00:00")
        #expect(WatchEvent.clock(-1000) == "23:59:59")
        #expect(WatchEvent.clock(Timestamp.milliseconds(from: "2026-02-28T13:04:05Z")!) == "13:04:05")
    }

    @Test func jsonHasTheEventTheTimeAndSortedKeys() throws {
        let event = WatchEvent.rejected(file: "inbox/crm/day2.csv", count: 5, reasons: ["line 4: x", "line 9: y"],
                                        rejectedFile: "rejected/crm/000002-day2.csv.ndjson")
        let line = event.json(at: Self.time)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"count":5,"event":"rejected","file":"inbox/crm/day2.csv","reasons":["line 4: x","line 9: y"],"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["time"] as? String == "2026-11-20T23:59:07Z")
        #expect(object["rejectedFile"] as? String == "rejected/crm/000002-day2.csv.ndjson")
        #expect(event.lines == ["warning: inbox/crm/day2.csv: 5 records rejected (line 4: x; line 9: y; …); "
                                + "every reason is in rejected/crm/000002-day2.csv.ndjson"])
        let one = WatchEvent.rejected(file: "f", count: 1, reasons: ["line 2: z"], rejectedFile: "r")
        #expect(one.lines == ["warning: f: 1 record rejected (line 2: z); every reason is in r"])
    }

    /// A definition file or an inbox file whose name holds an escape sequence or a line break: the text
    /// shows them as U+FFFD, one line per line, each with its time; the JSON keeps them, escaped.
    @Test func controlCharactersNeverReachTheTerminal() {
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "segments/\u{1B}[2J.pql", line: 1, column: 1), "bad\nline")
        let text = WatchEvent.definitionsInvalid([diagnostic], waiting: false).text(at: Self.time)
        #expect(text.count == 2)
        #expect(text[0].hasSuffix("segments/\u{FFFD}[2J.pql:1:1: error: bad\u{FFFD}line"))
        #expect(!text.joined().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        let stray = WatchEvent.stray("inbox/\u{9B}31m.csv: files go in inbox/<dataset-id>/")
        #expect(stray.text(at: Self.time) == [WatchEvent.clock(Self.time) + " warning: inbox/\u{FFFD}31m.csv: files go in inbox/<dataset-id>/"])
        #expect(stray.json(at: Self.time).contains(#""message":"inbox/\#u{9B}31m.csv"#))
    }

    /// A diagnostic in `watch --json` has the keys `validate --json` gives it, code, end and hint included.
    @Test func invalidDefinitionsCarryWhatValidateJSONGives() throws {
        let diagnostic = Diagnostic.warning(at: SourceLocation(file: "segments/a.xml", line: 3, column: 12),
                                            "unknown attribute \"mergePolicy\"", code: .unknownKey,
                                            hint: "did you mean `mergePolicyId`?",
                                            end: SourceLocation(file: "segments/a.xml", line: 3, column: 23))
        let line = WatchEvent.definitionsInvalid([diagnostic], waiting: true).json(at: Self.time)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "unknown-key")
        #expect(first["hint"] as? String == "did you mean `mergePolicyId`?")
        #expect(first["endLine"] as? Int == 3 && first["endColumn"] as? Int == 23)
        #expect(first["line"] as? Int == 3 && first["column"] as? Int == 12 && first["severity"] as? String == "warning")
    }

    @Test func aStepCarriesTheHistoryRecordsCounts() throws {
        var record = BuildRecord(trigger: "watch: inbox", asOf: Self.time)
        record.profiles = 12
        record.segments["gold"] = BuildRecord.SegmentCounts(members: 3, entered: 1, exited: 0)
        let event = WatchEvent.step(["a → 12 profiles"], record: record)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(event.json(at: Self.time).utf8)) as? [String: Any])
        #expect(object["event"] as? String == "step")
        #expect(object["trigger"] as? String == "watch: inbox")
        #expect(object["profiles"] as? Int == 12)
        #expect((object["segments"] as? [String: [String: Int]])?["gold"] == ["members": 3, "entered": 1, "exited": 0])
        // The same counts as the history line.
        let history = try #require(try JSONSerialization.jsonObject(with: Data(record.line.utf8)) as? [String: Any])
        for (key, value) in history { #expect((object[key] as? NSObject) == (value as? NSObject), "\(key)") }
    }

    @Test func everyKindHasAStableName() {
        #expect(WatchEvent.Kind.allCases.map(\.rawValue) == [
            "started", "definitions-invalid", "definitions-valid", "step", "rejected", "stray", "picked-up", "warning",
            "error", "stopped",
        ])
    }

    @Test func theExplainTreeNestsLinesByDepth() {
        let lines = [
            PQLExplainer.Line(depth: 0, text: "a and b", value: "false"),
            PQLExplainer.Line(depth: 1, text: "a", value: "true"),
            PQLExplainer.Line(depth: 2, text: "a.x", value: "1"),
            PQLExplainer.Line(depth: 1, text: "b", value: "false"),
        ]
        func node(_ clause: String, _ value: String, _ children: [Value]) -> Value {
            .object(["clause": .string(clause), "value": .string(value), "children": .array(children)])
        }
        #expect(PQLExplainer.tree(lines) == [
            node("a and b", "false", [node("a", "true", [node("a.x", "1", [])]), node("b", "false", [])]),
        ])
        #expect(PQLExplainer.tree([]) == [])
    }
}
