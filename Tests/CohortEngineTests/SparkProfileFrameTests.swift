import CohortCore
import CohortEngine
import CohortSampleData
import Foundation
import Testing

/// The Spark job's profile frames against the native engine's profiles (`ProfileEvaluation`, as `cohort test`
/// makes them) for the same files: the template's inbox, and a generated workspace. Both run in one Spark
/// application (Spark takes ~10 s to start). Skipped without Java or pyspark, unless CI is set.
@Suite(.serialized) struct SparkProfileFrameTests {
    static let now = Timestamp.milliseconds(from: "2026-11-21T00:00:00Z") ?? 0
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let spark: SparkSubmit? = {
        guard hasJava else { return nil }
        return try? SparkSubmit.find()
    }()

    static var hasJava: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["java", "-version"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static var shouldRun: Bool { spark != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    @Test(.enabled(if: shouldRun, "Java 17 and pyspark are not installed (see .ci/run); set CI=1 to fail instead"))
    func framesHoldTheNativeProfiles() throws {
        let (found, folder) = try Self.sparkAndFolder()
        var submit = found
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try Self.workspace(in: folder.appendingPathComponent("template"), inbox: .template)
        let generated = try Self.workspace(in: folder.appendingPathComponent("generated"),
                                           inbox: .generated(people: 400))
        for (root, workspace, plan, output) in try Self.runJob(on: [template, generated], with: &submit, log: folder) {
            try Self.expectNativeProfiles(in: output, root: root, workspace: workspace, plan: plan)
        }
    }

    /// Compiles each workspace of `roots` and runs their jobs in one Spark application (`local[2]`, few
    /// partitions), its log in `log`; returns each workspace with its plan and the job's output folder.
    static func runJob(on roots: [URL], with submit: inout SparkSubmit,
                       log: URL) throws -> [(root: URL, workspace: Workspace, plan: SparkPlan, output: URL)] {
        var compiled: [(root: URL, workspace: Workspace, plan: SparkPlan, output: URL)] = []
        var arguments: [String] = []
        for root in roots {
            let workspace = try WorkspaceFiles(root: root).load().workspace
            let compilation = try SparkCompilation(root: root, workspace: workspace, now: now)
            let job = root.appendingPathComponent(SparkBuild.folder)
            try compilation.write(to: job)
            let output = job.appendingPathComponent("output")
            compiled.append((root, workspace, compilation.plan, output))
            arguments += [job.appendingPathComponent(SparkCompilation.planName).path, output.path]
        }
        submit.runLocally(timeout: 900)
        let program = roots[0].appendingPathComponent(SparkBuild.folder).appendingPathComponent(SparkCompilation.programName)
        try submit.run(program: program, arguments: arguments, log: log.appendingPathComponent("spark.log"))
        return compiled
    }

    /// Each merge policy's frame in `output` holds the profiles the native engine makes of the plan's files.
    static func expectNativeProfiles(in output: URL, root: URL, workspace: Workspace, plan: SparkPlan) throws {
        let evaluation = ProfileEvaluation(records: try nativeRecords(plan, root: root), workspace: workspace, now: now)
        #expect(evaluation.groups.flatMap(\.ids).count >= 2, "the template uses two merge policies")
        for (group, view) in zip(evaluation.groups, evaluation.views) {
            #expect(view.entries.count > 100)
            for policy in [group.base] + group.others {
                let rows = try frame(output.appendingPathComponent("frames/\(policy.id.value)"))
                let name = "\(root.lastPathComponent) \(policy.id.value)"
                #expect(rows.count == view.entries.count, "\(name): profiles")
                #expect(rows.map(\.key) == rows.map(\.key).sorted(), "\(name): the frame is sorted by profile key")
                let byKey = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
                var differing: [String] = []
                for entry in view.entries {
                    guard let key = entry.key, let row = byKey[key] else {
                        differing.append("\(entry.key ?? "?"): not in the frame")
                        continue
                    }
                    let native = canonical(.object(entry.profile(under: policy.id.value).attributes))
                    if row.identities != entry.profile.identities.map(\.description) {
                        differing.append("\(key): identities \(row.identities)")
                    }
                    if row.attributes != native {
                        differing.append("\(key): attributes \(JSONWriter.string(row.attributes)) "
                                         + "!= \(JSONWriter.string(native))")
                    }
                    if row.eventIDs != entry.events.map({ $0.eventID ?? "" }) {
                        differing.append("\(key): events \(row.eventIDs.count) != \(entry.events.count)")
                    }
                }
                #expect(differing.isEmpty, "\(name): \(differing.prefix(5))")
            }
        }
    }

    /// One row of a profile frame, its attributes in `canonical` form.
    struct FrameRow {
        var key: String
        var identities: [String]
        var attributes: Value
        var eventIDs: [String]
    }

    static func frame(_ folder: URL) throws -> [FrameRow] {
        let parts = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("part-") && $0.hasSuffix(".json") }.sorted()
        return try parts.flatMap { part -> [FrameRow] in
            let text = try String(contentsOf: folder.appendingPathComponent(part), encoding: .utf8)
            return try text.split(separator: "\n").map { line in
                let node = try JSONParser.parse(String(line), file: part).get()
                guard case .object(let row) = Value(node), case .string(let key)? = row["profile_key"],
                      case .array(let identities)? = row["identities"] else { throw FrameError(line: String(line)) }
                var events: [Value] = []
                if case .array(let list)? = row["events"] { events = list }
                return FrameRow(key: key, identities: identities.map { identity in
                    guard case .string(let namespace)? = identity[path: ["namespace"]],
                          case .string(let id)? = identity[path: ["id"]] else { return "?" }
                    return "\(namespace):\(id)"
                }, attributes: canonical(row["profile"] ?? .object([:])), eventIDs: events.map { event in
                    if case .string(let id)? = event[path: ["_id"]] { return id }
                    return ""
                })
            }
        }
    }

    struct FrameError: Error { var line: String }

    /// Values compared across the engines: numbers as doubles, date-times as their instant, no empty objects
    /// (Spark writes a struct whose fields are all null as `{}`).
    static func canonical(_ value: Value) -> Value {
        switch value {
        case .integer(let number): return .number(Double(number))
        case .string(let text) where text.count > 10:
            return Timestamp.milliseconds(from: text).map { .string("instant \($0)") } ?? value
        case .array(let items): return .array(items.map(canonical))
        case .object(let members):
            var kept: [String: Value] = [:]
            for (name, member) in members {
                let inner = canonical(member)
                if case .object(let nested) = inner, nested.isEmpty { continue }
                if inner == .null { continue }
                kept[name] = inner
            }
            return .object(kept)
        default: return value
        }
    }

    /// The plan's files read by the native ingest, in ledger order, leaving out events whose `_id` the
    /// dataset already has.
    static func nativeRecords(_ plan: SparkPlan, root: URL) throws -> [StoredRecord] {
        var records: [StoredRecord] = []
        var eventIDs = Set<[String]>()
        for file in plan.files.sorted(by: { $0.sequence < $1.sequence }) {
            let ingest = try #require(DatasetIngest(dataset: file.dataset, in: plan.workspace))
            let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(file.path)))
            var source = RecordSource(file: file.path, format: file.format, mapping: ingest.dataset.mapping,
                                      csv: ingest.dataset.csv, schemaReader: ingest.schemaReader)
            for item in source.feed(bytes) + source.finish() {
                guard case .success(let kept) = ingest.outcome(of: item) else { continue }
                if let id = kept.eventID, !eventIDs.insert([file.dataset, id]).inserted { continue }
                let origin = RecordOrigin(sequence: file.sequence, file: file.path, index: kept.position.index,
                                          line: kept.line)
                records.append(StoredRecord(dataset: file.dataset, origin: origin, isEvent: ingest.isEventDataset,
                                            eventID: kept.eventID, timestamp: kept.timestamp ?? file.ingestedAt,
                                            primary: kept.primary, identities: kept.identities,
                                            packedAttributes: kept.packedAttributes))
            }
        }
        return records
    }

    enum Inbox {
        case template
        case generated(people: Int)
    }

    /// The template's definitions in `root`, with its own inbox files or generated ones.
    static func workspace(in root: URL, inbox: Inbox) throws -> URL {
        let files = FileManager.default
        try files.createDirectory(at: root.deletingLastPathComponent(), withIntermediateDirectories: true)
        try files.copyItem(at: repository.appendingPathComponent("workspace-template"), to: root)
        guard case .generated(let people) = inbox else { return root }
        try files.removeItem(at: root.appendingPathComponent("inbox"))
        var contents: [String: String] = [:]
        _ = BenchmarkData(.init(profiles: people, eventsPerProfile: 4)).generate { path, chunk in
            contents[path, default: ""] += chunk
        }
        for (path, text) in contents where path.hasPrefix("inbox/") {
            let url = root.appendingPathComponent(path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// Spark, set to run locally (`runLocally`) when `timeout` is given, and a new temporary folder (the caller
    /// removes it).
    static func sparkAndFolder(runningLocally timeout: Int? = nil) throws -> (submit: SparkSubmit, folder: URL) {
        var submit = try #require(spark, "Java or pyspark is missing (see .ci/run)")
        if let timeout { submit.runLocally(timeout: timeout) }
        return (submit, try temporaryFolder())
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-spark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension SparkSubmit {
    /// As the Spark tests run a job on two cores: `local[2]`, few partitions, no UI, stopped after `timeout` seconds.
    mutating func runLocally(timeout: Int) {
        master = "local[2]"
        settings = ["spark.sql.shuffle.partitions=4", "spark.default.parallelism=2", "spark.ui.enabled=false"]
        self.timeout = timeout
    }
}
