/// An XML element with the positions of its tag, attributes and text, as read by `XMLReader`.
public struct XMLElementNode: Sendable {
    /// The local name (without a namespace prefix).
    public var name: String
    /// The namespace URI the element's prefix (or the default namespace) resolves to, if any.
    public var namespace: String?
    public var location: SourceLocation
    public var attributes: [XMLAttributeNode]
    public var children: [XMLElementNode]
    /// The element's own character data (text and CDATA, not that of its children), decoded.
    public var text: LocatedText

    public func attribute(_ name: String) -> XMLAttributeNode? {
        attributes.first { $0.name == name }
    }

    public func children(named name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }
}

/// One `name="value"` attribute, with the position of its name and its decoded value.
public struct XMLAttributeNode: Sendable {
    /// The local name (without a namespace prefix).
    public var name: String
    /// The namespace URI of a prefixed attribute; unprefixed attributes have none.
    public var namespace: String?
    public var location: SourceLocation
    public var value: LocatedText
}
