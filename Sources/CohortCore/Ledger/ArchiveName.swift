import Foundation

/// The name an ingested file gets in `archive/<dataset-id>/`: its ledger sequence, a dash and its
/// original name — shortened when that is long, so that the name, the `.ndjson` that `rejected/`
/// adds to it and a temporary prefix and suffix all fit in one file name (NAME_MAX, 255 bytes).
public enum ArchiveName {
    /// The most UTF-8 bytes an archive name takes: 255 less `.ndjson` (7) and a temporary file's
    /// `.` and `.<pid>.tmp` (up to 16), with room to spare.
    public static let maximumBytes = 200
    /// An extension longer than this is not one (it selects a data format: `.csv`, `.ndjson`, …).
    static let longestExtension = 16
    /// Hex digits of the original name's SHA-256 that keep shortened names apart.
    static let hashDigits = 16

    /// `000042-day2.csv`; a long name keeps its start and its extension and gets a hash of the whole
    /// original name in between: `000042-<start>~<16 hex digits>.csv`.
    public static func make(sequence: Int, originalName: String) -> String {
        let prefix = String(format: "%06d-", sequence)
        guard prefix.utf8.count + originalName.utf8.count > maximumBytes else { return prefix + originalName }
        let (stem, fileExtension) = split(originalName)
        let hash = "~" + SHA256.hex(Array(originalName.utf8)).prefix(hashDigits)
        let room = max(0, maximumBytes - prefix.utf8.count - hash.utf8.count - fileExtension.utf8.count)
        return prefix + leading(stem, bytes: room) + hash + fileExtension
    }

    /// The name without and with its extension (`.csv`, or `.csv.gz` for a compressed file, whose
    /// format is the extension before `.gz`); no extension when it is long or the whole name.
    private static func split(_ name: String) -> (stem: Substring, fileExtension: Substring) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
            name.utf8[dot...].count <= longestExtension
        else { return (name[...], "") }
        let stem = name[..<dot]
        if name[dot...].lowercased() == ".gz", let inner = stem.lastIndex(of: "."), inner != name.startIndex,
           name.utf8[inner...].count <= longestExtension {
            return (name[..<inner], name[inner...])
        }
        return (stem, name[dot...])
    }

    /// The longest start of `text` in at most `bytes` UTF-8 bytes that ends on a whole character.
    private static func leading(_ text: Substring, bytes: Int) -> Substring {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].utf8.count
            guard used + width <= bytes else { break }
            used += width
            end = text.index(after: index)
        }
        return text[..<end]
    }
}
