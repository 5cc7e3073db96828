/// One object of a definition file — a JSON object or an XML element — read key by key.
///
/// Both forms answer the same questions, so each kind's loader is written once and a definition
/// written in JSON loads to the same model as the same definition written in XML. In XML a scalar
/// is an attribute or a child element's text, a list is repeated child elements (optionally inside a
/// wrapper element named after the key) or a comma-separated attribute, and an object is a child
/// element. Type errors and missing keys are recorded in the sink; keys never read are reported as
/// unknown by `finish()`.
final class DefinitionObject {
    private enum Node {
        case json(JSONNode, [JSONMember])
        case xml(XMLElementNode)
    }

    private let node: Node
    let sink: DiagnosticSink
    /// Every key a loader asked for, present or not: what the object's kind knows.
    private(set) var readKeys: Set<String> = []

    /// Wraps a JSON value, reporting an error if it is not an object.
    init?(json: JSONNode, sink: DiagnosticSink, what: String) {
        guard let members = json.members else {
            sink.error(json.location, "\(what) must be a JSON object, found \(json.kindDescription)", code: .badValue)
            return nil
        }
        self.node = .json(json, members)
        self.sink = sink
    }

    init(xml: XMLElementNode, sink: DiagnosticSink) {
        self.node = .xml(xml)
        self.sink = sink
    }

    var location: SourceLocation {
        switch node {
        case .json(let json, _): return json.location
        case .xml(let element): return element.location
        }
    }

    var isXML: Bool {
        if case .xml = node { return true }
        return false
    }

    /// The XML element behind this object, for the few forms that differ structurally.
    var xmlElement: XMLElementNode? {
        if case .xml(let element) = node { return element }
        return nil
    }

    /// The JSON value behind this object, for the few forms that differ structurally.
    var jsonNode: JSONNode? {
        if case .json(let json, _) = node { return json }
        return nil
    }

    /// Whether the key is present at all.
    func has(_ key: String) -> Bool {
        switch node {
        case .json(_, let members): return members.contains { $0.key == key }
        case .xml(let element): return element.attribute(key) != nil || !element.children(named: key).isEmpty
        }
    }

    /// Marks keys as known and deliberately ignored (no unknown-key warning).
    func ignore(_ keys: String...) {
        ignore(keys)
    }

    func ignore(_ keys: [String]) {
        readKeys.formUnion(keys)
    }

    // MARK: Scalars

    /// A string value as decoded text with positions.
    func text(_ key: String) -> LocatedText? {
        scalar(key)?.text
    }

    /// A string value with the position of its first character (a JSON string's or XML attribute's quote).
    func string(_ key: String) -> Located<String>? {
        scalar(key).map { Located($0.text.text, at: $0.location, end: Self.end(of: $0.text, writtenAt: $0.location)) }
    }

    /// A string value: its decoded text, and where the value starts.
    private func scalar(_ key: String) -> (text: LocatedText, location: SourceLocation)? {
        readKeys.insert(key)
        switch node {
        case .json(_, let members):
            guard let member = members.first(where: { $0.key == key }) else { return nil }
            if case .null = member.value.value { return nil }
            guard let text = member.value.stringValue else {
                sink.error(member.value.location, "`\(key)` must be a string, found \(member.value.kindDescription)", code: .badValue)
                return nil
            }
            return (text, member.value.location)
        case .xml(let element):
            return xmlScalar(key, in: element)
        }
    }

    /// A string that must be present; reports "missing" at the object when it is not.
    func requiredString(_ key: String, what: String) -> Located<String>? {
        if let value = string(key) { return value }
        if !has(key) { sink.error(location, "missing `\(key)`: \(what)", code: .missingKey, hint: "add `\(key)`: \(what)") }
        return nil
    }

