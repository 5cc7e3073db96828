import Foundation
import Testing

/// An independent JSON Schema validator for the editor-schema tests: Python's `jsonschema`
/// (`Draft202012Validator`), run as a process. Debian's `python3-jsonschema` (4.10, bookworm) has draft 2020-12.
struct PythonJSONSchema {
    /// Whether `python3 -c 'import jsonschema'` works here.
    static let installed: Bool = {
        (try? run(script: "import jsonschema; from jsonschema import Draft202012Validator", arguments: []))?.status == 0
    }()

    /// Run when installed, and always under CI (where its absence fails the test instead of skipping it).
    static var shouldRun: Bool { installed || ProcessInfo.processInfo.environment["CI"] != nil }

    static let skipReason: Comment =
        "python3 with jsonschema is not installed (apt-get install python3-jsonschema); set CI=1 to fail instead"

    /// Reads a JSON object mapping each instance path to its schema path from stdin; checks every schema against
    /// the draft 2020-12 meta-schema, then prints a JSON object mapping each instance path to its error messages.
    private static let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        pairs = json.load(sys.stdin)
        result = {}
        for instance, schema_path in sorted(pairs.items()):
            with open(schema_path, encoding="utf-8") as schema_file:
                schema = json.load(schema_file)
            Draft202012Validator.check_schema(schema)
            with open(instance, encoding="utf-8") as instance_file:
                document = json.load(instance_file)
            errors = Draft202012Validator(schema).iter_errors(document)
            result[instance] = sorted(error.message for error in errors)
        json.dump(result, sys.stdout)
        """

    /// The error messages of each instance file against its schema file (an empty list: valid).
    static func errors(_ pairs: [String: String]) throws -> [String: [String]] {
        guard installed else { throw Failure("python3 with jsonschema is not installed (apt-get install python3-jsonschema)") }
        let input = try JSONSerialization.data(withJSONObject: pairs)
        let output = try run(script: script, arguments: [], input: input)
        guard output.status == 0,
              let result = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: [String]] else {
            throw Failure("jsonschema failed (\(output.status)): \(output.stderr.suffix(2_000))")
        }
        return result
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static func run(script: String, arguments: [String], input: Data = Data()) throws -> CohortProcess.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CohortProcess.Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                                    stderr: String(decoding: err, as: UTF8.self))
    }
}
