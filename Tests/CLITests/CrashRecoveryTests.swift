import CohortSampleData
import Foundation
import Testing

/// A build killed at any moment — while parsing, inside the store transaction, between commit and
/// ledger, between ledger and archive, inside the engine's step (components, memberships and profiles
/// half written), while writing exports — and run again ends exactly where an uninterrupted build
/// ends: nothing lost, nothing ingested twice, exports as the store says. The first build of a
/// workspace and a build after new files arrive both.
@Suite struct CrashRecoveryTests {
    static let asOf = "2026-11-21T12:00:00Z"
    static let points = ["ingest.parsed", "store.transaction", "store.committed", "ledger.appended", "archive.moved",
                         "engine.components", "engine.memberships", "engine.profiles", "memberships.saved", "export.file",
                         "export.manifest"]

    /// A template workspace whose inbox holds eight small files instead of five big ones.
    static func baseWorkspace(in folder: URL) throws -> URL {
        let root = folder.appendingPathComponent("base")
        #expect(try CohortProcess.run(["init", root.path]).status == 0)
        let inbox = root.appendingPathComponent("inbox")
        func lines(_ path: String) throws -> [String] {
            try String(contentsOf: inbox.appendingPathComponent(path), encoding: .utf8).split(separator: "\n").map(String.init)
        }
        func records(_ path: String) throws -> [String] {
            let array = try JSONSerialization.jsonObject(with: Data(contentsOf: inbox.appendingPathComponent(path))) as? [Any] ?? []
            return try array.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        }
        let purchases = try lines("offline-purchases/purchases.ndjson")
        let visits = try lines("web-events/web-events.ndjson")
        let dma = try lines("dma-crm/dma-crm.csv")
        let crm = try records("crm/luma-crm.json")
        let loyalty = try records("loyalty/luma-loyalty.json")
        for dataset in ["crm", "dma-crm", "loyalty", "offline-purchases", "web-events"] {
            try FileManager.default.removeItem(at: inbox.appendingPathComponent(dataset))
            try FileManager.default.createDirectory(at: inbox.appendingPathComponent(dataset), withIntermediateDirectories: true)
        }
        let files: [(String, String)] = [
            ("crm/a.json", "[" + crm.prefix(25).joined(separator: ",") + "]"),
            ("loyalty/a.json", "[" + loyalty.prefix(25).joined(separator: ",") + "]"),
            ("dma-crm/a.csv", dma.prefix(12).joined(separator: "\n")),
            ("offline-purchases/a.ndjson", purchases[0..<40].joined(separator: "\n")),
            ("offline-purchases/b.ndjson", purchases[40..<80].joined(separator: "\n")),
            ("web-events/a.ndjson", visits[0..<60].joined(separator: "\n")),
            ("web-events/b.ndjson", visits[60..<120].joined(separator: "\n")),
            ("crm/b.json", "[" + crm[25..<50].joined(separator: ",") + "]"),
        ]
        for (path, text) in files { try Data((text + "\n").utf8).write(to: inbox.appendingPathComponent(path)) }
        return root
    }

    /// What must survive any crash: exports, archived files, ledger entries (without their times),
    /// rejected files, and the inbox left empty.
    static func outcome(_ root: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for folder in ["exports", "archive", "rejected", "inbox"] {
            let base = root.appendingPathComponent(folder)
            for path in (try? FileManager.default.subpathsOfDirectory(atPath: base.path)) ?? [] {
                let url = base.appendingPathComponent(path)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                var text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
                if path == "ledger.ndjson" {
                    text = text.replacingOccurrences(of: #""ingestedAt":"[^"]*""#, with: "", options: .regularExpression)
                }
                result["\(folder)/\(path)"] = text
            }
        }
        return result
    }

    static func copy(_ base: URL, to name: String, in folder: URL) throws -> URL {
        let target = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: base, to: target)
        return target
    }

    @Test func fiftyKillPointsLoseNothingAndIngestNothingTwice() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let crashed = try Self.killRounds(50, from: try Self.baseWorkspace(in: folder), in: folder, seed: 2026)
        #expect(crashed >= 35, "most rounds should really crash: \(crashed)")
    }

    /// The same kills in a build after a first one: the engine's state of the first build is there to damage.
    @Test func killsDuringABuildAfterNewFilesLoseNothing() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = try Self.baseWorkspace(in: folder)
        let later = folder.appendingPathComponent("later")
        let held = ["offline-purchases/b.ndjson", "web-events/b.ndjson", "crm/b.json"]
        for path in held {
            try FileManager.default.createDirectory(at: later.appendingPathComponent(path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: base.appendingPathComponent("inbox/\(path)"), to: later.appendingPathComponent(path))
        }
        #expect(try CohortProcess.run(["build", "-C", base.path, "--as-of", Self.asOf]).status == 0)
        for path in held {
            try FileManager.default.moveItem(at: later.appendingPathComponent(path), to: base.appendingPathComponent("inbox/\(path)"))
        }
        let crashed = try Self.killRounds(30, from: base, in: folder, seed: 2027)
        #expect(crashed >= 15, "most rounds should really crash: \(crashed)")
    }

    /// Builds copies of `base` that are killed at random points and then built again; each ends as an
    /// uninterrupted build of `base` ends. Returns how many rounds really crashed.
    static func killRounds(_ rounds: Int, from base: URL, in folder: URL, seed: UInt64) throws -> Int {
        let reference = try Self.copy(base, to: "reference", in: folder)
        let started = DispatchTime.now().uptimeNanoseconds
        #expect(try CohortProcess.run(["build", "-C", reference.path, "--as-of", Self.asOf]).status == 0)
        // Random kills land within the first nine tenths of an uninterrupted build's time.
        let buildMicroseconds = (DispatchTime.now().uptimeNanoseconds - started) / 1_000
        let killWindow = max(UInt64(1), buildMicroseconds * 9 / 10)
        let expected = try Self.outcome(reference)
        #expect(expected.keys.filter { $0.hasPrefix("archive/") }.count == 9, "eight files and the ledger")

        var generator = SplitMix64(seed: seed)
        var crashed = 0
        for round in 0..<rounds {
            let root = try Self.copy(base, to: "round-\(round)", in: folder)
            let point = Self.points[Int(generator.next() % UInt64(Self.points.count))]
            let occurrence = 1 + Int(generator.next() % 8)
            let first: Int32
            if round % 5 == 4 {
                // A real SIGKILL at a random moment of the build.
                let process = Process()
                process.executableURL = CohortProcess.executable
                process.arguments = ["build", "-C", root.path, "--as-of", Self.asOf]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32(generator.next() % killWindow))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                first = process.terminationStatus
            } else {
                first = try CohortProcess.run(["build", "-C", root.path, "--as-of", Self.asOf], environment: ["COHORT_CRASH_AT": "\(point):\(occurrence)"]).status
            }
            if first != 1 { crashed += 1 }
            let again = try CohortProcess.run(["build", "-C", root.path, "--as-of", Self.asOf])
            #expect(again.status == 0 || again.status == 1, "round \(round) (\(point):\(occurrence)): \(again.stderr)")
            #expect(!again.stderr.contains("the same bytes were already ingested"), "round \(round): a file was left in the inbox")
            let outcome = try Self.outcome(root)
            let differing = Set(expected.keys).union(outcome.keys).filter { expected[$0] != outcome[$0] }.sorted()
            #expect(differing == [], "round \(round) after a crash at \(point):\(occurrence) (status \(first))")
            try? FileManager.default.removeItem(at: root)
        }
        return crashed
    }
}
