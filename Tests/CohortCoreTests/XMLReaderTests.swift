import Testing
@testable import CohortCore

@Suite struct XMLReaderTests {
    private func parse(_ text: String) -> Result<XMLElementNode, Diagnostic> {
        XMLReader.parse(text, file: "f.xml")
    }

    private func error(_ text: String) -> String? {
        if case .failure(let diagnostic) = parse(text) { return "\(diagnostic.location.line):\(diagnostic.location.column) \(diagnostic.message)" }
        return nil
    }

    @Test func elementsAttributesAndTextKnowTheirPositions() throws {
        let root = try parse("""
            <?xml version="1.0"?>
            <!-- a comment -->
            <a x="1" y='two &amp; three'>
              <b>hi &lt;there&gt; &#65;&#x42;</b><c/>
              <d><![CDATA[a < b]]></d>
            </a>
            """).get()
        #expect(root.name == "a")
        #expect(root.location == SourceLocation(file: "f.xml", line: 3, column: 1))
        #expect(root.attribute("y")?.value.text == "two & three")
        #expect(root.attribute("y")?.location == SourceLocation(file: "f.xml", line: 3, column: 10))
        #expect(root.children.map(\.name) == ["b", "c", "d"])
        #expect(root.children[0].text.text == "hi <there> AB")
        #expect(root.children[2].text.text == "a < b")
        // "A" comes after `&lt;there&gt; ` in the source: column 6 + 3 + 4 + 5 + 4 + 1 = 23.
        let text = root.children[0].text
        let aOffset = Array(text.text.utf8).firstIndex(of: UInt8(ascii: "A"))!
        #expect(text.location(atUTF8Offset: aOffset) == SourceLocation(file: "f.xml", line: 4, column: 23))
    }

