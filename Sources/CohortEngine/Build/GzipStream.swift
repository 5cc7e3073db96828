import CZlib

/// Decompresses a gzip file (`events.ndjson.gz`) as it is read, through zlib: compressed chunks go
/// in, decompressed pieces of at most a given size come out to a closure, so however much a small
/// file expands to, no more than one piece is held at once. Several gzip members one after another
/// (as `cat a.gz b.gz` makes) are read as one stream, as `gzip -d` reads them.
final class GzipStream {
    /// Why the file is not a whole gzip stream; `message` follows the file's path.
    enum Failure: Error, Equatable {
        /// The input ended inside a member, or before any (an empty file).
        case endsEarly(bytes: Int)
        /// zlib found data it cannot decompress, at or before this byte of the file.
        case corrupt(reason: String, byte: Int)
        /// The file does not start the way gzip data does.
        case notGzip

        var message: String {
            switch self {
            case .endsEarly(let bytes):
                return "gzip stream ends early after \(bytes) bytes; the file may still be copying or be damaged"
            case .corrupt(let reason, let byte):
                return "is not valid gzip data (\(reason), at or before byte \(byte) of the compressed file); "
                    + "the file is damaged: compress it again"
            case .notGzip:
                return "is named .gz but is not gzip-compressed (gzip data starts with the bytes 1F 8B); remove "
                    + "the .gz from its name if it is plain text"
            }
        }
    }

    /// zlib keeps a pointer back to its stream, so the stream stays at one address.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var initialized = false
    /// Compressed bytes zlib has taken so far.
    private var consumed = 0
    /// The last member ended and no byte of another has come since.
    private var atMemberEnd = false

    init() {
        stream.initialize(to: z_stream())
        // 15: the largest window; +16: gzip framing only.
        initialized = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decompresses the next chunk of the file, handing `body` pieces of at most `piece` bytes in order.
    func decompress(_ input: [UInt8], piece: Int, _ body: ([UInt8]) throws -> Void) throws {
        guard initialized else { throw Failure.corrupt(reason: "zlib could not start", byte: 0) }
        if consumed == 0, let first = input.first, first != 0x1F || (input.count > 1 && input[1] != 0x8B) {
            throw Failure.notGzip
        }
        var output = [UInt8](repeating: 0, count: piece)
        try input.withUnsafeBufferPointer { bytes in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
            stream.pointee.avail_in = UInt32(bytes.count)
            defer {
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            var outputFull = false
            while stream.pointee.avail_in > 0 || outputFull {
                if atMemberEnd {
                    // Another member follows the one that ended.
                    guard inflateReset(stream) == Z_OK else {
                        throw Failure.corrupt(reason: "zlib could not restart", byte: consumed)
                    }
                    atMemberEnd = false
                }
                let availableBefore = stream.pointee.avail_in
                let (code, produced) = output.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = UInt32(buffer.count)
                    let code = inflate(stream, Z_NO_FLUSH)
                    return (code, buffer.count - Int(stream.pointee.avail_out))
                }
                consumed += Int(availableBefore - stream.pointee.avail_in)
                stream.pointee.next_out = nil
                if produced > 0 { try body(Array(output[..<produced])) }
                outputFull = produced == piece
                switch code {
                case Z_STREAM_END:
                    atMemberEnd = true
                    outputFull = false
                case Z_OK:
                    break
                case Z_BUF_ERROR:
                    // No progress with input left and room for output: zlib cannot go on.
                    if stream.pointee.avail_in > 0 && !outputFull {
                        throw Failure.corrupt(reason: "zlib made no progress", byte: consumed)
                    }
                default:
                    let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                    throw Failure.corrupt(reason: reason, byte: consumed)
                }
            }
        }
    }

    /// Ends the input: throws unless the file ended exactly where a member did.
    func finish() throws {
        guard atMemberEnd else { throw Failure.endsEarly(bytes: consumed) }
    }
}
