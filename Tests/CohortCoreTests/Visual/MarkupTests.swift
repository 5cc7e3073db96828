import CohortCore
import Testing

@Suite struct MarkupTests {
    @Test func escapesWhatWouldEndAnElementOrAttribute() {
        #expect(Markup.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    }

    @Test func dropsControlCharactersXMLCannotHold() {
        #expect(Markup.escape("a\u{0}b\u{1B}c\u{7F}d\te\nf") == "abcd\te\nf")
        #expect(Markup.escape("é 名前 😀") == "é 名前 😀")
    }

    @Test func numbersHaveOneDecimalAndNoNegativeZero() {
        #expect(Markup.number(3) == "3")
        #expect(Markup.number(2.25) == "2.3")
        #expect(Markup.number(-0.04) == "0")
        #expect(Markup.number(-0.46) == "-0.5")
        #expect(Markup.number(-12.34) == "-12.3")
        #expect(Markup.number(.nan) == "0")
        #expect(Markup.number(1e9) == "1000000000")
    }
}
