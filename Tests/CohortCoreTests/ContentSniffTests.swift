import Testing
@testable import CohortCore

/// A file that is not the format it claims is refused whole, with a message that says what it is.
@Suite struct ContentSniffTests {
    static func refusal(_ bytes: [UInt8], file: String, format: Dataset.Format = .auto,
                        csv: Dataset.CSVOptions = .standard) -> (String?, [RecordSource.Item]) {
        var source = RecordSource(file: file, format: format, csv: csv)
        let items = source.feed(bytes) + source.finish()
        return (source.refusal, items)
    }

    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("[Content_Types].xml".utf8)

    @Test func anExcelWorkbookNamedCSVIsOneProblemSayingHowToExportIt() {
        let (refusal, items) = Self.refusal(Self.zip + [UInt8](repeating: 0x41, count: 10_000), file: "inbox/crm/x.csv")
        #expect(refusal == "x.csv looks like an Excel workbook (.xlsx), not CSV; export it as CSV (File > Save As > CSV UTF-8)")
        #expect(items.count == 1)
        #expect(items.first?.content == .problem(refusal ?? ""))
        #expect(items.first?.line == 1)
    }

    @Test(arguments: [
        (Array("%PDF-1.7\n%âãÏÓ\n".utf8), "inbox/crm/report.csv",
         "report.csv is a PDF document, not CSV; cohort cannot read data from a PDF: export it as CSV (File > Save As > CSV UTF-8) from where it came from"),
        ([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00], "inbox/web/events.ndjson",
         "events.ndjson is gzip-compressed, not NDJSON; name it events.ndjson.gz and cohort decompresses it as it reads it"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "inbox/crm/old.csv",
         "old.csv looks like an Excel 97-2003 workbook (.xls), not CSV; export it as CSV (File > Save As > CSV UTF-8)"),
        (zip, "inbox/crm/people.json",
         "people.json looks like an Excel workbook (.xlsx) or another ZIP archive, not JSON; unzip it or export its data as JSON"),
        ([0xFF, 0xFE] + Array("a\0,\0b\0".utf8), "inbox/crm/u.csv",
         #"u.csv is UTF-16 text (it starts with a UTF-16 byte order mark), which the dataset does not declare; set the dataset's csv "encoding": "utf-16", or save the file as UTF-8"#),
        (Array("email,name\n".utf8) + [0x00, 0x01, 0x02], "inbox/crm/blob.csv",
         #"blob.csv holds a NUL byte (at byte offset 11), so it is a binary file, not CSV; if it is UTF-16 text, set the dataset's csv "encoding": "utf-16", or save the file as UTF-8"#),
    ])
    func filesThatAreNotWhatTheyClaimAreRefused(bytes: [UInt8], file: String, expected: String) {
        let (refusal, items) = Self.refusal(bytes, file: file)
        #expect(refusal == expected)
        #expect(items.map(\.content) == [.problem(expected)])
    }

    @Test func theFirstBytesAreLookedAtHoweverTheyArriveInChunks() {
        var source = RecordSource(file: "inbox/crm/x.csv", format: .auto)
        var items: [RecordSource.Item] = []
        for byte in Self.zip + [UInt8](repeating: 0x41, count: 5000) { items += source.feed([byte]) }
        items += source.finish()
        #expect(items.count == 1)
        #expect(source.refusal?.hasPrefix("x.csv looks like an Excel workbook") == true)
    }

    @Test func aDeclaredUTF16FileWithItsByteOrderMarkIsRead() {
        let bytes = CSVOptionsReadingTests.utf16("email,name\nann@example.com,Ann\n")
        let (refusal, items) = Self.refusal(bytes, file: "inbox/crm/u.csv", csv: Dataset.CSVOptions(encoding: .utf16))
        #expect(refusal == nil)
        #expect(items.count == 1)
        #expect(items.first?.line == 2)
    }

    @Test func ordinaryTextIsNotRefused() {
        for (text, file) in [("a,b\n1,2\n", "x.csv"), ("{\"a\":1}\n", "x.ndjson"), ("[]", "x.json"), ("", "x.csv"), ("PK,x\n1,2\n", "pk.csv")] {
            #expect(Self.refusal(Array(text.utf8), file: file).0 == nil)
        }
    }

    @Test func aCompressedNameIsReadByTheNameBeforeGz() {
        #expect(RecordSource.format(of: "inbox/crm/crm.csv.gz", declared: .auto) == .csv)
        #expect(RecordSource.format(of: "EVENTS.NDJSON.GZ", declared: .auto) == .ndjson)
        #expect(RecordSource.format(of: "x.gz", declared: .auto) == nil)
        #expect(RecordSource.isCompressed("a.json.gz") && !RecordSource.isCompressed("a.json"))
    }

    @Test func aLongCompressedNameKeepsBothExtensionsInTheArchive() {
        let name = String(repeating: "n", count: 300) + ".csv.gz"
        let archived = ArchiveName.make(sequence: 7, originalName: name)
        #expect(archived.hasSuffix(".csv.gz"))
        #expect(archived.utf8.count <= ArchiveName.maximumBytes)
        #expect(RecordSource.format(of: archived, declared: .auto) == .csv)
    }
}