    func bool(_ key: String) -> Bool? {
        readKeys.insert(key)
        switch jsonScalar(key) {
        case .some(let member):
            if case .bool(let value) = member.value.value { return value }
            if case .null = member.value.value { return nil }
            sink.error(member.value.location, "`\(key)` must be true or false, found \(member.value.kindDescription)", code: .badValue)
            return nil
        case nil:
            guard let (text, location) = xmlText(key) else { return nil }
            switch text.text {
            case "true": return true
            case "false": return false
            default:
                sink.error(location, "`\(key)` must be true or false, found \"\(text.text)\"", code: .badValue)
                return nil
            }
        }
    }

    func integer(_ key: String) -> Located<Int>? {
        guard let (literal, at) = numberLiteral(key, expected: "a whole number") else { return nil }
        guard let value = Int(literal) else {
            if NumberRange.isIntegerLiteral(literal) {
                sink.error(at, "`\(key)` is \(literal), which \(NumberRange.integerOverflow)", code: .badValue)
                return nil
            }
            sink.error(at, "`\(key)` must be a whole number, found \(literal)", code: .badValue)
            return nil
        }
        return Located(value, at: at)
    }

    func number(_ key: String) -> Located<Double>? {
        guard let (literal, at) = numberLiteral(key, expected: "a number") else { return nil }
        guard let value = Double(literal), value.isFinite else {
            if NumberRange.overflowsDouble(literal) {
                sink.error(at, "`\(key)` is \(literal), which \(NumberRange.doubleOverflow)", code: .badValue)
                return nil
            }
            sink.error(at, "`\(key)` must be a number, found \(literal)", code: .badValue)
            return nil
        }
        return Located(value, at: at)
    }

    private func numberLiteral(_ key: String, expected: String) -> (String, SourceLocation)? {
        readKeys.insert(key)
        if let member = jsonScalar(key) {
            switch member.value.value {
            case .number(let literal): return (literal, member.value.location)
            case .null: return nil
            default:
                sink.error(member.value.location, "`\(key)` must be \(expected), found \(member.value.kindDescription)", code: .badValue)
                return nil
            }
        }
        guard let (text, location) = xmlText(key) else { return nil }
        return (text.text, location)
    }

