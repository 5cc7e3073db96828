import CLibXML2

/// Reads XML definition and data files with libxml2's SAX2 push parser, and records the position
/// of every element, attribute and character (see `XMLSourceScanner`).
///
/// This stays pure: libxml2 parses bytes the caller already holds in memory and is never given a
/// path to open. It never reads a DTD and never resolves an entity other than the five predefined
/// ones and character references: a `<!DOCTYPE …>` stops the parse as an error (so no external
/// entity can pull a file in and no entity can expand a billion times), an undefined `&name;` is an
/// error, and `XML_PARSE_NONET` forbids the network. Elements and attributes are known by their
/// local names, with their namespace URI kept. It stops at the first error.
public enum XMLReader {
    /// Parses a whole document and returns its root element.
    public static func parse(_ bytes: [UInt8], file: String) -> Result<XMLElementNode, Diagnostic> {
        let parser = XMLEventParser(file: file, streamsRecords: false)
        var events = parser.feed(bytes)
        events += parser.finish()
        for case .failure(let diagnostic, _) in events { return .failure(diagnostic) }
        for case .root(let root) in events { return .success(root) }
        return .failure(.error(at: .start(of: file), "the file is empty; expected an XML element"))
    }

    public static func parse(_ text: String, file: String) -> Result<XMLElementNode, Diagnostic> {
        parse(Array(text.utf8), file: file)
    }
}

/// What `XMLEventParser` has read.
enum XMLEvent {
    /// A whole child of the root (when streaming records), and the offset in the file where it starts.
    case record(XMLElementNode, offset: Int)
    /// Text directly inside the root before the next record or the root's end (when streaming records).
    case rootText(LocatedText)
    /// The root element, at its end (holding its children unless they were streamed as records).
    case root(XMLElementNode)
    /// The first error; nothing follows it.
    case failure(Diagnostic, offset: Int)
}

/// Feeds bytes chunk by chunk through libxml2 and turns its SAX2 events into located elements.
/// When `streamsRecords`, each child of the root is handed out as soon as it closes and not kept.
final class XMLEventParser {
    private struct OpenElement {
        var node: XMLElementNode
        var text: LocatedTextBuilder
        var offset: Int
        var isEmpty: Bool
    }

    private let file: String
    private let streamsRecords: Bool
    private var context: xmlParserCtxtPtr?
    private var scanner: XMLSourceScanner?
    private var encoding: XMLEncoding = .utf8
    /// The first bytes, kept until the encoding can be told from them.
    private var head: [UInt8] = []
    /// Bytes not yet given to libxml2: less than a block (see `blockSize`).
    private var pending: [UInt8] = []
    private var open: [OpenElement] = []
    private var events: [XMLEvent] = []
    private var failed = false
    /// The root element's local name, once its start tag is read.
    private(set) var rootName: String?

    /// Where the record being read starts (when streaming records), and its offset in the file.
    var openRecord: (location: SourceLocation, offset: Int)? {
        open.count >= 2 ? (open[1].node.location, open[1].offset) : nil
    }

    /// libxml2's global set-up, which must run once before parsers run on several threads.
    private static let libraryInitialized: Void = xmlInitParser()

    init(file: String, streamsRecords: Bool) {
        self.file = file
        self.streamsRecords = streamsRecords
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    func feed(_ chunk: [UInt8]) -> [XMLEvent] {
        guard !failed else { return [] }
        if scanner == nil {
            head += chunk
            guard head.count >= 256 else { return [] }
            start()
            return take()
        }
        parse(chunk, last: false)
        return take()
    }

    func finish() -> [XMLEvent] {
        guard !failed else { return [] }
        if scanner == nil { start() }
        parse([], last: true)
        return take()
    }

    private func take() -> [XMLEvent] {
        defer { events = [] }
        return events
    }

    private func start() {
        switch XMLEncoding.detect(head) {
        case .failure(let refusal):
            fail(.error(at: .start(of: file), refusal.message), offset: 0)
            return
        case .success(let detected):
            encoding = detected
        }
        scanner = XMLSourceScanner(file: file, singleByteSource: encoding != .utf8)
        _ = Self.libraryInitialized
        var handler = Self.handler()
        // No file name: libxml2 would only use it to resolve external entities, which it never loads.
        context = xmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(self).toOpaque(), nil, 0, nil)
        guard context != nil else {
            fail(.error(at: .start(of: file), "libxml2 could not start a parser"), offset: 0)
            return
        }
        // No XML_PARSE_NOENT (entities stay unexpanded), XML_PARSE_DTDLOAD or XML_PARSE_HUGE.
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        let bytes = head
        head = []
        parse(bytes, last: false)
    }

