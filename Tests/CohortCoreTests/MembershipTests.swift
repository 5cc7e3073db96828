import Testing
@testable import CohortCore

@Suite struct MembershipTests {
    let day: Int64 = 86_400_000

    @Test func statusesMoveRealizedExistingExitedAndExitedEntriesAreDroppedAfterThirtyDays() {
        let first = Membership.next(previous: [:], members: ["a", "b"], now: 1 * day)
        #expect(first == ["a": .init(status: .realized, lastQualificationTime: day), "b": .init(status: .realized, lastQualificationTime: day)])
        let second = Membership.next(previous: first, members: ["a"], now: 2 * day)
        #expect(second == ["a": .init(status: .existing, lastQualificationTime: day), "b": .init(status: .exited, lastQualificationTime: 2 * day)])
        let third = Membership.next(previous: second, members: ["a", "b"], now: 3 * day)
        #expect(third["b"] == .init(status: .realized, lastQualificationTime: 3 * day))
        let gone = Membership.next(previous: second, members: ["a"], now: 2 * day + 29 * day)
        #expect(gone["b"]?.status == .exited)
        #expect(Membership.next(previous: second, members: ["a"], now: 2 * day + 30 * day)["b"] == nil)
    }

    @Test func optOutIsAMarketingConsentAnsweredNo() {
        func consent(_ value: String) -> [String: Value] {
            ["consents": .object(["marketing": .object(["email": .object(["val": .string(value)])])])]
        }
        #expect(OptOut.isOptedOut(consent("n")) && OptOut.isOptedOut(consent("dn")))
        #expect(!OptOut.isOptedOut(consent("y")) && !OptOut.isOptedOut(consent("p")) && !OptOut.isOptedOut([:]))
    }
}
