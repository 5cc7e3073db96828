/// Why one profile is in or out of one segment, clause by clause: what `cohort explain` prints and
/// what `cohort test` shows under a failing expectation.
public struct SegmentExplanation: Sendable {
    /// Whether the profile is in the segment.
    public var isMember: Bool
    /// The profile opted out and the segment excludes opt-outs.
    public var excludedAsOptedOut: Bool
    /// Each clause with its value for the profile, the whole expression first.
    public var lines: [PQLExplainer.Line]

    /// The explanation of `segment` for the profile of `entry` at `now`, read as the segment's merge
    /// policy merges it; nil when the segment's expression does not parse; throws when it does not compile.
    public init?(segment: Segment, entry: UnifiedProfiles.Entry, workspace: Workspace, now: Int64) throws(PQLError) {
        guard case .success(let node) = PQLParser.parse(segment.expression.text) else { return nil }
        let profile = entry.profile(under: workspace.mergePolicy(of: segment).id.value)
        var context = PQLContext(attributes: entry.profile.packedAttributes, events: entry.events, now: now,
                                 timeZone: workspace.settings.timezone.value)
        context.identities = entry.profile.identities
        context.memberships = SegmentSet(workspace: workspace).memberships(context, others: entry.otherAttributes)
        context.attributes = profile.packedAttributes
        isMember = context.memberships.contains(segment.id.value)
        excludedAsOptedOut = segment.excludeOptOut && OptOut.isOptedOut(profile.packedAttributes)
        lines = try PQLExplainer.explain(node, source: segment.expression.text, context: context)
    }

    /// "IN" or "OUT", with the opt-out note when it applies.
    public var verdict: String {
        (isMember ? "IN" : "OUT") + (excludedAsOptedOut ? " (the profile opted out and the segment excludes opt-outs)" : "")
    }

    /// The clause lines as printed: two spaces per level below `indent` levels, `clause  →  value`.
    public func renderedLines(indent: Int = 1) -> [String] {
        lines.map { String(repeating: "  ", count: $0.depth + indent) + "\($0.text)  →  \($0.value)" }
    }
}
