import Foundation
import Testing
@testable import CohortCore

/// Segments compiled to Spark SQL and run on real Spark agree with the native engine, profile for
/// profile: the template workspace's segment tests (profiles stitched and merged by the native
/// engine, as `cohort test` makes them), Adobe's documented PQL examples over hand-built profiles,
/// and edge cases of PQL's semantics (missing values, booleans, dates around a daylight-saving
/// change). Every case is evaluated in ONE Spark session, whose own time zone is none of the
/// workspaces' (the SQL must not depend on it).
@Suite struct SparkPQLDifferentialTests {
    /// A batch for Spark and, per case and condition, the native engine's members.
    struct Batch {
        var cases: [LocalSpark.Case] = []
        var expected: [String: [String: [String]]] = [:]
        var folder: URL

        /// Adds a case of `frames` (by policy) and conditions, with what the native engine decided.
        mutating func add(_ name: String, frames: [String: [String]], type: SparkType, conditions: [LocalSpark.Condition],
                          expected: [String: [String]]) throws {
            var written: [String: LocalSpark.Frame] = [:]
            for (policy, rows) in frames {
                let file = folder.appendingPathComponent("\(cases.count)-\(policy).jsonl")
                try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
                written[policy] = LocalSpark.Frame(path: file.path, schema: type.json)
            }
            cases.append(LocalSpark.Case(name: name, frames: written, conditions: conditions))
            self.expected[name] = expected
        }
    }

    static let templateRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("workspace-template")

