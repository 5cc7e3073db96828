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

    @Test func membershipsFollowAProfileWhoseKeyChangesOnAMerge() {
        // ECID:1 (in since day 1) and Email:a (in since day 3) merge into one profile keyed Email:a.
        let previous: [String: Membership] = ["ECID:1": .init(status: .existing, lastQualificationTime: day),
                                              "Email:a": .init(status: .realized, lastQualificationTime: 3 * day),
                                              "Email:gone": .init(status: .existing, lastQualificationTime: day)]
        let keys = ["ECID:1": "Email:a", "Email:a": "Email:a"]
        let moved = Membership.rekeyed(previous, currentKey: { keys[$0] })
        #expect(moved == ["Email:a": .init(status: .existing, lastQualificationTime: day),
                          "Email:gone": .init(status: .existing, lastQualificationTime: day)])
        let next = Membership.next(previous: moved, members: ["Email:a"], now: 4 * day)
        #expect(next["Email:a"] == .init(status: .existing, lastQualificationTime: day), "the merged profile stays in, not exit + enter")
        #expect(next["Email:gone"]?.status == .exited)
        // A member beats an exit when a merged profile had both.
        let mixed = Membership.rekeyed(["ECID:1": .init(status: .exited, lastQualificationTime: 5 * day),
                                        "Email:a": .init(status: .existing, lastQualificationTime: 2 * day)], currentKey: { keys[$0] })
        #expect(mixed == ["Email:a": .init(status: .existing, lastQualificationTime: 2 * day)])
    }

    @Test func optOutIsAMarketingConsentAnsweredNo() {
        func consent(_ value: String) -> [String: Value] {
            ["consents": .object(["marketing": .object(["email": .object(["val": .string(value)])])])]
        }
        #expect(OptOut.isOptedOut(consent("n")) && OptOut.isOptedOut(consent("dn")))
        #expect(!OptOut.isOptedOut(consent("y")) && !OptOut.isOptedOut(consent("p")) && !OptOut.isOptedOut([:]))
    }
}
