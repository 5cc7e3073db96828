import Testing

@testable import CohortCore

/// Archive names fit in a file name with room for `rejected/`'s `.ndjson` and a temporary suffix.
@Suite struct ArchiveNameTests {
    @Test func aShortNameIsTheSequenceAndTheName() {
        #expect(ArchiveName.make(sequence: 42, originalName: "day 2.csv") == "000042-day 2.csv")
        #expect(ArchiveName.make(sequence: 1_234_567, originalName: "a.json") == "1234567-a.json")
    }

    @Test func aLongNameIsShortenedKeepingItsStartAndExtension() {
        let name = String(repeating: "x", count: 245) + ".ndjson"
        let archived = ArchiveName.make(sequence: 7, originalName: name)
        #expect(archived.utf8.count <= ArchiveName.maximumBytes)
        #expect(archived.hasPrefix("000007-xxxx"))
        #expect(archived.hasSuffix(".ndjson"))
        #expect(archived.contains("~"))
        // With `.ndjson` for rejected/ and `.<name>.<pid>.tmp` it still fits in NAME_MAX.
        #expect(("." + archived + ".ndjson" + ".4194304.tmp").utf8.count <= 255)
    }

    @Test func longNamesThatShareTheirStartStayApart() {
        let start = String(repeating: "n", count: 240)
        let first = ArchiveName.make(sequence: 3, originalName: start + "-a.csv")
        let second = ArchiveName.make(sequence: 3, originalName: start + "-b.csv")
        #expect(first != second)
        #expect(first.utf8.count <= ArchiveName.maximumBytes && second.utf8.count <= ArchiveName.maximumBytes)
    }

    @Test func multibyteCharactersAreNeverCut() {
        for name in [
            String(repeating: "é", count: 124) + ".csv", String(repeating: "👩‍👩‍👧", count: 20) + ".json",
            "e" + String(repeating: "\u{301}", count: 200) + ".xml",
        ] {
            let archived = ArchiveName.make(sequence: 1, originalName: name)
            #expect(archived.utf8.count <= ArchiveName.maximumBytes, "\(name.utf8.count) bytes")
            #expect(String(validating: Array(archived.utf8), as: UTF8.self) == archived)
            #expect(archived.hasSuffix(String(name.suffix(from: name.lastIndex(of: ".")!))))
        }
    }

    @Test func aNameWithoutAShortExtensionIsCutAndHashedWhole() {
        let noExtension = ArchiveName.make(sequence: 1, originalName: String(repeating: "z", count: 300))
        #expect(noExtension.utf8.count <= ArchiveName.maximumBytes)
        let longExtension = ArchiveName.make(sequence: 1, originalName: "a." + String(repeating: "q", count: 250))
        #expect(longExtension.utf8.count <= ArchiveName.maximumBytes)
        let dots = ArchiveName.make(sequence: 1, originalName: String(repeating: ".", count: 254))
        #expect(dots.utf8.count <= ArchiveName.maximumBytes && !dots.contains("/"))
    }
}
