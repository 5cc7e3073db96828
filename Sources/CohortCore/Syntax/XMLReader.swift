/// A small, safe XML 1.0 reader for definition and data files that records the position of every
/// element, attribute and character.
///
/// It never reads a DTD and never resolves an entity other than the five predefined ones and
/// character references: a `<!DOCTYPE …>` or an undefined `&name;` is an error, so no file content
/// can be pulled in through an external entity. It stops at the first error.
public struct XMLReader: ByteScanner {
    let bytes: [UInt8]
    let file: String
    var index: Int
    var line = 1
    var column = 1
    private var depth = 0

    /// Parses a whole document and returns its root element.
    public static func parse(_ bytes: [UInt8], file: String) -> Result<XMLElementNode, Diagnostic> {
        var reader = XMLReader(bytes: bytes, file: file)
        do {
            return .success(try reader.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    public static func parse(_ text: String, file: String) -> Result<XMLElementNode, Diagnostic> {
        parse(Array(text.utf8), file: file)
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        self.index = Self.startIndex(of: bytes)
    }

    private mutating func parseDocument() throws(Diagnostic) -> XMLElementNode {
        try skipMisc()
        guard index < bytes.count else { throw error("the file is empty; expected an XML element") }
        guard peek("<") else { throw error("unexpected \(describeCurrent()); expected the root element") }
        let root = try parseElement()
        try skipMisc()
        if index < bytes.count {
            throw error("unexpected \(describeCurrent()) after the root element <\(root.name)>; a document has exactly one root element")
        }
        return root
    }

    /// Skips the XML declaration, comments, processing instructions and whitespace; rejects DTDs.
    private mutating func skipMisc() throws(Diagnostic) {
        while true {
            skipWhitespace()
            if peek("<?") {
                try skip(until: "?>", what: "processing instruction")
            } else if peek("<!--") {
                try skipComment()
            } else if peek("<!DOCTYPE") || peek("<!doctype") {
                throw error("a <!DOCTYPE> declaration is not allowed: cohort never reads DTDs or entity declarations (they could read files); remove it")
            } else {
                return
            }
        }
    }

    private mutating func parseElement() throws(Diagnostic) -> XMLElementNode {
        depth += 1
        defer { depth -= 1 }
        let limit = NestingLimit.document
        if depth > limit { throw error("elements are nested more than \(limit) levels deep") }
        let start = location
        advance()  // <
        let name = try parseName(what: "an element name")
        var attributes: [XMLAttributeNode] = []
        var attributeNames: Set<String> = []
        while true {
            let hadSpace = skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside the tag <\(name)>") }
            if peek("/>") {
                advance(); advance()
                return XMLElementNode(name: name, location: start, attributes: attributes, children: [], text: LocatedText("", at: location))
            }
            if peek(">") {
                advance()
                break
            }
            guard hadSpace else { throw error("unexpected \(describeCurrent()) in the tag <\(name)>; expected whitespace, '>' or '/>'") }
            let attributeLocation = location
            let attributeName = try parseName(what: "an attribute name")
            guard attributeNames.insert(attributeName).inserted else {
                throw Diagnostic.error(at: attributeLocation, "the attribute \(attributeName) appears twice in <\(name)>")
            }
            skipWhitespace()
            guard peek("=") else { throw error("unexpected \(describeCurrent()); expected '=' after the attribute name \(attributeName)") }
            advance()
            skipWhitespace()
            let value = try parseAttributeValue()
            attributes.append(XMLAttributeNode(name: attributeName, location: attributeLocation, value: value))
        }
        var children: [XMLElementNode] = []
        var text = LocatedTextBuilder(file: file)
        text.anchor(line: line, column: column)
        while true {
            guard index < bytes.count else {
                throw Diagnostic.error(at: start, "unexpected end of file; <\(name)> opened here is never closed with </\(name)>")
            }
            if peek("</") {
                let closeLocation = location
                advance(); advance()
                let closeName = try parseName(what: "an element name")
                skipWhitespace()
                guard peek(">") else { throw error("unexpected \(describeCurrent()); expected '>' to end </\(closeName)>") }
                advance()
                guard closeName == name else {
                    throw Diagnostic.error(at: closeLocation, "</\(closeName)> does not match <\(name)> opened at line \(start.line), column \(start.column); expected </\(name)>")
                }
                return XMLElementNode(name: name, location: start, attributes: attributes, children: children, text: text.build())
            } else if peek("<!--") {
                try skipComment()
                text.anchor(line: line, column: column)
            } else if peek("<![CDATA[") {
                for _ in 0..<9 { advance() }
                text.anchor(line: line, column: column)
                while !peek("]]>") {
                    guard index < bytes.count else { throw error("unexpected end of file inside a CDATA section; expected ]]>") }
                    text.append(bytes[index])
                    advance()
                }
                advance(); advance(); advance()
                text.anchor(line: line, column: column)
            } else if peek("<!DOCTYPE") || peek("<!ENTITY") || peek("<!") {
                throw error("markup declarations (<!DOCTYPE>, <!ENTITY>) are not allowed: cohort never reads DTDs or entities; remove it")
            } else if peek("<?") {
                try skip(until: "?>", what: "processing instruction")
                text.anchor(line: line, column: column)
            } else if peek("<") {
                children.append(try parseElement())
                text.anchor(line: line, column: column)
            } else if peek("&") {
                try parseReference(into: &text)
                text.anchor(line: line, column: column)
            } else {
                if peek("]]>") { throw error("']]>' is not allowed in text; escape '>' as &gt;") }
                text.append(bytes[index])
                advance()
            }
        }
    }

    private mutating func parseAttributeValue() throws(Diagnostic) -> LocatedText {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw error("unexpected \(describeCurrent()); an attribute value must be in double or single quotes")
        }
        let quote = bytes[index]
        let open = location
        advance()
        var text = LocatedTextBuilder(file: file)
        text.anchor(line: line, column: column)
        while true {
            guard index < bytes.count else { throw Diagnostic.error(at: open, "unexpected end of file; the attribute value that starts here is not closed") }
            let byte = bytes[index]
            if byte == quote { advance(); return text.build() }
            if byte == UInt8(ascii: "<") { throw error("'<' is not allowed in an attribute value; write &lt;") }
            if byte == UInt8(ascii: "&") {
                try parseReference(into: &text)
                text.anchor(line: line, column: column)
                continue
            }
            text.append(byte)
            advance()
        }
    }

    /// Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;` `&#x…;`; any other entity is an error.
    private mutating func parseReference(into text: inout LocatedTextBuilder) throws(Diagnostic) {
        let start = location
        advance()  // &
        var name: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), name.count < 32 {
            let byte = bytes[index]
            guard isNameByte(byte) || byte == UInt8(ascii: "#") else { break }
            name.append(byte)
            advance()
        }
        guard peek(";") else {
            throw Diagnostic.error(at: start, "'&' must start an entity reference such as &amp; (write a literal ampersand as &amp;)")
        }
        advance()
        let reference = String(decoding: name, as: UTF8.self)
        switch reference {
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "amp": text.append(UInt8(ascii: "&"))
        case "quot": text.append(UInt8(ascii: "\""))
        case "apos": text.append(UInt8(ascii: "'"))
        default:
            if reference.hasPrefix("#") {
                let digits = reference.dropFirst()
                let code = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let code, let scalar = Unicode.Scalar(code), code != 0 else {
                    throw Diagnostic.error(at: start, "&\(reference); is not a valid character reference")
                }
                text.append(scalar: scalar)
            } else {
                throw Diagnostic.error(at: start, "undefined entity &\(reference);: only &lt; &gt; &amp; &quot; &apos; and character references are allowed (cohort never resolves other entities)")
            }
        }
    }

    private mutating func parseName(what: String) throws(Diagnostic) -> String {
        let start = index
        while index < bytes.count, isNameByte(bytes[index]) { advance() }
        guard index > start else { throw error("unexpected \(describeCurrent()); expected \(what)") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return byte >= 0x80
        }
    }

    private mutating func skipComment() throws(Diagnostic) {
        try skip(until: "-->", what: "comment")
    }

    private mutating func skip(until terminator: String, what: String) throws(Diagnostic) {
        let start = location
        while !peek(terminator) {
            guard index < bytes.count else {
                throw Diagnostic.error(at: start, "unexpected end of file; the \(what) that starts here is not closed with \(terminator)")
            }
            advance()
        }
        for _ in terminator.utf8 { advance() }
    }
}
