import CohortCore
import Foundation

/// Checks that every file the ledger lists is in `archive/`, and that the files a build is about to
/// replay still have the bytes the ledger recorded, before anything is changed: a lost or edited
/// archive file stops the build with the entries at fault and the two ways out.
struct ArchiveCheck {
    /// A ledger entry whose file is missing, changed or unreadable.
    struct Problem {
        var entry: LedgerEntry
        var what: String
    }

    let root: URL

    /// Throws a `BuildError` listing every problem; `replaying` tells the entries whose bytes are
    /// checked (the others need only exist).
    func verify(_ entries: [LedgerEntry], replaying: (LedgerEntry) -> Bool) throws {
        let problems = problems(entries, replaying: replaying)
        guard !problems.isEmpty else { return }
        let lines = problems.map { "  #\($0.entry.sequence) \($0.entry.archivePath): \($0.what)" }
        let paths = problems.map(\.entry.archivePath).joined(separator: " ")
        throw BuildError.unreadable(
            LedgerFile.path,
            """
            \(problems.count == 1 ? "a file the ledger lists is not in archive/ as it was ingested"
              : "\(problems.count) files the ledger lists are not in archive/ as they were ingested"):
            \(lines.joined(separator: "\n"))
            restore \(problems.count == 1 ? "it" : "each") from a backup (the ledger's sha256 names the bytes \
            it needs), or run `cohort forget \(paths)` to rebuild without \(problems.count == 1 ? "it" : "them")
            """)
    }

    func problems(_ entries: [LedgerEntry], replaying: (LedgerEntry) -> Bool) -> [Problem] {
        entries.sorted { $0.sequence < $1.sequence }.compactMap { entry in
            guard Self.isArchivePath(entry.archivePath) else {
                return Problem(entry: entry, what: "the ledger names a path outside archive/")
            }
            do {
                // In archive/, or still in the inbox where its move there failed or a crash came first.
                guard let (file, _) = try Builder.locateArchived(entry, in: root) else { return Problem(entry: entry, what: "missing") }
                guard replaying(entry) else { return nil }
                let digest = try Self.sha256(of: file)
                guard digest == entry.sha256 else {
                    return Problem(
                        entry: entry,
                        what:
                            "changed (its sha256 is \(digest.prefix(12))…, the ledger says \(entry.sha256.prefix(12))…)"
                    )
                }
                return nil
            } catch let error as BuildError {
                return Problem(entry: entry, what: "cannot be read: \(error)")
            } catch let problem as DataFile.Problem {
                return Problem(entry: entry, what: "cannot be read: \(problem.message)")
            } catch {
                return Problem(entry: entry, what: "cannot be read: \(FailureWording.reason(error).0)")
            }
        }
    }

    /// Only a path under `archive/` that never climbs out of it may be read or deleted.
    static func isArchivePath(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return components.count >= 2 && components[0] == "archive" && !components.contains("..")
            && !components.contains(".") && !components.contains("")
            && !path.contains("\\") && path != LedgerFile.path
    }

    /// The SHA-256 of the file as it is read now, through the one descriptor that was checked.
    static func sha256(of file: DataFile) throws -> String {
        var hasher = SHA256()
        while true {
            let chunk = try file.read(upTo: FileIngestor.chunkSize)
            if chunk.isEmpty { break }
            hasher.update(chunk)
        }
        return hasher.finalizeHex()
    }
}
