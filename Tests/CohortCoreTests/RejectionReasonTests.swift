import CohortCore
import Testing

/// Rejection reasons grouped by kind, with nothing of the record in them.
@Suite struct RejectionReasonTests {
    @Test func quotedValuesAreMasked() {
        #expect(RejectionReason.masked(#"personalEmail.address: "not-an-email" is not an email address"#)
            == #"personalEmail.address: "…" is not an email address"#)
        #expect(RejectionReason.masked(#"loyalty.tier: "diamond" is not one of bronze, silver"#)
            == RejectionReason.masked(#"loyalty.tier: "ruby" is not one of bronze, silver"#))
        #expect(RejectionReason.masked(#"x: "a \"quoted\" value" is bad"#) == #"x: "…" is bad"#)
        #expect(RejectionReason.masked(#"x: "never closed"#) == #"x: "…"#)
    }

    @Test func positionsInTheFileAreMasked() {
        #expect(RejectionReason.masked("(record): line 1299, column 8: unexpected end of file")
            == "(record): line …, column …: unexpected end of file")
        #expect(RejectionReason.masked("_id: required, but missing") == "_id: required, but missing")
        #expect(RejectionReason.masked("deadline 5 days, column 2") == "deadline 5 days, column …")
    }
}
