import CohortCore
import Foundation

/// How `cohort profile` presents a profile, as text or JSON.
enum ProfileReport {
    /// `segments`: the profile's memberships by segment id.
    static func json(_ entry: UnifiedProfiles.Entry, links: [IdentityGraph.Link],
                     segments: [String: Membership]) -> String {
        let profile = entry.profile
        let sources = profile.sources.mapValues { source in
            Value.object(["dataset": .string(source.dataset), "file": .string(source.file), "line": .integer(Int64(source.line)),
                          "timestamp": .string(Timestamp.rfc3339(source.timestamp))])
        }
        return JSONWriter.string(.object([
            "identities": .array(profile.identities.map { .object(["namespace": .string($0.namespace), "id": .string($0.id)]) }),
            "attributes": .object(profile.attributes),
            "events": .integer(Int64(entry.events.count)),
            "segments": .object(segments.mapValues { membership in
                .object(["status": .string(membership.status.rawValue),
                         "lastQualificationTime": .string(Timestamp.rfc3339(membership.lastQualificationTime))])
            }),
            "sources": .object(sources),
            "losing": .object(entry.losingValues.mapValues { values in
                .array(values.map { losing in
                    .object(["value": losing.value, "dataset": .string(losing.source.dataset), "file": .string(losing.source.file),
                             "line": .integer(Int64(losing.source.line)),
                             "timestamp": .string(Timestamp.rfc3339(losing.source.timestamp)),
                             "reason": .string(losing.reason.rawValue)])
                })
            }),
            "links": .array(links.map { link in
                .object(["from": .string(link.from.description), "to": .string(link.to.description),
                         "file": .string(link.origin.file), "line": .integer(Int64(link.origin.line))])
            }),
        ]))
    }

    /// Why a value lost, in words.
    static func why(_ reason: ProfileMerger.LossReason) -> String {
        switch reason {
        case .older: return "older"
        case .lowerPrecedence: return "its dataset comes later in the merge policy's order"
        case .notInOrder: return "its dataset is not in the merge policy's order"
        }
    }

    static func text(_ entry: UnifiedProfiles.Entry, links: [IdentityGraph.Link],
                     segments: [String: Membership]) -> String {
        let profile = entry.profile
        var lines = ["Identities (\(profile.identities.count)):"]
        lines += profile.identities.map { "  \($0)" }
        if !links.isEmpty {
            lines.append("Linked because:")
            lines += links.map { "  \($0.from) — \($0.to)   \($0.origin.file):\($0.origin.line)" }
        }
        lines.append("Attributes:")
        // Attributes only datasets outside a precedence order have are listed too, with no value taken.
        for path in Set(profile.sources.keys).union(entry.losingValues.keys).sorted() {
            if let source = profile.sources[path] {
                let components = path.split(separator: ".").map(String.init)
                let value = Value.object(profile.attributes)[path: components[...]] ?? .null
                lines.append("  \(path) = \(JSONWriter.string(value))   (\(source.dataset), \(source.file):\(source.line), \(Timestamp.rfc3339(source.timestamp)))")
            } else {
                lines.append("  \(path): no value taken")
            }
            for losing in entry.losingValues[path] ?? [] {
                let from = "\(losing.source.dataset), \(losing.source.file):\(losing.source.line), \(Timestamp.rfc3339(losing.source.timestamp))"
                lines.append("      not \(JSONWriter.string(losing.value))   (\(from)): \(Self.why(losing.reason))")
            }
        }
        lines.append("Events: \(entry.events.count)")
        for event in entry.events.suffix(5).reversed() {
            let type = event.attributes["eventType"].map(JSONWriter.string) ?? "\"\""
            lines.append("  \(Timestamp.rfc3339(event.timestamp)) \(type) \(event.origin.file):\(event.origin.line)")
        }
        lines.append("Segments (\(segments.count)):")
        for (id, membership) in segments.sorted(by: { $0.key < $1.key }) {
            let time = Timestamp.rfc3339(membership.lastQualificationTime)
            lines.append("  \(id): \(membership.status.rawValue), last qualification \(time)")
        }
        return lines.joined(separator: "\n")
    }
}
