/// Finds where in the file each piece of a document that libxml2 has already accepted is written,
/// and decodes its text and attribute values with the position of every character.
///
/// libxml2 decides what the document is (well-formedness, names, namespaces, encodings, entities);
/// it reports positions only where its parser happens to be. `XMLReader` therefore moves this
/// scanner over the same bytes in step with libxml2's events: a start tag is the next `<name` after
/// the text before it, its end tag the next `</`. The scanner never judges the document, it only
/// locates what libxml2 has read; the bytes are UTF-8 (other encodings are transcoded first, see
/// `XMLEncoding`).
struct XMLSourceScanner: ByteScanner {
    /// A start tag as written: where it and each attribute start, and the attributes' decoded values.
    struct StartTag {
        var qualifiedName: String
        var location: SourceLocation
        var offset: Int
        var attributes: [(qualifiedName: String, location: SourceLocation, value: LocatedText)]
        var isEmpty: Bool
    }

    var bytes: [UInt8] = []
    let file: String
    var index = 0
    var line = 1
    var column = 1
    /// The byte offset of `index` in the original file (which differs from `index` for a transcoded
    /// single-byte encoding, and once read bytes are dropped).
    private(set) var fileOffset = 0
    private let singleByteSource: Bool

    /// `singleByteSource`: the original file has one byte per character (ISO-8859-1, windows-1252).
    init(file: String, singleByteSource: Bool) {
        self.file = file
        self.singleByteSource = singleByteSource
    }

    mutating func append(_ chunk: [UInt8]) {
        // Keep the last read byte so that a CRLF split across a drop still counts as one line end.
        if index > 1 << 16 {
            bytes.removeFirst(index - 1)
            index = 1
        }
        bytes.append(contentsOf: chunk)
        if fileOffset == 0 && index == 0 { skipByteOrderMark() }
    }

    private mutating func skipByteOrderMark() {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            fileOffset = singleByteSource ? 0 : 3
        }
    }

    /// Moves past one byte, keeping `fileOffset` in the original file's bytes.
    private mutating func step() {
        guard index < bytes.count else { return }
        let byte = bytes[index]
        advance()
        if !singleByteSource || byte & 0xC0 != 0x80 { fileOffset += 1 }
    }

    private mutating func step(_ count: Int) {
        for _ in 0..<count { step() }
    }

    private mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { step() }
    }

    /// Reads character data, comments, processing instructions and CDATA sections up to the next
    /// start or end tag (or `<!DOCTYPE`), appending the characters to `text`. Stops at the `<`.
    mutating func readContent(into text: inout LocatedTextBuilder) {
        text.anchor(line: line, column: column)
        while index < bytes.count {
            if peek("<!--") {
                skip(past: "-->")
            } else if peek("<![CDATA[") {
                step(9)
                text.anchor(line: line, column: column)
                while index < bytes.count, !peek("]]>") { appendCharacter(to: &text, space: false) }
                step(3)
            } else if peek("<?") {
                skip(past: "?>")
            } else if peek("<") {
                return
            } else if peek("&") {
                readReference(into: &text)
            } else {
                appendCharacter(to: &text, space: false)
                continue
            }
            text.anchor(line: line, column: column)
        }
    }

    /// Reads the start tag at `<`.
    mutating func readStartTag() -> StartTag {
        let location = self.location
        let offset = fileOffset
        step()  // <
        let name = readName()
        var attributes: [(qualifiedName: String, location: SourceLocation, value: LocatedText)] = []
        while index < bytes.count {
            skipSpaces()
            if peek("/>") {
                step(2)
                return StartTag(qualifiedName: name, location: location, offset: offset, attributes: attributes, isEmpty: true)
            }
            if peek(">") {
                step()
                break
            }
            let attributeLocation = self.location
            let attributeName = readName()
            skipSpaces()
            step()  // =
            skipSpaces()
            attributes.append((attributeName, attributeLocation, readAttributeValue()))
        }
        return StartTag(qualifiedName: name, location: location, offset: offset, attributes: attributes, isEmpty: false)
    }

    /// Reads the end tag at `</`; returns where it starts.
    @discardableResult
    mutating func readEndTag() -> SourceLocation {
        let location = self.location
        skip(past: ">")
        return location
    }

    /// A quoted value, its references decoded and its line ends and tabs read as spaces (XML's
    /// attribute-value normalization, as libxml2 applies it).
    private mutating func readAttributeValue() -> LocatedText {
        let quote = index < bytes.count ? bytes[index] : 0
        step()
        var text = LocatedTextBuilder(file: file)
        text.anchor(line: line, column: column)
        while index < bytes.count, bytes[index] != quote {
            if peek("&") {
                readReference(into: &text)
                text.anchor(line: line, column: column)
            } else {
                appendCharacter(to: &text, space: true)
            }
        }
        step()
        return text.build()
    }

    /// Appends the character at `index`: a line end (LF, CRLF or CR) as one LF, or as a space in
    /// an attribute value, where a tab is a space too.
    private mutating func appendCharacter(to text: inout LocatedTextBuilder, space: Bool) {
        let byte = bytes[index]
        if byte == 0x0D || byte == 0x0A {
            step()
            if byte == 0x0D, peek(0x0A) { step() }
            text.append(space ? 0x20 : 0x0A)
            text.anchor(line: line, column: column)
        } else {
            text.append(space && byte == 0x09 ? 0x20 : byte)
            step()
        }
    }

    /// Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and character references, the only ones
    /// libxml2 accepts without a DTD.
    private mutating func readReference(into text: inout LocatedTextBuilder) {
        step()  // &
        var name: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: ";") {
            name.append(bytes[index])
            step()
        }
        step()  // ;
        let reference = String(decoding: name, as: UTF8.self)
        switch reference {
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "amp": text.append(UInt8(ascii: "&"))
        case "quot": text.append(UInt8(ascii: "\""))
        case "apos": text.append(UInt8(ascii: "'"))
        default:
            let digits = reference.dropFirst()
            let code = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            if let code, let scalar = Unicode.Scalar(code) { text.append(scalar: scalar) }
        }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: ">")].contains(bytes[index]) {
            step()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Moves to a position libxml2 reported (or the end of what was read) and says its byte offset.
    mutating func offset(movingTo line: Int, column: Int) -> Int {
        while index < bytes.count, self.line < line || (self.line == line && self.column < column) { step() }
        return fileOffset
    }

    /// Moves to a byte offset of the original file (or the end of what was read).
    mutating func move(toFileOffset offset: Int) {
        while index < bytes.count, fileOffset < offset { step() }
    }

    /// Where the last `byte` before a position libxml2 reported is, from here on.
    func location(ofLast byte: UInt8, before reported: SourceLocation) -> SourceLocation? {
        var end = self
        _ = end.offset(movingTo: reported.line, column: reported.column)
        guard let found = bytes[index..<end.index].lastIndex(of: byte) else { return nil }
        var scanner = self
        while scanner.index < found { scanner.step() }
        return scanner.location
    }

    private mutating func skip(past terminator: String) {
        while index < bytes.count, !peek(terminator) { step() }
        step(terminator.utf8.count)
    }
}
