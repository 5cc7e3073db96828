/// How a lookup destination cuts its keys into shards, and a shard's bytes.
///
/// A key's shard is named by the first `prefixLength` lowercase hex digits of the SHA-256 of the key
/// (its UTF-8 bytes, exactly as the shard writes it): `exports/<id>/<prefix>.json`. Why a hash, and
/// why of every key:
/// - keys cluster: ECIDs are 38 digits that often share their leading ones, emails bunch on a few
///   letters, so a prefix of the key itself gives a few huge shards and many tiny ones; SHA-256 spreads
///   any keys evenly;
/// - a shard's file name is only ever hex digits: no key byte (`/`, `..`, NUL, a letter's case on a
///   case-insensitive disk) reaches the file system;
/// - one rule for the reader: even a key that is a SHA-256 already (`identity.hash: sha256`) is
///   hashed again, so a reader never asks which form the keys are in to find the shard.
///
/// Why a fixed prefix length rather than one sized to the audience: a key's shard never moves as
/// the audience grows or shrinks, so the name a reader computes and a CDN's cached shards stay
/// valid, and an export rewrites only the shards whose keys changed. The price is choosing the
/// length: 16^length shards, so aim for a few hundred keys per shard (2 for up to ~100k keys, 3 up
/// to ~1M, 4 beyond).
public enum LookupShards {
    /// The shard a key falls in: the first `prefixLength` hex digits of its SHA-256.
    public static func shard(of key: String, prefixLength: Int) -> String {
        String(SHA256.hex(Array(key.utf8)).prefix(prefixLength))
    }

    /// The shard's file name in the destination's folder.
    public static func fileName(_ shard: String) -> String { shard + ".json" }

    /// A shard's bytes: one JSON object, one key per line in sorted order (so that `git diff` shows
    /// the keys that changed), each entry compact with its own keys sorted.
    public static func render(_ entries: [String: Value]) -> [UInt8] {
        var text = "{\n"
        for (index, key) in entries.keys.sorted().enumerated() {
            text += index == 0 ? "  " : ",\n  "
            if let entry = entries[key] { text += line(key, entry) }
        }
        text += "\n}\n"
        return Array(text.utf8)
    }

    /// One key's line of a shard, without its indent and comma.
    private static func line(_ key: String, _ entry: Value) -> String {
        var text = ""
        JSONWriter.writeString(key, to: &text)
        text += ":"
        JSONWriter.write(entry, to: &text)
        return text
    }

    /// A shard's lines as `render` writes them, in key order: each key, where its line starts
    /// (after the indent) and where its entry lies. Nil when the bytes are not in that shape.
    public static func lines(_ bytes: [UInt8]) -> [(key: String, line: Int, entry: Range<Int>)]? {
        let (open, close) = (Array("{\n".utf8), Array("\n}\n".utf8))
        guard bytes.count >= open.count + close.count, bytes.starts(with: open), bytes.suffix(close.count).elementsEqual(close)
        else { return nil }
        let end = bytes.count - close.count
        var lines: [(key: String, line: Int, entry: Range<Int>)] = []
        var start = open.count
        while start < end {
            let stop = bytes[start..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
            let last = stop == end
            // `  "key":entry,` — the comma on every line but the last.
            guard stop - start > 3, bytes[start] == 0x20, bytes[start + 1] == 0x20, bytes[start + 2] == UInt8(ascii: "\""),
                  last || bytes[stop - 1] == UInt8(ascii: ",") else { return nil }
            var index = start + 3
            var escaped = false
            while index < stop, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { escaped = true; index += 1 }
                index += 1
            }
            guard index + 1 < stop, bytes[index + 1] == UInt8(ascii: ":") else { return nil }
            let quoted = Array(bytes[(start + 2)...index])
            let key: String
            if escaped {
                guard case .success(let node) = JSONParser.parse(quoted, file: ""), case .string(let text) = Value(node) else { return nil }
                key = text
            } else {
                key = String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
            }
            if let previous = lines.last, !(previous.key < key) { return nil }
            lines.append((key, start + 2, (index + 2)..<(last ? stop : stop - 1)))
            start = stop + 1
        }
        return lines
    }

