import Testing
@testable import CohortCore

@Suite struct ProfileChangeSetTests {
    private func ids(_ texts: [String]) -> [Identity] { texts.compactMap(Identity.init(parsing:)) }

    @Test func newMergedSplitAndTouchedProfilesChangeOthersDoNot() {
        let previous = [ids(["a:1", "b:1"]), ids(["a:2"]), ids(["a:3"]), ids(["a:4", "b:4"]), ids(["a:5"])]
        let current = [ids(["a:1", "b:1"]), ids(["a:2", "a:3"]), ids(["a:4"]), ids(["b:4"]), ids(["a:5"]), ids(["a:6"])]
        let changes = ProfileChangeSet(previous: previous, current: current, touched: Set(ids(["a:5"])))
        #expect(changes.changed == [ids(["a:2", "a:3"]), ids(["a:4"]), ids(["a:5"]), ids(["a:6"]), ids(["b:4"])])
        #expect(changes.removed == 3)
    }
}