    /// libxml2's push parser gets the file in blocks of this many bytes at fixed offsets, whatever chunks
    /// the file arrives in: how far it gets, and so where it places an error, depends on where the chunks
    /// it is given end, and the same file must read the same however it was split.
    private static let blockSize = 1 << 12

    private func parse(_ bytes: [UInt8], last: Bool) {
        guard let context, !failed else { return }
        pending += bytes
        var offset = 0
        while !failed {
            let remaining = pending.count - offset
            guard remaining >= Self.blockSize || last else { break }
            let end = offset + min(remaining, Self.blockSize)
            let isLast = last && end == pending.count
            let chunk = Array(pending[offset..<end])
            scanner?.append(encoding.utf8(chunk))
            _ = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { xmlParseChunk(context, $0.baseAddress, Int32($0.count), isLast ? 1 : 0) }
            }
            offset = end
            if isLast { break }
        }
        pending.removeFirst(offset)
    }

    private func fail(_ diagnostic: Diagnostic, offset: Int) {
        guard !failed else { return }
        failed = true
        events.append(.failure(diagnostic, offset: offset))
        if let context { xmlStopParser(context) }
    }

    // MARK: SAX2 events

    private func startElement(localName: String, qualifiedName: String, namespace: String?,
                              attributes: [(localName: String, qualifiedName: String, namespace: String?)]) {
        guard !failed, var scanner else { return }
        var text = open.last?.text ?? LocatedTextBuilder(file: file)
        scanner.readContent(into: &text)
        let tag = scanner.readStartTag()
        self.scanner = scanner
        if !open.isEmpty { open[open.count - 1].text = text }
        if open.count >= NestingLimit.document {
            fail(.error(at: tag.location, "elements are nested more than \(NestingLimit.document) levels deep"), offset: tag.offset)
            return
        }
        // The scanned tag lists namespace declarations too; libxml2 lists the other attributes in order.
        let written = tag.attributes.filter { $0.qualifiedName != "xmlns" && !$0.qualifiedName.hasPrefix("xmlns:") }
        guard tag.qualifiedName == qualifiedName, written.map(\.qualifiedName) == attributes.map(\.qualifiedName) else {
            fail(.error(at: tag.location, "cohort could not locate <\(qualifiedName)> in the file; please report this file"), offset: tag.offset)
            return
        }
        var nodeAttributes: [XMLAttributeNode] = []
        for (scanned, read) in zip(written, attributes) {
            nodeAttributes.append(XMLAttributeNode(name: read.localName, namespace: read.namespace, location: scanned.location, value: scanned.value))
        }
        if streamsRecords && open.count == 1 { handOutRootText() }
        if open.isEmpty { rootName = localName }
        var elementText = LocatedTextBuilder(file: file)
        if tag.isEmpty { elementText.anchor(line: scanner.line, column: scanner.column) }
        let node = XMLElementNode(name: localName, namespace: namespace, location: tag.location, attributes: nodeAttributes, children: [],
                                  text: elementText.build())
        open.append(OpenElement(node: node, text: elementText, offset: tag.offset, isEmpty: tag.isEmpty))
    }

    private func endElement() {
        guard !failed, var element = open.popLast() else { return }
        if !element.isEmpty, var scanner {
            scanner.readContent(into: &element.text)
            scanner.readEndTag()
            self.scanner = scanner
        }
        element.node.text = element.text.build()
        if open.isEmpty {
            if streamsRecords { handOutRootText(from: element.text) }
            events.append(.root(element.node))
        } else if streamsRecords && open.count == 1 {
            events.append(.record(element.node, offset: element.offset))
        } else {
            open[open.count - 1].node.children.append(element.node)
        }
    }

    /// Hands out the root's text read so far, when it is more than whitespace, and starts it afresh.
    private func handOutRootText(from builder: LocatedTextBuilder? = nil) {
        guard let root = builder ?? open.first?.text else { return }
        let text = root.build().trimmed()
        if !text.text.isEmpty { events.append(.rootText(text)) }
        if !open.isEmpty {
            open[0].text = LocatedTextBuilder(file: file)
        }
    }

    private func doctype() {
        guard !failed, var scanner else { return }
        var prolog = LocatedTextBuilder(file: file)
        scanner.readContent(into: &prolog)
        fail(.error(at: scanner.location, "a <!DOCTYPE> declaration is not allowed: cohort never reads DTDs or entity declarations (they could read files); remove it"),
             offset: scanner.fileOffset)
    }

    /// Turns libxml2's first error into a diagnostic. libxml2 reports where its parser stopped;
    /// for the mistakes people make most, the scanner finds where the mistake starts instead, and
    /// the message says what would be right.
    private func error(_ error: xmlError) {
        guard !failed, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) }?.trimmingWhitespace() ?? "the XML is malformed"
        let first = error.str1.map { String(cString: $0) } ?? ""
        let second = error.str2.map { String(cString: $0) } ?? ""
        // libxml2's own line count misses a lone CR in some places; its byte offset, located by the
        // scanner, counts lines as every other position of cohort does.
        var reported = SourceLocation(file: file, line: max(1, Int(error.line)), column: max(1, Int(error.int2)))
        if let context, var at = scanner {
            let consumed = Int(xmlByteConsumed(context))
            if consumed >= at.fileOffset {
                at.move(toFileOffset: consumed)
                reported = at.location
            }
        }
        // Some messages start with the libxml2 function that raised them ("xmlParseCharRef: …").
        let plain = message.firstRange(of: ": ").map { range in
            message[..<range.lowerBound].contains(" ") ? message : String(message[range.upperBound...])
        } ?? message
        var (location, text) = (reported, plain.prefix(1).lowercased() + plain.dropFirst())
        // What comes next in the file: the markup libxml2 stopped in or after.
        var ahead = scanner
        var skipped = LocatedTextBuilder(file: file)
        ahead?.readContent(into: &skipped)
        switch UInt32(error.code) {
        case XML_ERR_DOCUMENT_EMPTY.rawValue,
             XML_ERR_DOCUMENT_END.rawValue where rootName == nil:
            let stray = skipped.build().trimmed()
            if stray.text.isEmpty {
                (location, text) = (SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected an XML element")
            } else {
                (location, text) = (stray.location, "unexpected text before the root element; an XML file starts with its root element, such as <segment>")
            }
        case XML_ERR_DOCUMENT_END.rawValue where !open.isEmpty:
            let element = open[open.count - 1].node
            if streamsRecords {
                // The records before the end were handed on already: the problem goes where the file ends.
                // That is the end of what the scanner holds (libxml2 reports this at the last block, when
                // every byte was appended). libxml2's consumed offset, which the general path uses, is the
                // same however the file was split (it gets fixed blocks), but inside unfinished content (an
                // unclosed CDATA section, a comment) it is wherever libxml2 stopped looking, somewhere in
                // that content, not the end of file this message is about.
                if var end = scanner {
                    end.move(toFileOffset: Int.max)
                    location = end.location
                }
                text = "unexpected end of file; <\(element.name)> opened at line \(element.location.line), "
                    + "column \(element.location.column) is never closed with </\(element.name)>"
            } else {
                (location, text) = (element.location, "unexpected end of file; <\(element.name)> opened here is never closed with </\(element.name)>")
            }
        case XML_ERR_DOCUMENT_END.rawValue:
            text = "unexpected \(found(at: reported)) after the root element <\(rootName ?? "")>; a document has exactly one root element"
        case XML_ERR_TAG_NAME_MISMATCH.rawValue:
            let opened = open.last?.node.location
            location = ahead?.location ?? reported
            text = "</\(second)> does not match <\(first)> opened at line \(opened?.line ?? 0), column \(opened?.column ?? 0); expected </\(first)>"
        case XML_ERR_ATTRIBUTE_REDEFINED.rawValue:
            if let tag = ahead?.readStartTag() {
                var seen: Set<String> = []
                let repeated = tag.attributes.first { !seen.insert($0.qualifiedName).inserted }
                location = repeated?.location ?? reported
                text = "the attribute \(repeated?.qualifiedName ?? first) appears twice in <\(tag.qualifiedName)>"
            }
        case XML_ERR_NAME_REQUIRED.rawValue where message.contains("invalid element name"):
            text = "unexpected \(found(at: reported)) after '<'; expected an element name (write a literal '<' as &lt;)"
        case XML_NS_ERR_UNDEFINED_NAMESPACE.rawValue:
            location = ahead?.location ?? reported
            let prefix = message.split(separator: " ").dropFirst(2).first.map(String.init) ?? first
            text = "the namespace prefix \(prefix) is not declared; declare it on this element or an outer one (xmlns:\(prefix)=\"…\") or drop the prefix"
        case XML_ERR_NAME_REQUIRED.rawValue where message.contains("attribute name"):
            text = "unexpected \(found(at: reported)) in the tag; expected an attribute name, '>' or '/>'"
        case XML_ERR_GT_REQUIRED.rawValue:
            text = "unexpected \(found(at: reported)); expected '>'"
        case XML_ERR_INVALID_CHAR.rawValue where message.hasPrefix("xmlParseCharRef"):
            location = scanner?.location(ofLast: UInt8(ascii: "&"), before: reported) ?? reported
            text = "this character reference is not a character XML allows (\(plain))"
        case XML_ERR_ATTRIBUTE_NOT_STARTED.rawValue:
            text = "unexpected \(found(at: reported)); an attribute value must be in double or single quotes"
        case XML_ERR_SPACE_REQUIRED.rawValue where message.hasPrefix("attributes construct error"):
            let name = ahead.map { var tag = $0; return tag.readStartTag().qualifiedName } ?? ""
            text = "unexpected \(found(at: reported)) in the tag <\(name)>; expected whitespace, '>' or '/>'"
        case XML_ERR_UNDECLARED_ENTITY.rawValue, XML_WAR_UNDECLARED_ENTITY.rawValue:
            location = scanner?.location(ofLast: UInt8(ascii: "&"), before: reported) ?? reported
            text = "undefined entity &\(first);: only &lt; &gt; &amp; &quot; &apos; and character references are allowed (cohort never resolves other entities)"
        case XML_ERR_ENTITYREF_SEMICOL_MISSING.rawValue, XML_ERR_ENTITYREF_NO_NAME.rawValue:
            location = scanner?.location(ofLast: UInt8(ascii: "&"), before: reported) ?? reported
            text = "'&' must start an entity reference such as &amp; (write a literal ampersand as &amp;)"
        case XML_ERR_INVALID_ENCODING.rawValue where encoding == .utf8, XML_ERR_INVALID_CHAR.rawValue where message.contains("UTF-8"):
            text = "the file is not valid UTF-8 here; save it as UTF-8, or declare its encoding (<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>)"
        case XML_ERR_INTERNAL_ERROR.rawValue where message.hasPrefix("Excessive depth"):
            text = "elements are nested more than \(NestingLimit.document) levels deep"
        default:
            if let ahead, ahead.peek("<!"), ahead.location == reported {
                text = "markup declarations (<!DOCTYPE>, <!ENTITY>) are not allowed: cohort never reads DTDs or entities; remove it"
            }
        }
        var offset = 0
        if var scanner {
            offset = scanner.offset(movingTo: location.line, column: location.column)
            self.scanner = scanner
        }
        fail(.error(at: location, text), offset: offset)
    }

    /// The character at a position libxml2 reported, for a message: `'x'`, `byte 0x1f` or `end of file`.
    private func found(at location: SourceLocation) -> String {
        guard var scanner else { return "text" }
        _ = scanner.offset(movingTo: location.line, column: location.column)
        return scanner.peek(0x20) ? "' ' (a space)" : scanner.describeCurrent()
    }

    /// The callbacks, which find this parser through libxml2's user data.
    private static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { user, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let user, let localName else { return }
            var read: [(localName: String, qualifiedName: String, namespace: String?)] = []
            for index in 0..<Int(max(0, attributeCount)) {
                guard let name = attributes?[index * 5] else { continue }
                let local = String(cString: name)
                let prefix = attributes?[index * 5 + 1].map { String(cString: $0) }
                read.append((local, prefix.map { "\($0):\(local)" } ?? local, attributes?[index * 5 + 2].map { String(cString: $0) }))
            }
            let local = String(cString: localName)
            let qualified = prefix.map { "\(String(cString: $0)):\(local)" } ?? local
            XMLEventParser.parser(user).startElement(localName: local, qualifiedName: qualified, namespace: uri.map { String(cString: $0) }, attributes: read)
        }
        handler.endElementNs = { user, _, _, _ in
            guard let user else { return }
            XMLEventParser.parser(user).endElement()
        }
        handler.internalSubset = { user, _, _, _ in
            guard let user else { return }
            XMLEventParser.parser(user).doctype()
        }
        handler.serror = { user, error in
            guard let user, let error else { return }
            XMLEventParser.parser(user).error(error.pointee)
        }
        return handler
    }

    private static func parser(_ user: UnsafeMutableRawPointer) -> XMLEventParser {
        Unmanaged<XMLEventParser>.fromOpaque(user).takeUnretainedValue()
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
