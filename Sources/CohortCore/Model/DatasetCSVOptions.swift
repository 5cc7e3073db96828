extension Dataset {
    /// How a dataset's CSV files are written (the dataset's `csv` object): one ASCII character
    /// each for the delimiter and the quote, whether the first row is a header (else `columns` names
    /// the columns in order), and the text encoding, decoded to UTF-8 as the file is read.
    public struct CSVOptions: Equatable, Sendable {
        /// The text encodings a CSV file may be in.
        public enum Encoding: String, CaseIterable, Sendable {
            case utf8 = "utf-8"
            case latin1
            case windows1252 = "windows-1252"
            case utf16 = "utf-16"

            /// The encoding's usual name, for messages (`UTF-8`, `Latin-1`, …).
            public var displayName: String {
                switch self {
                case .utf8: return "UTF-8"
                case .latin1: return "Latin-1"
                case .windows1252: return "Windows-1252"
                case .utf16: return "UTF-16"
                }
            }
        }

        public var delimiter: UInt8
        public var quote: UInt8
        /// Whether the file's first row names its columns.
        public var header: Bool
        /// The columns' names, in order, when there is no header row; empty otherwise.
        public var columns: [String]
        public var encoding: Encoding

        /// RFC 4180 as most tools write it: comma, double quote, a header row, UTF-8.
        public static let standard = CSVOptions()

        public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""), header: Bool = true,
                    columns: [String] = [], encoding: Encoding = .utf8) {
            self.delimiter = delimiter
            self.quote = quote
            self.header = header
            self.columns = columns
            self.encoding = encoding
        }
    }
}