    @Test func externalEntitiesAreRejectedAndNeverRead() {
        let attack = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <schema id="x" class="profile"><field path="a" type="string">&e;</field></schema>
            """
        let result = parse(attack)
        guard case .failure(let diagnostic) = result else {
            Issue.record("a DOCTYPE must be rejected")
            return
        }
        #expect(diagnostic.location == SourceLocation(file: "f.xml", line: 2, column: 1))
        #expect(diagnostic.message.contains("<!DOCTYPE>"))
        #expect(!diagnostic.message.contains("root:"))
        // Through the whole loader too: one error, and nothing of /etc/passwd anywhere in the output.
        let loaded = WorkspaceLoader.load([SourceFile(path: "schemas/x.xml", text: attack)])
        #expect(loaded.errors.count == 1)
        #expect(loaded.workspace.schemas.isEmpty)
        #expect(!loaded.diagnostics.map(\.description).joined().contains("root:x:0:0"))
    }

    @Test func undefinedEntitiesAreErrorsNotSilentlyDropped() {
        #expect(error("<a>x &e; y</a>") == "1:6 undefined entity &e;: only &lt; &gt; &amp; &quot; &apos; and character references are allowed (cohort never resolves other entities)")
        #expect(error("<a v=\"&ext;\"/>") == "1:7 undefined entity &ext;: only &lt; &gt; &amp; &quot; &apos; and character references are allowed (cohort never resolves other entities)")
        #expect(error("<a><!ENTITY e \"x\"></a>") == "1:4 markup declarations (<!DOCTYPE>, <!ENTITY>) are not allowed: cohort never reads DTDs or entities; remove it")
    }

    @Test func malformedDocumentsSayWhatWasExpected() {
        #expect(error("") == "1:1 the file is empty; expected an XML element")
        #expect(error("<a><b></a>") == "1:7 </a> does not match <b> opened at line 1, column 4; expected </b>")
        #expect(error("<a>\n<b>") == "2:1 unexpected end of file; <b> opened here is never closed with </b>")
        #expect(error("<a x=1/>") == "1:6 unexpected '1'; an attribute value must be in double or single quotes")
        #expect(error("<a x=\"1\" x=\"2\"/>") == "1:10 the attribute x appears twice in <a>")
        #expect(error("<a/><b/>") == "1:5 unexpected '<' after the root element <a>; a document has exactly one root element")
        #expect(error("<a>AT&T</a>") == "1:6 '&' must start an entity reference such as &amp; (write a literal ampersand as &amp;)")
        #expect(error("  \n<!-- c -->\n  ") == "1:1 the file is empty; expected an XML element")
        #expect(error("\n hello <a/>") == "2:2 unexpected text before the root element; an XML file starts with its root element, such as <segment>")
        #expect(error("<a>x < y</a>") == "1:7 unexpected ' ' (a space) after '<'; expected an element name (write a literal '<' as &lt;)")
        #expect(error("<a>&#0;</a>") == "1:4 this character reference is not a character XML allows (invalid xmlChar value 0)")
        #expect(error("<a b=\"1\" <c/></a>") == "1:10 unexpected '<' in the tag; expected an attribute name, '>' or '/>'")
        #expect(error("<a>x</a") == "1:8 unexpected end of file; expected '>'")
        #expect(error("<a><p:b/></a>") == "1:4 the namespace prefix p is not declared; declare it on this element or an outer one (xmlns:p=\"…\") or drop the prefix")
        #expect(error("<a x=\"1\"y=\"2\"/>") == "1:9 unexpected 'y' in the tag <a>; expected whitespace, '>' or '/>'")
    }

    @Test func billionLaughsStopsAtTheDoctypeBeforeAnyEntityIsDeclared() {
        var attack = "<?xml version=\"1.0\"?>\n<!-- laughs -->\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            attack += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        attack += "]>\n<lolz>&lol9;</lolz>"
        #expect(error(attack) == "3:1 a <!DOCTYPE> declaration is not allowed: cohort never reads DTDs or entity declarations (they could read files); remove it")
    }

    @Test func namespacesResolveToURIsAndNamesAreLocal() throws {
        let root = try parse("""
            <c:segment xmlns:c="urn:example:cohort" xmlns:x="urn:example:other" id="s" x:note="n"><c:name>N</c:name><plain/></c:segment>
            """).get()
        #expect(root.name == "segment")
        #expect(root.namespace == "urn:example:cohort")
        #expect(root.attributes.map(\.name) == ["id", "note"])
        #expect(root.attributes.map(\.namespace) == [nil, "urn:example:other"])
        #expect(root.attribute("note")?.location == SourceLocation(file: "f.xml", line: 1, column: 76))
        #expect(root.children.map(\.name) == ["name", "plain"])
        #expect(root.children.map(\.namespace) == ["urn:example:cohort", nil])
        let defaulted = try parse("<a xmlns=\"urn:d\"><b/></a>").get()
        #expect(defaulted.namespace == "urn:d" && defaulted.children.first?.namespace == "urn:d")
    }

    @Test func declaredSingleByteEncodingsAreDecodedAndColumnsCountCharacters() throws {
        // "é" is one byte in ISO-8859-1; the attribute after it starts at column 8 either way.
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>".utf8) + [0xE9] + Array("<b c=\"".utf8) + [0xE9]
            + Array("\"/></a>".utf8)
        let root = try XMLReader.parse(bytes, file: "f.xml").get()
        #expect(root.text.text == "é")
        #expect(root.children.first?.attribute("c")?.value.text == "é")
        #expect(root.children.first?.attribute("c")?.location == SourceLocation(file: "f.xml", line: 2, column: 8))
        let windows: [UInt8] = Array("<?xml version='1.0' encoding='windows-1252'?><a>".utf8) + [0x80, 0x93] + Array("</a>".utf8)
        #expect(try XMLReader.parse(windows, file: "f.xml").get().text.text == "€“")
        guard case .failure(let utf16) = XMLReader.parse([0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00, 0x2F, 0x00, 0x3E, 0x00], file: "f.xml") else {
            Issue.record("UTF-16 must be refused")
            return
        }
        #expect(utf16.message.contains("save it as UTF-8"))
        #expect(error("<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?><a/>")?.contains("declare UTF-8, ISO-8859-1 or windows-1252") == true)
        // Undeclared, a latin1 byte is invalid UTF-8.
        guard case .failure(let invalid) = XMLReader.parse(Array("<a>".utf8) + [0xE9] + Array("</a>".utf8), file: "f.xml") else {
            Issue.record("invalid UTF-8 must be refused")
            return
        }
        #expect(invalid.location.line == 1)
        #expect(invalid.message.contains("UTF-8"))
    }

    @Test func lineEndsAreNormalizedAndPositionsFollowThem() throws {
        let root = try parse("<a v=\"x\r\ny\">\r\n  one\r\n<![CDATA[two\rthree]]><b/></a>").get()
        #expect(root.attribute("v")?.value.text == "x y")
        #expect(root.text.text == "\n  one\ntwo\nthree")
        let text = root.text
        let three = Array(text.text.utf8).count - 5
        #expect(text.location(atUTF8Offset: three) == SourceLocation(file: "f.xml", line: 5, column: 1))
        #expect(root.children.first?.location == SourceLocation(file: "f.xml", line: 5, column: 9))
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "<a>", count: 50_000)
        #expect(error(deep)?.hasSuffix("elements are nested more than 256 levels deep") == true)
    }
}