    /// The shard `bytes` (as `render` wrote them, cut into `lines`) with `changes` made: a key set
    /// to its entry, or removed (nil), each other line copied as it is. The bytes are those `render`
    /// gives for the entries that result; `count` is how many there are.
    public static func patch(_ bytes: [UInt8], lines: [(key: String, line: Int, entry: Range<Int>)],
                             changes: [String: Value?]) -> (bytes: [UInt8], count: Int) {
        var output = Array("{\n".utf8)
        output.reserveCapacity(bytes.count + changes.count * 64)
        var count = 0
        func append(_ line: some Collection<UInt8>) {
            output.append(contentsOf: count == 0 ? Array("  ".utf8) : Array(",\n  ".utf8))
            output.append(contentsOf: line)
            count += 1
        }
        let changed = changes.keys.sorted()
        var next = 0
        for old in lines {
            while next < changed.count, changed[next] < old.key {
                if let entry = changes[changed[next]] ?? nil { append(line(changed[next], entry).utf8) }
                next += 1
            }
            if next < changed.count, changed[next] == old.key {
                if let entry = changes[changed[next]] ?? nil { append(line(changed[next], entry).utf8) }
                next += 1
            } else {
                append(bytes[old.line..<old.entry.upperBound])
            }
        }
        for key in changed[next...] {
            if let entry = changes[key] ?? nil { append(line(key, entry).utf8) }
        }
        output.append(contentsOf: Array("\n}\n".utf8))
        return (output, count)
    }

    /// The entries of a shard's bytes; nil when they are not a JSON object.
    public static func read(_ bytes: [UInt8], file: String) -> [String: Value]? {
        guard case .success(let node) = JSONParser.parse(bytes, file: file),
              case .object(let entries) = Value(node) else { return nil }
        return entries
    }
}

/// What a reader of a lookup destination needs to find a key (the manifest's `lookup`): how shards
/// are named, which identity keys them, which segments and attributes an entry may hold.
public struct LookupIndex: Equatable, Sendable {
    /// How many hex digits of a key's SHA-256 name its shard.
    public var prefixLength: Int
    /// The namespace whose values are the keys.
    public var namespace: String
    /// `sha256`: keys are the SHA-256 (lowercase hex) of the normalized value; `none`: the value as is.
    public var hash: Destination.Hash
    /// The segments an entry's `segments` may list, in the destination's order.
    public var segments: [String]
    /// The attribute paths an entry's `attributes` may hold, in mapping order.
    public var attributes: [String]

    public init(prefixLength: Int, namespace: String, hash: Destination.Hash, segments: [String],
                attributes: [String]) {
        self.prefixLength = prefixLength
        self.namespace = namespace
        self.hash = hash
        self.segments = segments
        self.attributes = attributes
    }

    /// How a shard's name is made from a key, as the manifest says it for readers.
    static let shardRule = "sha256-hex-prefix"

    var encoded: Value {
        .object([
            "prefixLength": .integer(Int64(prefixLength)),
            "shardBy": .string(Self.shardRule),
            "identity": .object(["namespace": .string(namespace), "hash": .string(hash.rawValue)]),
            "segments": .array(segments.map(Value.string)),
            "attributes": .array(attributes.map(Value.string)),
        ])
    }

    init?(decoding value: Value) {
        guard case .object(let fields) = value, let prefixLength = fields["prefixLength"]?.wholeNumber,
              case .object(let identity)? = fields["identity"], case .string(let namespace)? = identity["namespace"],
              case .string(let hashName)? = identity["hash"], let hash = Destination.Hash(rawValue: hashName),
              case .array(let segments)? = fields["segments"],
              case .array(let attributes)? = fields["attributes"] else { return nil }
        self.init(prefixLength: prefixLength, namespace: namespace, hash: hash,
                  segments: segments.compactMap(\.plainString), attributes: attributes.compactMap(\.plainString))
    }
}
