import Foundation
import Testing

/// `cohort bench generate` writes a valid, deterministic workspace; `cohort bench run` measures it.
@Suite struct BenchCommandTests {
    @Test func generateIsDeterministicValidAndBuildsWithOneBadRecordInTwenty() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a")
        let second = folder.appendingPathComponent("b")
        let generate = try CohortProcess.run(["bench", "generate", first.path, "--profiles", "400", "--events-per-profile", "5"])
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(generate.stdout.contains("inbox/crm/crm.json: 240 records"))
        #expect(try CohortProcess.run(["bench", "generate", second.path, "--profiles", "400", "--events-per-profile", "5"]).status == 0)
        for path in ["inbox/crm/crm.json", "inbox/dma-crm/dma-crm.csv", "inbox/loyalty/loyalty.json", "inbox/offline-purchases/purchases.ndjson",
                     "inbox/web-events/web-events.ndjson", "bench-drops/drop-20.ndjson"] {
            let bytes = try Data(contentsOf: first.appendingPathComponent(path))
            let again = try Data(contentsOf: second.appendingPathComponent(path))
            #expect(!bytes.isEmpty && bytes == again, "\(path) differs between two runs")
        }
        let validate = try CohortProcess.run(["validate", "-C", first.path])
        #expect(validate.stdout.hasPrefix("ok: 4 schemas, 5 namespaces, 5 datasets, 2 merge policies, 20 segments, 3 destinations, 1 policy"))
        let build = try CohortProcess.run(["build", "-C", first.path, "--as-of", "2026-11-21T00:00:00Z"])
        let summary = try #require(build.stdout.split(separator: "\n").first { $0.hasPrefix("built:") })
        let numbers = summary.split(separator: ";")[1].split(separator: " ").compactMap { Int($0) }
        let (kept, rejected) = (numbers[0], numbers[1])
        #expect(kept + rejected > 2_000)
        #expect(Double(rejected) / Double(kept + rejected) > 0.03 && Double(rejected) / Double(kept + rejected) < 0.07, "\(summary)")
        #expect(build.stdout.contains("exports/email-sftp:") && build.stdout.contains("exports/cart-recovery-webhook:"))
    }

    @Test func runMeasuresEveryPhase() throws {
        let folder = try CohortProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("bench")
        #expect(try CohortProcess.run(["bench", "generate", workspace.path, "--profiles", "60", "--events-per-profile", "3"]).status == 0)
        for drop in 3...20 { try FileManager.default.removeItem(at: workspace.appendingPathComponent("bench-drops/drop-\(drop).ndjson")) }
        let run = try CohortProcess.run(["bench", "run", workspace.path])
        #expect(run.status == 0, "\(run.stderr)")
        for prefix in ["profiles: ", "ingest ndjson: ", "ingest json: ", "ingest csv: ", "build: ", "build --rebuild: ", "segments: 20 in ",
                       "watch, 1,000-record drop: p50 ", "(2 drops)", "peak memory: "] {
            #expect(run.stdout.contains(prefix), "no \(prefix) in \(run.stdout)")
        }
        // Every segment's own time.
        #expect(run.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  segment ") }.count == 20)
        #expect(run.stdout.contains("  segment gold-members: "))
        // The workspace itself is left as generated: the run works on a copy.
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("inbox/crm/crm.json").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".cohort").path))
    }
}
