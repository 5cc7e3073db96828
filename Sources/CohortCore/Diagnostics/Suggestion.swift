/// "Did you mean …?" hints: the closest candidate by edit distance, when it is close enough.
public enum Suggestion {
    /// The candidate nearest to `word`, if its edit distance is at most a third of the word's length
    /// (at least 1, at most 4); ties go to the alphabetically first candidate.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let limit = max(1, min(4, word.count / 3))
        let lowered = Array(word.lowercased().unicodeScalars)
        var best: (distance: Int, candidate: String)?
        for candidate in candidates where candidate != word {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            // Lengths further apart than the limit are too far already: no table of their product is built.
            guard abs(scalars.count - lowered.count) <= limit else { continue }
            let distance = editDistance(lowered, scalars)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.candidate) {
                best = (distance, candidate)
            }
        }
        return best?.candidate
    }

    /// The hint sentence for `word`, or an empty string when nothing is close.
    public static func hint<S: Sequence>(for word: String, in candidates: S) -> String where S.Element == String {
        advice(for: word, in: candidates).map { "; " + $0 } ?? ""
    }

    /// "did you mean `match`?" for the closest candidate, or nil when nothing is close.
    public static func advice<S: Sequence>(for word: String, in candidates: S) -> String? where S.Element == String {
        closest(to: word, in: candidates).map { "did you mean `\($0)`?" }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    /// neighbours each cost 1 ("Emial" is one edit from "Email").
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
