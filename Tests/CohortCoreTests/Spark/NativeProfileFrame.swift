import Foundation
@testable import CohortCore

/// The profile frame of the Spark contract built from the native engine's in-memory profiles: one
/// JSON line per profile (`profile_key`, `profile`, `events`, `identities`), typed by `SparkType`.
/// Date-times are written as the instants the native evaluator reads them as (`PQLValue.time`), to
/// the millisecond; values whose shape is not the schema's are left out (NULL).
struct NativeProfileFrame {
    let environment: PQLEnvironment
    let calendar: PQLCalendar

    init(environment: PQLEnvironment, timeZone: String) {
        self.environment = environment
        calendar = PQLCalendar(timeZone: timeZone)
    }

    /// The frame's Spark schema.
    var type: SparkType {
        .structure(fields: [
            .init(name: "profile_key", type: .string),
            .init(name: "profile", type: SparkType(environment.profile)),
            .init(name: "events", type: .array(SparkType(environment.event))),
            .init(name: "identities", type: .array(.structure(fields: [.init(name: "namespace", type: .string),
                                                                       .init(name: "id", type: .string)]))),
        ])
    }

    /// One profile's row.
    func row(key: String, attributes: PackedValue, events: [PackedValue], identities: [Identity]) -> String {
        let row: Value = .object([
            "profile_key": .string(key),
            "profile": value(attributes.value, environment.profile),
            "events": .array(events.map { value($0.value, environment.event) }),
            "identities": .array(identities.sorted().map { .object(["namespace": .string($0.namespace), "id": .string($0.id)]) }),
        ])
        return JSONWriter.string(row)
    }

    private func value(_ value: Value, _ field: SchemaField) -> Value {
        switch (field.type, value) {
        case (.object, .object(let members)):
            var kept: [String: Value] = [:]
            for (name, child) in field.properties {
                if let member = members[name] { kept[name] = self.value(member, child) }
            }
            return .object(kept)
        case (.map, .object(let members)):
            guard let element = field.element else { return .null }
            return .object(members.mapValues { self.value($0, element) })
        case (.array, .array(let items)):
            guard let element = field.element else { return .null }
            return .array(items.map { self.value($0, element) })
        case (.string, .string(let text)):
            guard field.format == .dateTime else { return value }
            return PQLValue.string(text).time(in: calendar).map { .string(Self.instant($0)) } ?? .null
        case (.integer, .integer), (.number, .integer), (.number, .number), (.boolean, .bool): return value
        case (.integer, .number(let number)): return number.wholeNumber.map(Value.integer) ?? .null
        default: return .null
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, as Spark reads a TIMESTAMP from JSON.
    static func instant(_ milliseconds: Int64) -> String {
        let millisecond = ((milliseconds % 1000) + 1000) % 1000
        let text = String(millisecond)
        return Timestamp.rfc3339(milliseconds).dropLast() + "." + String(repeating: "0", count: 3 - text.count) + text + "Z"
    }
}
