import CohortSampleData
import Testing
@testable import CohortCore

@Suite struct MembershipTests {
    let day: Int64 = 86_400_000

    /// One evaluation of profiles "a" and "b" for segment "s".
    func evaluate(_ book: inout MembershipBook, members: Set<String>, now: Int64) {
        for key in ["a", "b"] { book.record(key, in: members.contains(key) ? ["s"] : [], of: ["s"], now: now) }
        book.prune(segments: ["s"], now: now)
    }

    @Test func statusesMoveRealizedExistingExitedAndExitedEntriesAreDroppedAfterThirtyDays() {
        var book = MembershipBook()
        evaluate(&book, members: ["a", "b"], now: 1 * day)
        #expect(book.memberships["s"] == ["a": .init(status: .realized, lastQualificationTime: day), "b": .init(status: .realized, lastQualificationTime: day)])
        evaluate(&book, members: ["a"], now: 2 * day)
        let second = book
        #expect(book.memberships["s"] == ["a": .init(status: .existing, lastQualificationTime: day), "b": .init(status: .exited, lastQualificationTime: 2 * day)])
        #expect(book.segments(of: "a") == ["s"] && book.segments(of: "b") == [])
        evaluate(&book, members: ["a", "b"], now: 3 * day)
        #expect(book.memberships["s"]?["b"] == .init(status: .realized, lastQualificationTime: 3 * day))
        var later = second
        evaluate(&later, members: ["a"], now: 2 * day + 29 * day)
        #expect(later.memberships["s"]?["b"]?.status == .exited)
        evaluate(&later, members: ["a"], now: 2 * day + 30 * day)
        #expect(later.memberships["s"]?["b"] == nil)
        later.prune(segments: [], now: 2 * day + 30 * day)
        #expect(later.memberships.isEmpty, "a deleted segment's memberships go")
    }

    @Test func membershipsFollowAProfileWhoseKeyChangesOnAMerge() {
        // ECID:1 (in since day 1) and Email:a (in since day 3) merge into one profile keyed Email:a;
        // Email:gone is in no profile any more.
        var book = MembershipBook(["s": ["ECID:1": .init(status: .existing, lastQualificationTime: day),
                                         "Email:a": .init(status: .realized, lastQualificationTime: 3 * day),
                                         "Email:gone": .init(status: .existing, lastQualificationTime: day)]])
        let keys = ["ECID:1": "Email:a", "Email:a": "Email:a"]
        var untouched = book
        let moved = untouched.rekey(["ECID:1", "Email:gone"], among: ["other"], currentKey: { keys[$0] }, now: 4 * day)
        #expect(moved.isEmpty)
        #expect(untouched == book, "only the segments named move")
        let exits = book.rekey(["ECID:1", "Email:gone"], currentKey: { keys[$0] }, now: 4 * day)
        #expect(exits.count == 1 && exits["s"]?.entered == 0 && exits["s"]?.exited == 1,
                "the merge is no exit; the gone key is")
        #expect(book.memberships["s"] == ["Email:a": .init(status: .existing, lastQualificationTime: day),
                                          "Email:gone": .init(status: .exited, lastQualificationTime: 4 * day)])
        let change = book.record("Email:a", in: ["s"], of: ["s"], now: 4 * day)
        #expect(change.entered.isEmpty && change.exited.isEmpty, "the merged profile stays in, not exit + enter")
        // A member beats an exit when a merged profile had both.
        let mixed = Membership.rekeyed(["ECID:1": .init(status: .exited, lastQualificationTime: 5 * day),
                                        "Email:a": .init(status: .existing, lastQualificationTime: 2 * day)], currentKey: { keys[$0] })
        #expect(mixed == ["Email:a": .init(status: .existing, lastQualificationTime: 2 * day)])
    }

    /// Recording a batch segment by segment ends where recording its profiles one by one ends,
    /// over random evaluations of profiles entering, staying, leaving and coming back.
    @Test func changedKeysAreThoseWithAMembershipAddedRemovedOrDifferentAmongTheKeysAsked() {
        let realized = Membership(status: .realized, lastQualificationTime: day)
        let existing = Membership(status: .existing, lastQualificationTime: day)
        let before: [String: [String: Membership]] = ["s": ["same": realized, "moved": realized, "gone": realized],
                                                      "t": ["left": existing, "other": existing],
                                                      "u": ["dropped": existing]]
        let after: [String: [String: Membership]] = ["s": ["same": realized, "moved": existing, "new": realized],
                                                     "t": ["other": realized], "v": ["elsewhere": realized]]
        let keys: Set<String> = ["same", "moved", "gone", "new", "left", "dropped"]
        #expect(MembershipBook.changedKeys(from: before, to: after, among: keys) == ["moved", "gone", "new", "left", "dropped"])
        #expect(MembershipBook.changedKeys(from: before, to: after, among: ["same"]).isEmpty)
        #expect(MembershipBook.changedKeys(from: after, to: after, among: keys).isEmpty)
    }

    @Test func aBatchIsRecordedAsItsProfilesOneByOne() {
        var generator = SplitMix64(seed: 21)
        let segments = ["s1", "s2", "s3"]
        var oneByOne = MembershipBook()
        var batched = MembershipBook()
        for round in 0..<30 {
            let now = Int64(round) * 5 * day
            let evaluations = (0..<40).compactMap { profile -> (key: String, members: Set<String>)? in
                guard generator.next() % 4 != 0 else { return nil }
                return ("p\(profile)", Set(segments.filter { _ in generator.next() % 2 == 0 }))
            }
            var expected: [String: (entered: Int, exited: Int)] = [:]
            for (key, members) in evaluations {
                let change = oneByOne.record(key, in: members, of: segments, now: now)
                for segment in change.entered { expected[segment, default: (0, 0)].entered += 1 }
                for segment in change.exited { expected[segment, default: (0, 0)].exited += 1 }
            }
            let counted = batched.record(evaluations, of: segments, now: now)
            #expect(batched == oneByOne, "round \(round)")
            for segment in segments {
                #expect(counted[segment]?.entered ?? 0 == expected[segment]?.entered ?? 0, "round \(round)")
                #expect(counted[segment]?.exited ?? 0 == expected[segment]?.exited ?? 0, "round \(round)")
            }
            if round % 7 == 6 {
                oneByOne.prune(segments: Set(segments), now: now)
                batched.prune(segments: Set(segments), now: now)
            }
        }
        #expect(oneByOne.memberships.values.contains { $0.values.contains { $0.status == .exited } })
    }

    @Test func optOutIsAMarketingConsentAnsweredNo() {
        func consent(_ value: String) -> PackedValue {
            PackedValue(.object(["consents": .object(["marketing": .object(["email": .object(["val": .string(value)])])])]))
        }
        #expect(OptOut.isOptedOut(consent("n")) && OptOut.isOptedOut(consent("dn")))
        #expect(!OptOut.isOptedOut(consent("y")) && !OptOut.isOptedOut(consent("p")) && !OptOut.isOptedOut(.emptyObject))
    }
}
