import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// Hostile data files read by the Spark job and by the native engine: the same records rejected, the same files
/// set aside, and `rejected/` written with the same names and bytes. The workspaces run in one Spark application.
/// Skipped without Java or pyspark, unless CI is set.
@Suite(.serialized) struct SparkIngestTests {
    typealias Frames = SparkProfileFrameTests

    @Test(.enabled(if: Frames.shouldRun, "Java 17 and pyspark are not installed (see .ci/run); set CI=1 to fail instead"))
    func sparkRejectsWhatTheNativeEngineRejects() throws {
        let (found, folder) = try Frames.sparkAndFolder()
        var submit = found
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = try Self.workspace(in: folder.appendingPathComponent("hostile"), files: try Self.hostileFiles())
        let broken = try Self.workspace(in: folder.appendingPathComponent("broken"), files: ["crm/broken.json": try Self.missingComma()])
        let formats = try Self.workspace(in: folder.appendingPathComponent("formats"), files: try Self.formatFiles())
        try Self.addLatin1Dataset(to: formats)
        let late = try Self.workspace(in: folder.appendingPathComponent("late"), files: ["crm/late.xml": try Self.lateBrokenXML()])
        let foreign = try Self.foreignNameXML()
        let named = try Self.workspace(in: folder.appendingPathComponent("named"), files: ["crm/names.xml": foreign.bytes])

        let compiled = try Frames.runJob(on: [hostile, broken, formats, late, named], with: &submit, log: folder)

        // The hostile workspaces: every verdict is native's (apply throws otherwise), and rejected/ is native's.
        let spark = try Self.expectNativeVerdicts(compiled[0], folder: folder)
        #expect(spark.filter(\.failed).count == 4, "\(spark)")
        #expect(spark.first { $0.path.hasSuffix("bom.ndjson") }.map { $0.read == 12 && $0.rejected == 0 } == true)
        #expect(spark.first { $0.path.hasSuffix("escapes.json") }.map { !$0.failed && $0.read == 21 && $0.rejected == 2 } == true)
        // Truncated gzip, a plain file named .gz, XML with bad nesting and with a <!DOCTYPE> are set aside.
        let read = try Self.expectNativeVerdicts(compiled[2], folder: folder)
        #expect(read.filter(\.failed).map { ($0.path as NSString).lastPathComponent }.sorted()
                == ["doctype.xml", "garbage.ndjson.gz", "nesting.xml", "truncated.ndjson.gz"], "\(read)")
        #expect(read.filter { !$0.failed }.map { "\(($0.path as NSString).lastPathComponent) \($0.read) \($0.rejected)" }.sorted()
                == ["accents.csv 31 2", "members.ndjson.gz 62 2", "more.xml.gz 14 1", "people.xml 22 2"])

        // The broken workspace: a .json file whose broken framing only the native reader recovers from is refused,
        // located at its first bad record; nothing is moved.
        #expect {
            try SparkRejections(root: broken, workspace: compiled[1].workspace, plan: compiled[1].plan)
                .apply(output: compiled[1].output)
        } throws: { error in
            "\(error)".hasPrefix("inbox/crm/broken.json:20:1: the Spark engine cannot read this file exactly")
        }
        #expect(FileManager.default.fileExists(atPath: broken.appendingPathComponent("inbox/crm/broken.json").path))

        // XML whose break the native reader keeps within the threshold, and XML with a name expat may read otherwise:
        // the build stops at the first bad record, or else where the job's parser was.
        #expect {
            try SparkRejections(root: late, workspace: compiled[3].workspace, plan: compiled[3].plan).apply(output: compiled[3].output)
        } throws: { error in
            "\(error)".hasPrefix("inbox/crm/late.xml:21:") && "\(error)".contains("(it holds XML that is not well-formed")
        }
        #expect {
            try SparkRejections(root: named, workspace: compiled[4].workspace, plan: compiled[4].plan).apply(output: compiled[4].output)
        } throws: { error in
            "\(error)".hasPrefix("inbox/crm/names.xml:4:\(foreign.column): the Spark engine cannot read this file exactly")
        }
    }

    /// The verdicts of one workspace of a job applied (`SparkRejections` throws where one differs from the native
    /// reader's) and compared with a native build of a copy: the files set aside, first reasons, `rejected/` and the
    /// counts of the files ingested.
    static func expectNativeVerdicts(_ compiled: (root: URL, workspace: Workspace, plan: SparkPlan, output: URL),
                                     folder: URL) throws -> [SparkRejections.FileOutcome] {
        let native = folder.appendingPathComponent("native-" + compiled.root.lastPathComponent)
        try FileManager.default.copyItem(at: compiled.root, to: native)
        let spark = try SparkRejections(root: compiled.root, workspace: compiled.workspace, plan: compiled.plan)
            .apply(output: compiled.output)
        let report = try Builder(root: native).build(rebuild: false, now: Date(timeIntervalSince1970: Double(Frames.now) / 1000))
        #expect(spark.report.failedFiles == report.failedFiles)
        #expect(spark.report.rejectionNotes.map(\.firstReasons) == report.rejectionNotes.map(\.firstReasons))
        #expect(try tree(compiled.root.appendingPathComponent("rejected")) == tree(native.appendingPathComponent("rejected")))
        let ingested = spark.files.filter { !$0.failed }
        #expect(ingested.map { "\($0.sequence) \(($0.path as NSString).lastPathComponent) \($0.read) \($0.rejected)" }
                == report.ingestedFiles.map { "\($0.sequence) \($0.originalName) \($0.recordsRead) \($0.recordsRejected)" })
        return spark.files
    }

    /// The whole Spark build of the template with a file over its threshold ahead of others, a file with one bad
    /// record, and gzip (NDJSON and XML), XML and Latin-1 CSV files with records rejected within their threshold:
    /// the failed file is set aside and takes no sequence, the others are archived under native's, and the ledger,
    /// `archive/`, `rejected/`, `exports/` and the summary's failed files are the native build's.
    @Test(.enabled(if: Frames.shouldRun, "Java 17 and pyspark are not installed (see .ci/run); set CI=1 to fail instead"))
    func sparkBuildSetsAsideAndArchivesAsNatively() throws {
        let (submit, folder) = try Frames.sparkAndFolder(runningLocally: 900)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = try Self.hostileFiles()
        let spark = try Frames.workspace(in: folder.appendingPathComponent("spark"), inbox: .template)
        let formats = try Self.formatFiles()
        try Self.addLatin1Dataset(to: spark)
        for path in ["dma-crm/fails.csv", "offline-purchases/bom.ndjson", "offline-purchases/we[ir]d {x} *?.ndjson",
                     "crm/people.xml", "crm/more.xml.gz", "offline-purchases/members.ndjson.gz", "dma-latin1/accents.csv"] {
            let url = spark.appendingPathComponent("inbox/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(hostile[path] ?? formats[path] ?? []).write(to: url)
        }
        let native = folder.appendingPathComponent("native")
        try FileManager.default.copyItem(at: spark, to: native)
        let now = Date(timeIntervalSince1970: Double(Frames.now) / 1000)

        let expected = try Builder(root: native).build(rebuild: false, now: now)
        let report = try SparkBuild(builder: try Builder(root: spark), submit: submit).run(rebuild: false, now: now)

        #expect(expected.failedFiles.count == 1 && report.failedFiles == expected.failedFiles, "\(report.failedFiles)")
        #expect(report.rejectionNotes.map(\.rejectedFile) == expected.rejectionNotes.map(\.rejectedFile))
        #expect(report.fileLines == expected.fileLines)
        #expect(try Self.tree(spark.appendingPathComponent("rejected")) == Self.tree(native.appendingPathComponent("rejected")))
        try SparkBuildTests.expectSameFiles(native, spark, name: "template with bad files")
    }

    /// Without Java, the Spark build says so and how to install it, before anything runs.
    @Test func missingJavaIsNamed() throws {
        #expect {
            try SparkSubmit.find(environment: ["PATH": "/nonexistent", "SPARK_HOME": "/nonexistent"])
        } throws: { error in
            "\(error)".hasPrefix("Java not found: JAVA_HOME is not set and no folder on PATH holds java; Spark runs on "
                                 + "Java 17 or later: install it (on Debian or Ubuntu: apt-get install openjdk-17-jre")
        }
        #expect(throws: SparkSubmit.Failure.self) {
            try SparkSubmit.find(environment: ["JAVA_HOME": "/nonexistent", "PATH": "/usr/bin"])
        }
    }

    /// The template's definitions with only `files` (by `dataset/name`) in the inbox.
    static func workspace(in root: URL, files: [String: [UInt8]]) throws -> URL {
        _ = try Frames.workspace(in: root, inbox: .template)
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.removeItem(at: inbox)
        for (path, bytes) in files {
            let url = inbox.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root
    }

    /// Files the job once read otherwise than the native engine: a byte order mark, names with glob characters,
    /// NaN and Infinity, invalid UTF-8, duplicate keys, lone surrogates, an empty file, a PDF under a data file's
    /// name, scalars in a JSON array, CSV rows of the wrong width; some within their threshold, some over it.
    static func hostileFiles() throws -> [String: [UInt8]] {
        let template = Frames.repository.appendingPathComponent("workspace-template/inbox")
        let purchases = try String(contentsOf: template.appendingPathComponent("offline-purchases/purchases.ndjson"),
                                   encoding: .utf8).split(separator: "\n").map(String.init)
        let sheet = try String(contentsOf: template.appendingPathComponent("dma-crm/dma-crm.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let people = try String(contentsOf: template.appendingPathComponent("crm/luma-crm.json"), encoding: .utf8)
        func lines(_ range: Range<Int>) -> [UInt8] { Array(purchases[range].map { $0 + "\n" }.joined().utf8) }
        let good = purchases[0]
        let bad: [[UInt8]] = [
            // In a field the schema does not have, which is dropped: only the parser can reject these.
            Array(("{\"note\":NaN," + good.dropFirst()).utf8),
            Array(("{\"note\":-Infinity," + good.dropFirst()).utf8),
            Array(("{\"eventType\":\"x\"," + good.dropFirst()).utf8),
            Array(good.replacingOccurrences(of: "\"Helix", with: "\"\\ud800Helix").utf8),
            Array(good.replacingOccurrences(of: "\"Helix", with: "\"HELIX").utf8).map { (byte: UInt8) -> UInt8 in byte == 0x48 ? 0xFF : byte },
        ]
        let badLines: [UInt8] = bad.flatMap { line -> [UInt8] in line + [0x0A] }
        let header = sheet[0]
        let rows = sheet[1...30].map { $0 + "\r\n" }.joined()
        let narrow = sheet[31].split(separator: ",").dropLast().joined(separator: ",") + "\r\n"
        let wide = sheet[32] + ",extra\r\n"
        let array = people.trimmingCharacters(in: .whitespacesAndNewlines).dropLast() + ", 5, null]"
        return [
            "offline-purchases/bom.ndjson": [0xEF, 0xBB, 0xBF] + lines(1..<13),
            "offline-purchases/we[ir]d {x} *?.ndjson": lines(13..<60) + badLines + Array("\r\n  \r\n".utf8) + lines(60..<70),
            "offline-purchases/failing.ndjson": lines(70..<75) + badLines,
            "offline-purchases/empty.ndjson": Array(" \n\t\n".utf8),
            "crm/array.json": Array(array.utf8),
            "crm/escapes.json": try Self.escapedPeople(),
            "crm/binary.json": Array("%PDF-1.4\n".utf8) + [0, 1, 2],
            "dma-crm/rows.csv": Array((header + "\n" + rows + narrow + wide + sheet[33...40].joined(separator: "\n")).utf8),
            "dma-crm/fails.csv": Array((header + "\n" + sheet[41] + "\n" + "a,b\n" + "c\n").utf8),
        ]
    }

    /// A JSON array of 20 of the template's people, one a line, the first names escaped: the third's with a lone
    /// surrogate (that record is rejected), the others' with `\u` escapes of their letters (kept); then a record
    /// nested 300 levels deep (rejected). The job reads the file whole, so it checks for surrogates and depth per
    /// record, not per file.
    static func escapedPeople() throws -> [UInt8] {
        let lines = try templatePeople().map { line -> String in
            line.replacingOccurrences(of: "\"firstName\":\"", with: "\"firstName\":\"\\u0041")
        }
        try #require(lines.count == 20, "the template has 20 people or more")
        let third = lines[2].replacingOccurrences(of: "\\u0041", with: "\\udc00")
        let deep = String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300)
        let records = lines.prefix(2) + [third] + lines.dropFirst(3) + [deep]
        return Array(("[" + records.joined(separator: ",\n") + "]\n").utf8)
    }

    /// The first 20 of the template's people, each as one line of JSON.
    static func templatePeople() throws -> [String] {
        let url = Frames.repository.appendingPathComponent("workspace-template/inbox/crm/luma-crm.json")
        guard case .array(let people) = Value(try JSONParser.parse(try String(contentsOf: url, encoding: .utf8),
                                                                    file: url.path).get()) else { return [] }
        return people.prefix(20).map { JSONWriter.string($0) }
    }

    /// A JSON array of 20 of the template's people, one a line, a ',' missing before the last: the native reader
    /// rejects that place (line 20) and keeps the records around it.
    static func missingComma() throws -> [UInt8] {
        let lines = try templatePeople()
        return Array(("[" + lines.dropLast().joined(separator: ",\n") + "\n" + (lines.last ?? "") + "\n]\n").utf8)
    }

    /// Every file below `folder` by relative path, with its bytes.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in walker where !url.hasDirectoryPath {
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
