import CohortCore

/// Profiles to evaluate fuzzed PQL against, from the template's data: one with nothing, and the
/// first record of each profile dataset with the template's first events.
enum SampleProfiles {
    static func contexts(from template: FuzzTemplate) -> [PQLContext] {
        let now = Timestamp.milliseconds(from: "2026-11-21T12:00:00Z") ?? 0
        let timeZone = template.workspace.settings.timezone.value
        let memberships = Set(template.workspace.segments.prefix(2).map(\.id.value))
        let records = TemplateRecords.all(in: template).flatMap(\.stored)
        let events = Array(records.filter(\.isEvent).prefix(eventsPerProfile))
        var contexts = [PQLContext(attributes: [:], events: [], now: now, timeZone: timeZone)]
        var datasets: Set<String> = []
        for record in records where !record.isEvent && datasets.insert(record.dataset).inserted {
            contexts.append(PQLContext(attributes: record.packedAttributes, events: events, now: now,
                                       timeZone: timeZone, memberships: memberships))
        }
        return contexts
    }

    private static let eventsPerProfile = 40
}
