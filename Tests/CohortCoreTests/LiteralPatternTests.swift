import Foundation
import Testing
@testable import CohortCore

/// `LiteralPattern` answers as ICU (`NSRegularExpression`) does for every pattern it takes.
@Suite struct LiteralPatternTests {
    static let patterns = [
        #"^test@test\.com$"#, "^noreply@", #"@example\.invalid$"#, #"^\+?0+$"#, #"^\+?1?5550100$"#, "a*", "^$", "$",
        "^", "ab*c", "a?b+c*$", "^a*a*a*b$", #"x\$"#, #"x\\$"#, #"\.\.\."#, "-_,;:'\"/~!%&=<>", "b+", "^b?$",
    ]
    static let refused = [
        "a.b", "a|b", "[ab]", "(ab)", "a{2}", "a+?", "a++", #"\d"#, #"\Qa"#, "é", "a^", "a$b", "a b", "#",
        String(repeating: "a", count: 70),
    ]
    static let values = [
        "", "test@test.com", "TEST@test.com", "test@test.com\n", "noreply@luma.com", "xnoreply@", "a@example.invalid",
        "a@example.invalidx", "+000", "0", "+", "00a", "+15550100", "5550100", "+5550100", "+1+5550100", "aaab", "ab",
        "abbc", "ac", "bc", "x$", "x\\", "x\\$", "...", "a\u{301}", "noreply@\u{301}", "é@example.invalid",
        "-_,;:'\"/~!%&=<>", "line\u{2028}", "\u{85}", "\r\n", "bbb", "b", "ccc", "aaaa\nb", "a\u{2027}",
        "\u{A0}b", "\u{C5}b", "b\u{85}", "\u{85}a\n", "ab\n", "b\u{2028}",
    ]

    @Test func plainPatternsMatchAsICUDoes() throws {
        for pattern in Self.patterns {
            let literal = try #require(LiteralPattern(pattern), "\(pattern) is plain")
            let regex = try NSRegularExpression(pattern: pattern)
            for value in Self.values {
                guard let answer = literal.matches(value) else {
                    #expect(value.unicodeScalars.contains { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) })
                    continue
                }
                let icu = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                #expect(answer == icu, "\(pattern) on \(value.debugDescription)")
            }
        }
    }

    @Test func otherPatternsAreLeftToICU() {
        for pattern in Self.refused {
            #expect(LiteralPattern(pattern) == nil, "\(pattern)")
        }
    }

    @Test func blockedValuesAreDroppedAsBefore() {
        let file = "namespaces/Email.json"
        let namespace = Namespace(id: Located("Email", at: .start(of: file)), name: "Email", type: .email, priority: 1,
                                  normalize: .email, blocked: [
            Located(#"^test@test\.com$"#, at: .start(of: file)),
            Located("^noreply@", at: .start(of: file)),
            Located("[0-9]{5}@", at: .start(of: file)),
        ])
        let rules = IdentityRules(namespace: namespace, defaultCountry: nil)
        #expect(rules.check("Test@Test.com") == .failure(IdentityRules.DropReason(.blocked)))
        #expect(rules.check("noreply@luma.com") == .failure(IdentityRules.DropReason(.blocked)))
        #expect(rules.check("a12345@luma.com") == .failure(IdentityRules.DropReason(.blocked)))
        #expect(rules.check("ann@luma.com") == .success("ann@luma.com"))
    }
}