    /// A value from a fixed set, with the allowed values (and a close one) named when it is wrong.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, of type: Choice.Type) -> Located<Choice>? where Choice.RawValue == String {
        guard let raw = string(key) else { return nil }
        if let value = Choice(rawValue: raw.value) { return Located(value, at: raw.location) }
        let allowed = Choice.allCases.map(\.rawValue)
        let expected = "expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))"
        sink.error(raw.location, "`\(key)` cannot be \"\(raw.value)\"; \(expected)\(Suggestion.hint(for: raw.value, in: allowed))",
                   code: .badValue, hint: Suggestion.advice(for: raw.value, in: allowed) ?? expected)
        return nil
    }

    // MARK: Lists and objects

    /// A list of strings: a JSON array, or in XML a comma-separated attribute or repeated elements.
    func strings(_ key: String, xmlElement: String) -> [Located<String>]? {
        readKeys.insert(key)
        switch node {
        case .json(_, let members):
            guard let member = members.first(where: { $0.key == key }) else { return nil }
            guard let elements = member.value.elements else {
                sink.error(member.value.location, "`\(key)` must be an array of strings, found \(member.value.kindDescription)", code: .badValue)
                return nil
            }
            return elements.compactMap { element in
                guard let text = element.stringValue else {
                    sink.error(element.location, "each entry of `\(key)` must be a string, found \(element.kindDescription)", code: .badValue)
                    return nil
                }
                return Located(text.text, at: element.location, end: Self.end(of: text, writtenAt: element.location))
            }
        case .xml(let element):
            if let attribute = element.attribute(key) {
                return splitCommaList(attribute.value)
            }
            let items = xmlItems(key, itemName: xmlElement, in: element)
            guard let items else { return nil }
            return items.compactMap { item in
                let text = item.text.trimmed()
                guard !text.text.isEmpty else {
                    sink.error(item.location, "<\(item.name)> must contain a value", code: .badValue)
                    return nil
                }
                return Located(text.text, at: text.location, end: text.end)
            }
        }
    }

    /// A nested object: a JSON object, or an XML child element.
    func object(_ key: String, what: String) -> DefinitionObject? {
        readKeys.insert(key)
        switch node {
        case .json(_, let members):
            guard let member = members.first(where: { $0.key == key }) else { return nil }
            if case .null = member.value.value { return nil }
            return DefinitionObject(json: member.value, sink: sink, what: "`\(key)` (\(what))")
        case .xml(let element):
            let matches = element.children(named: key)
            if matches.count > 1 {
                sink.error(matches[1].location, "<\(key)> may appear only once in <\(element.name)>")
            }
            return matches.first.map { DefinitionObject(xml: $0, sink: sink) }
        }
    }

    /// A list of objects: a JSON array of objects, or repeated XML elements.
    func objects(_ key: String, xmlElement: String, what: String) -> [DefinitionObject]? {
        readKeys.insert(key)
        switch node {
        case .json(_, let members):
            guard let member = members.first(where: { $0.key == key }) else { return nil }
            guard let elements = member.value.elements else {
                sink.error(member.value.location, "`\(key)` must be an array of \(what), found \(member.value.kindDescription)", code: .badValue)
                return nil
            }
            return elements.compactMap { DefinitionObject(json: $0, sink: sink, what: "each entry of `\(key)`") }
        case .xml(let element):
            return xmlItems(key, itemName: xmlElement, in: element)?.map { DefinitionObject(xml: $0, sink: sink) }
        }
    }

    /// A string-to-string map: a JSON object, or repeated XML elements with a key and a value attribute.
    func stringMap(_ key: String, xmlElement: String, xmlKey: String, xmlValue: String) -> [(key: Located<String>, value: Located<String>)]? {
        readKeys.insert(key)
        switch node {
        case .json(_, let members):
            guard let member = members.first(where: { $0.key == key }) else { return nil }
            guard let entries = member.value.members else {
                sink.error(member.value.location, "`\(key)` must be an object of names to strings, found \(member.value.kindDescription)", code: .badValue)
                return nil
            }
            return entries.compactMap { entry in
                guard let text = entry.value.stringValue else {
                    sink.error(entry.value.location, "the value of \"\(entry.key)\" in `\(key)` must be a string, found \(entry.value.kindDescription)", code: .badValue)
                    return nil
                }
                let value = Located(text.text, at: entry.value.location, end: Self.end(of: text, writtenAt: entry.value.location))
                return (Located(entry.key, at: entry.keyLocation), value)
            }
        case .xml(let element):
            return xmlItems(key, itemName: xmlElement, in: element)?.compactMap { item in
                let entry = DefinitionObject(xml: item, sink: sink)
                let name = entry.requiredString(xmlKey, what: "the name being mapped")
                let value = entry.requiredString(xmlValue, what: "what \(xmlKey) maps to")
                entry.finish()
                guard let name, let value else { return nil }
                return (name, value)
            }
        }
    }

    // MARK: Unknown keys

    /// Warns about every key that no loader read, except those starting with one of `ignoredPrefixes`.
    func finish(ignoringPrefixes ignoredPrefixes: [String] = []) {
        func isKnown(_ key: String) -> Bool {
            readKeys.contains(key) || ignoredPrefixes.contains { key.hasPrefix($0) }
        }
        func report(_ key: String, at location: SourceLocation, as what: String, width: Int) {
            sink.unknown(UnknownKey(location: location, subject: "\(what) `\(key)`", advice: Suggestion.advice(for: key, in: readKeys),
                                    end: location.advanced(by: width)))
        }
        switch node {
        case .json(_, let members):
            for member in members where !isKnown(member.key) {
                report(member.key, at: member.keyLocation, as: "key", width: member.key.unicodeScalars.count + 2)
            }
        case .xml(let element):
            // Namespace declarations are not attributes, and attributes in a namespace (such as
            // xsi:noNamespaceSchemaLocation) belong to other tools.
            for attribute in element.attributes where attribute.namespace == nil && !isKnown(attribute.name) {
                report(attribute.name, at: attribute.location, as: "attribute", width: attribute.name.unicodeScalars.count)
            }
            for child in element.children where !isKnown(child.name) {
                report(child.name, at: child.location, as: "element <\(child.name)>, key", width: child.name.unicodeScalars.count + 1)
            }
        }
    }

    // MARK: Helpers

    /// Where a value written at `location` ends: after its text, and after its closing quote when
    /// `location` is its opening quote (a JSON string, an XML attribute) rather than its first character.
    private static func end(of text: LocatedText, writtenAt location: SourceLocation) -> SourceLocation {
        location == text.location ? text.end : text.end.advanced(by: 1)
    }

    private func jsonScalar(_ key: String) -> JSONMember? {
        guard case .json(_, let members) = node else { return nil }
        return members.first { $0.key == key }
    }

    private func xmlText(_ key: String) -> (text: LocatedText, location: SourceLocation)? {
        guard case .xml(let element) = node else { return nil }
        return xmlScalar(key, in: element)
    }

    /// An attribute (located at its opening quote), or else the trimmed text of the one child element
    /// with that name.
    private func xmlScalar(_ key: String, in element: XMLElementNode) -> (text: LocatedText, location: SourceLocation)? {
        if let attribute = element.attribute(key) {
            var quote = attribute.value.location
            quote.column -= 1
            return (attribute.value, quote)
        }
        let matches = element.children(named: key)
        guard let first = matches.first else { return nil }
        if matches.count > 1 {
            sink.error(matches[1].location, "<\(key)> may appear only once in <\(element.name)>")
        }
        let text = first.text.trimmed()
        return (text, text.location)
    }

    /// Repeated `<itemName>` children, directly or inside one `<key>` wrapper.
    private func xmlItems(_ key: String, itemName: String, in element: XMLElementNode) -> [XMLElementNode]? {
        readKeys.insert(itemName)
        let direct = element.children(named: itemName)
        let wrappers = key == itemName ? [] : element.children(named: key)
        if direct.isEmpty && wrappers.isEmpty { return nil }
        return direct + wrappers.flatMap { wrapper in
            for other in wrapper.children where other.name != itemName {
                sink.unknown(UnknownKey(location: other.location, subject: "element <\(other.name)> in <\(key)>",
                                        advice: "expected <\(itemName)>", end: other.location.advanced(by: other.name.unicodeScalars.count + 1)))
            }
            return wrapper.children(named: itemName)
        }
    }

    private func splitCommaList(_ text: LocatedText) -> [Located<String>] {
        var result: [Located<String>] = []
        var start = 0
        let utf8 = Array(text.text.utf8)
        for offset in 0...utf8.count where offset == utf8.count || utf8[offset] == UInt8(ascii: ",") {
            var from = start
            var to = offset
            while from < to, utf8[from] == 0x20 { from += 1 }
            while to > from, utf8[to - 1] == 0x20 { to -= 1 }
            if to > from {
                result.append(Located(String(decoding: utf8[from..<to], as: UTF8.self), at: text.location(atUTF8Offset: from),
                                      end: text.location(atUTF8Offset: to)))
            }
            start = offset + 1
        }
        return result
    }
}

extension DefinitionObject {
    /// The members of a JSON object used as a map (`properties`, `labels`), with the names' positions.
    func entries(_ key: String, what: String) -> [(name: Located<String>, value: JSONNode)]? {
        ignore(key)
        guard let member = jsonNode?.members?.first(where: { $0.key == key }) else { return nil }
        guard let members = member.value.members else {
            sink.error(member.value.location, "`\(key)` must be an object of \(what), found \(member.value.kindDescription)", code: .badValue)
            return nil
        }
        return members.map { (Located($0.key, at: $0.keyLocation), $0.value) }
    }

    /// The raw JSON value of a key (for values whose type varies, such as `type` or `enum`).
    func rawJSON(_ key: String) -> JSONNode? {
        ignore(key)
        return jsonNode?[key]
    }
}
