import CohortCore
@testable import CohortEngine
import Foundation
import Testing

/// The Spark job's decoding (run by the job's Python without Spark) against the native reader's: CSV in another
/// encoding than UTF-8 (`csv_text` and `TextTranscoder`): the same text for every byte of Latin-1 and Windows-1252
/// and for UTF-16 in either byte order, and a doubt (the driver's native verdict) wherever native decoding leaves
/// an undecodable mark; gzip (`gunzip` and `GzipStream`): the same bytes over several members, a doubt wherever
/// the native stream fails. Skipped without pyspark (which the job imports), unless CI is set.
@Suite struct SparkTextDecodingTests {
    static let python = ProcessInfo.processInfo.environment["PYSPARK_PYTHON"] ?? "python3"

    @Test(.enabled(if: SparkProfileFrameTests.shouldRun, "pyspark is not installed (see .ci/run); set CI=1 to fail instead"))
    func decodesAsTheNativeTranscoder() throws {
        let everyByte = (0...255).map { UInt8($0) }
        let text = "Zoë € 𝄞 São,\"x\"\r\n"
        let little = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let cases: [(Dataset.CSVOptions.Encoding, [UInt8])] = [
            (.latin1, everyByte), (.windows1252, everyByte),
            (.utf16, [0xFF, 0xFE] + little), (.utf16, [0xFE, 0xFF] + big), (.utf16, little),
            (.utf16, [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]), (.utf16, [0xFF, 0xFE, 0x00, 0xDC]), (.utf16, little + [0x41]),
        ]
        let decoded = try Self.jobDecoding(cases.map { ("csv", $0.0.rawValue, $0.1) })
        for ((encoding, bytes), spark) in zip(cases, decoded) {
            var transcoder = try #require(TextTranscoder(encoding))
            let native = transcoder.decode(bytes) + transcoder.finish()
            if native.contains(0xFF) {  // TextTranscoder's mark for what cannot be decoded
                #expect(spark == nil, "\(encoding) \(bytes)")
            } else {
                #expect(spark == native, "\(encoding) \(bytes)")
            }
        }
    }

    @Test(.enabled(if: SparkProfileFrameTests.shouldRun, "pyspark is not installed (see .ci/run); set CI=1 to fail instead"))
    func decompressesAsTheNativeStream() throws {
        let first = try CompressedAndForeignFilesTests.gzip(Array("{\"a\":1}\n".utf8))
        let second = try CompressedAndForeignFilesTests.gzip(Array(repeating: UInt8(ascii: "x"), count: 70_000))
        let cases: [[UInt8]] = [first, first + second, Array((first + second).dropLast(5)), first + [0, 0],
                                first + [0x1F], Array("{\"a\":1}".utf8), [], Array(first.prefix(12)) + [0xFF] + first.dropFirst(13)]
        let decoded = try Self.jobDecoding(cases.map { ("gzip", "", $0) })
        for (bytes, spark) in zip(cases, decoded) {
            var native: [UInt8]? = []
            do {
                let stream = GzipStream()
                try stream.decompress(bytes, piece: 1 << 16) { native?.append(contentsOf: $0) }
                try stream.finish()
            } catch {
                native = nil
            }
            #expect(spark == native, "\(bytes.prefix(16))… (\(bytes.count) bytes)")
        }
    }

    /// Each case decoded by the job: with `csv_text` in an encoding (as UTF-8) or with `gunzip`; nil where the job
    /// doubts the bytes.
    static func jobDecoding(_ cases: [(kind: String, encoding: String, bytes: [UInt8])]) throws -> [[UInt8]?] {
        let folder = try SparkProfileFrameTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("job.py")
        try SparkJobProgram.source.write(to: program, atomically: true, encoding: .utf8)
        let script = """
            import importlib.util, json, sys
            spec = importlib.util.spec_from_file_location("job", sys.argv[1])
            job = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(job)
            out = []
            for kind, encoding, hexed in json.load(sys.stdin):
                data = bytes.fromhex(hexed)
                try:
                    out.append((job.csv_text(data, encoding).encode("utf-8") if kind == "csv" else job.gunzip(data)).hex())
                except job.Doubtful:
                    out.append(None)
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", script, program.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let request = cases.map { "[\"\($0.kind)\",\"\($0.encoding)\",\"\($0.bytes.map { String(format: "%02x", $0) }.joined())\"]" }
        input.fileHandleForWriting.write(Data(("[" + request.joined(separator: ",") + "]").utf8))
        try input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let decoded = try JSONSerialization.jsonObject(with: answer) as? [Any] ?? []
        return decoded.map { item in
            guard let hex = item as? String else { return nil }
            return stride(from: 0, to: hex.count, by: 2).map { offset in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
            }
        }
    }
}
