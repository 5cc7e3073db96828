import CohortCore

extension RecordPosition {
    /// The n-th record of a file that starts on line n: what one record a line gives.
    static func line(_ line: Int) -> RecordPosition {
        RecordPosition(index: line - 1, text: TextPosition(offset: 0, line: line, column: 1))
    }
}
