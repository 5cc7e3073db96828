import CohortFuzz
import Foundation

/// The fuzz targets' program. Built by `Fuzz/run` with `-sanitize=fuzzer` and `-DFUZZING`, it hands
/// its arguments to libFuzzer and fuzzes the target `$COHORT_FUZZ_TARGET` names; built as usual, it
/// replays files through a target's checks. Either way `cohort-fuzz seeds TARGET DIR` writes the
/// target's seeds from the template workspace (`$COHORT_FUZZ_TEMPLATE`, else `workspace-template`).
@main
enum CohortFuzzMain {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 4, arguments[1] == "seeds" {
            exit(writeSeeds(target: arguments[2], folder: arguments[3]))
        }
        #if FUZZING
        _ = FuzzSession.current  // a wrong target or template stops here, before libFuzzer starts
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput))
        #else
        guard arguments.count >= 3, let target = FuzzTarget(rawValue: arguments[1]) else {
            fail("usage: cohort-fuzz TARGET FILE… (replays files through a target's checks), "
                 + "or cohort-fuzz seeds TARGET DIR; targets: \(targetNames)")
        }
        exit(replay(arguments.dropFirst(2), target: target))
        #endif
    }

    /// Runs each file through the target's checks and prints what it breaks; 1 if anything.
    private static func replay(_ paths: ArraySlice<String>, target: FuzzTarget) -> Int32 {
        let harness = FuzzSession.harness()
        var broken = 0
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read this file") }
            let violations = harness.violations(Array(data), target: target)
            print("\(path): \(violations.isEmpty ? "clean" : violations.joined(separator: "\n  "))")
            if !violations.isEmpty { broken += 1 }
        }
        return broken == 0 ? 0 : 1
    }

    private static func writeSeeds(target name: String, folder: String) -> Int32 {
        guard let target = FuzzTarget(rawValue: name) else { fail("unknown fuzz target \"\(name)\"") }
        let seeds = FuzzSeeds.seeds(for: target, from: FuzzSession.harness().template)
        let url = URL(fileURLWithPath: folder)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (index, seed) in seeds.enumerated() {
                try Data(seed).write(to: url.appendingPathComponent(String(format: "template-%03d", index)))
            }
        } catch {
            fail("\(folder): cannot write the seeds there (\(error.localizedDescription))")
        }
        return 0
    }
}

/// The harness and target one fuzzing process checks inputs with.
struct FuzzSession: Sendable {
    let harness: FuzzHarness
    let target: FuzzTarget

    /// The target `$COHORT_FUZZ_TARGET` names against the template, built once; exits when either is wrong.
    static let current: FuzzSession = {
        let name = ProcessInfo.processInfo.environment["COHORT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fail("set COHORT_FUZZ_TARGET to one of \(targetNames), not \"\(name)\"")
        }
        return FuzzSession(harness: harness(), target: target)
    }()

    static func harness() -> FuzzHarness {
        do {
            return FuzzHarness(template: try FuzzTemplate(root: FuzzTemplate.defaultRoot))
        } catch {
            fail("\(error)")
        }
    }
}

/// libFuzzer's entry point: an input that breaks an invariant stops the process, which libFuzzer
/// reports as a crash and keeps the input of.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let session = FuzzSession.current
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let violations = session.harness.violations(input, target: session.target)
    if !violations.isEmpty {
        let report = "cohort-fuzz \(session.target.rawValue): \(violations.joined(separator: "\n"))\n"
        FileHandle.standardError.write(Data(report.utf8))
        abort()
    }
    return 0
}

#if FUZZING
/// libFuzzer's driver, in its runtime that `-sanitize=fuzzer` links.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

private let targetNames = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cohort-fuzz: \(message)\n".utf8))
    exit(2)
}
