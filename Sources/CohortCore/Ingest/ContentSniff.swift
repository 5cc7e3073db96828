/// Tells from a data file's first bytes that it is not the text its name and dataset promise: a
/// ZIP archive (an Excel workbook), an old Excel workbook, a gzip file without `.gz`, a PDF, UTF-16
/// text where the dataset does not declare it, or a binary file. Such a file is refused whole with
/// a message that says what it looks like and how to export it, instead of a rejection per line.
public enum ContentSniff {
    /// How many bytes at the start of a file are looked at for NUL bytes.
    public static let length = 4096

    /// Why `file` (its workspace path) cannot be read as `format` in `encoding`, from its first
    /// bytes (up to `length`, fewer only when the file is shorter); nil when nothing is wrong.
    public static func refusal(of bytes: ArraySlice<UInt8>, file: String, format: Dataset.Format,
                               encoding: Dataset.CSVOptions.Encoding) -> String? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let kind = format == .auto ? "text" : format == .ndjson ? "NDJSON" : format.rawValue.uppercased()
        let export = format == .csv ? "export it as CSV (File > Save As > CSV UTF-8)" : "export its data as \(kind)"
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            if format == .csv { return "\(name) looks like an Excel workbook (.xlsx), not CSV; \(export)" }
            return "\(name) looks like an Excel workbook (.xlsx) or another ZIP archive, not \(kind); "
                + "unzip it or \(export)"
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "\(name) looks like an Excel 97-2003 workbook (.xls), not \(kind); \(export)"
        }
        if bytes.starts(with: [0x1F, 0x8B]) {
            return "\(name) is gzip-compressed, not \(kind); name it \(name).gz and cohort decompresses it as it "
                + "reads it"
        }
        if bytes.starts(with: Array("%PDF-".utf8)) {
            return "\(name) is a PDF document, not \(kind); cohort cannot read data from a PDF: \(export) from where "
                + "it came from"
        }
        let declaresUTF16 = format == .csv && encoding == .utf16
        guard !declaresUTF16 else { return nil }
        let encodingHint = format == .csv
            ? "set the dataset's csv \"encoding\": \"utf-16\", or save the file as UTF-8" : "save the file as UTF-8"
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return "\(name) is UTF-16 text (it starts with a UTF-16 byte order mark), which the dataset does not "
                + "declare; \(encodingHint)"
        }
        if let nul = bytes.prefix(length).firstIndex(of: 0) {
            return "\(name) holds a NUL byte (at byte offset \(nul - bytes.startIndex)), so it is a binary file, "
                + "not \(kind); if it is UTF-16 text, \(encodingHint)"
        }
        return nil
    }
}