    /// The template's definitions, read as `WorkspaceFiles` reads them.
    static func template() throws -> Workspace {
        let folders = ["schemas", "namespaces", "datasets", "merge-policies", "policies", "segments", "destinations"]
        var files = [SourceFile(path: "cohort.json", text: try String(contentsOf: templateRoot.appendingPathComponent("cohort.json"), encoding: .utf8))]
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: templateRoot.appendingPathComponent(folder).path).sorted()
            for name in names where !name.hasPrefix(".") {
                let url = templateRoot.appendingPathComponent(folder).appendingPathComponent(name)
                files.append(SourceFile(path: "\(folder)/\(name)", text: try String(contentsOf: url, encoding: .utf8)))
            }
        }
        let result = WorkspaceLoader.load(files)
        #expect(result.errors.map(\.description) == [])
        return result.workspace
    }

    @Test func everyTemplateSegmentCompiles() throws {
        let workspace = try Self.template()
        let compiled = SparkSegments(workspace: workspace, now: 0)
        #expect(compiled.unsupported.map(\.description) == [])
        #expect(compiled.segments.map(\.id).sorted() == workspace.segments.map(\.id.value).sorted())
        // inSegment's columns come first.
        let order = compiled.segments.map(\.id)
        for segment in compiled.segments {
            for read in segment.reads { #expect(order.firstIndex(of: read)! < order.firstIndex(of: segment.id)!) }
        }
    }

    @Test(.enabled(if: LocalSpark.shouldRun, LocalSpark.skipReason))
    func sparkAgreesWithTheNativeEngine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-spark-pql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var batch = Batch(folder: folder)
        try addTemplateTests(to: &batch)
        let examples = try addExamples(to: &batch, Self.adobeExamples(), workspace: PQLAdobeEvaluationTests.workspace,
                                       profiles: Self.adobeProfiles, now: PQLAdobeEvaluationTests.cam.now, name: "adobe-examples")
        // Most of the documented examples run on Spark.
        #expect(examples >= 60, "only \(examples) documented examples compile for Spark")
        let edges = try addExamples(to: &batch, SparkPQLSemanticsCases.expressions, workspace: SparkPQLSemanticsCases.workspace,
                                    profiles: SparkPQLSemanticsCases.profiles, now: SparkPQLSemanticsCases.now, name: "semantics")
        #expect(edges == SparkPQLSemanticsCases.expressions.count, "every edge case compiles")

        let outcomes = try LocalSpark.evaluate(batch.cases, in: folder, sessionTimeZone: "Asia/Kathmandu")
        for (name, expected) in batch.expected.sorted(by: { $0.key < $1.key }) {
            let spark = try #require(outcomes[name], "no outcome for \(name)")
            let conditions = batch.cases.first { $0.name == name }?.conditions ?? []
            for condition in conditions {
                let outcome = spark[condition.id]
                #expect(outcome?.nulls == [], "\(name) \(condition.id): NULL for \(outcome?.nulls ?? []) — \(condition.sql)")
                #expect(outcome?.members == expected[condition.id],
                        "\(name) \(condition.id): Spark \(outcome?.members ?? []), native \(expected[condition.id] ?? []) — \(condition.sql)")
            }
        }
    }

    // MARK: The template's segment tests

    private func addTemplateTests(to batch: inout Batch) throws {
        let workspace = try Self.template()
        let environment = PQLEnvironment(workspace: workspace)
        let frame = NativeProfileFrame(environment: environment, timeZone: workspace.settings.timezone.value)
        let testsFolder = Self.templateRoot.appendingPathComponent("tests")
        for name in try FileManager.default.contentsOfDirectory(atPath: testsFolder.path).sorted() {
            let file = SourceFile(path: "tests/\(name)", text: try String(contentsOf: testsFolder.appendingPathComponent(name), encoding: .utf8))
            let sink = DiagnosticSink()
            let test = try #require(SegmentTestReader.read(file, sink: sink))
            let records = SegmentTestRecords.stored(test, workspace: workspace, sink: sink)
            #expect(!sink.hasErrors, "\(name)")
            let evaluation = ProfileEvaluation(records: records, workspace: workspace, now: test.asOf.value)
            let compiled = SparkSegments(workspace: workspace, now: test.asOf.value)
            var frames: [String: [String]] = [:]
            var expected: [String: [String]] = [:]
            for segment in workspace.segments {
                let policy = workspace.mergePolicy(of: segment).id.value
                expected[segment.id.value] = evaluation.members(of: segment).compactMap(\.key).sorted()
                guard frames[policy] == nil else { continue }
                frames[policy] = evaluation.profiles(of: segment).entries.compactMap { entry in
                    entry.key.map { frame.row(key: $0, attributes: entry.profile(under: policy).packedAttributes,
                                              events: entry.eventAttributes, identities: entry.profile.identities) }
                }
            }
            // The test's records reach these segments at all: the comparison is not of empty sets only.
            #expect(expected.values.contains { !$0.isEmpty }, "\(name)")
            try batch.add("template/\(name)", frames: frames, type: frame.type, conditions: compiled.segments.map {
                LocalSpark.Condition(id: $0.id, policy: $0.policy, sql: $0.sql, reads: $0.reads)
            }, expected: expected)
        }
    }

    // MARK: Expressions over hand-built profiles

    /// Adds the expressions that check and compile for Spark (and read no other segment) as one case
    /// over `profiles`; returns how many.
    private func addExamples(to batch: inout Batch, _ expressions: [String], workspace: Workspace,
                             profiles: [(name: String, context: PQLContext)], now: Int64, name: String) throws -> Int {
        let environment = PQLEnvironment(workspace: workspace)
        let timeZone = workspace.settings.timezone.value
        let frame = NativeProfileFrame(environment: environment, timeZone: timeZone)
        var conditions: [LocalSpark.Condition] = []
        var expected: [String: [String]] = [:]
        for (index, text) in expressions.enumerated() {
            guard case .success(let node) = PQLParser.parse(text), PQLChecker.check(node, in: environment).errors.isEmpty,
                  let program = try? PQLProgram(node) else { continue }
            let output = SparkPQLCompiler.compile(node, environment: environment, now: now, timeZone: timeZone)
            guard let sql = output.sql, output.segments.isEmpty else { continue }
            let id = "\(name)-\(index)"
            conditions.append(LocalSpark.Condition(id: id, policy: "profiles", sql: sql, reads: []))
            expected[id] = profiles.filter { program.matches($0.context) }.map(\.name).sorted()
        }
        let rows = profiles.map { frame.row(key: $0.name, attributes: $0.context.attributes, events: $0.context.events, identities: []) }
        try batch.add(name, frames: ["profiles": rows], type: frame.type, conditions: conditions, expected: expected)
        return conditions.count
    }

    /// Cam, a profile with none of Cam's attributes or events, and one with some of them.
    static var adobeProfiles: [(name: String, context: PQLContext)] {
        let cam = PQLAdobeEvaluationTests.cam
        var empty = cam
        empty.attributes = PackedValue(.object(["crmId": .string("nobody")]))
        empty.events = []
        var partial = cam
        partial.attributes = PackedValue(.object(PQLFixture.attributes(#"""
            {"crmId": "pat", "homeAddress": {"countryISO": "US"}, "person": {"birthMonth": 1, "gender": null,
             "favoriteColors": [], "birthdate": "2000-02-29"}, "orders": [{"price": 5}, {"storeId": "A"}], "product": {"price": -0.5}}
            """#)))
        partial.events = [cam.events[1]]
        return [("cam", cam), ("empty", empty), ("partial", partial)]
    }

    /// The documented examples of the PQL subset (as `PQLAdobeExamplesTests` reads them).
    static func adobeExamples() throws -> [String] {
        try PQLAdobeExamplesTests.examples().subset.map(\.text)
    }
}
