import Foundation
import Testing
@testable import CohortFuzz

/// The fuzz targets' checks over their seeds and the committed corpus of inputs that once broke a
/// reader: every invariant holds for every one of them.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let harness = Result {
        FuzzHarness(template: try FuzzTemplate(root: root.appendingPathComponent("workspace-template")))
    }

    @Test(arguments: FuzzTarget.allCases)
    func templateSeedsBreakNoInvariant(_ target: FuzzTarget) throws {
        let harness = try Self.harness.get()
        let seeds = FuzzSeeds.seeds(for: target, from: harness.template)
        #expect(seeds.count >= 3)
        for seed in seeds {
            let violations = harness.violations(seed, target: target)
            #expect(violations.isEmpty, "\(String(decoding: seed.prefix(200), as: UTF8.self)): \(violations)")
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusBreaksNoInvariant(_ target: FuzzTarget) throws {
        let harness = try Self.harness.get()
        let folder = Self.root.appendingPathComponent("Fuzz/corpus/\(target.rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let input = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let violations = harness.violations(input, target: target)
            #expect(violations.isEmpty, "\(target.rawValue)/\(name): \(violations)")
        }
    }
}
