/// One thing `cohort watch` reports: as text lines, each prefixed with the UTC time `HH:MM:SS`, or
/// (`--json`) as one JSON object on one line with the keys `event` and `time` and the event's own
/// keys, sorted. The time is given by the caller (the shell's clock), so the same events at the same
/// time are the same bytes. The event names and keys are documented in the README.
public struct WatchEvent: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Watching began: `workspace`, `mode` (`inotify` or `poll`).
        case started
        /// Definitions do not validate: `diagnostics` [{file, line, column, severity, message}], `waiting`
        /// (true before the first build: nothing is built until they do).
        case definitionsInvalid = "definitions-invalid"
        /// Definitions validate again after being reported invalid.
        case definitionsValid = "definitions-valid"
        /// A build or a step (files, a definition edit, time): the history line's counts (`trigger`, `asOf`,
        /// `profiles`, `segments`, `records`, `files`, `destinations`, `identity`).
        case step
        /// Records of a file were rejected: `file`, `count`, `reasons` (the first few, with their lines),
        /// `rejectedFile`.
        case rejected
        /// A file no dataset claims: `message`.
        case stray
        /// A newly defined dataset takes the files waiting in its inbox folder: `dataset`, `files`.
        case pickedUp = "picked-up"
        /// `message`.
        case warning, error
        /// Watching ended.
        case stopped
    }

    public var kind: Kind
    /// The text form: one or more lines, without the time.
    public var lines: [String]
    /// The JSON form's keys besides `event` and `time`.
    public var fields: [String: Value]

    public init(_ kind: Kind, lines: [String], fields: [String: Value] = [:]) {
        self.kind = kind
        self.lines = lines
        self.fields = fields
    }

    /// The text lines, each prefixed with `HH:MM:SS ` (UTC) of `time` (ms). Control characters a file
    /// name or a quoted value may hold are shown as U+FFFD, as the diagnostics renderer shows them: no
    /// escape sequence reaches the terminal, and each line stays one line with its time.
    public func text(at time: Int64) -> [String] {
        let clock = Self.clock(time)
        return lines.map { clock + " " + DiagnosticRenderer.printable($0) }
    }

    /// One line of compact JSON, keys sorted.
    public func json(at time: Int64) -> String {
        var members = fields
        members["event"] = .string(kind.rawValue)
        members["time"] = .string(Timestamp.rfc3339(time))
        return JSONWriter.string(.object(members))
    }

    /// `HH:MM:SS` of `time` (ms) in UTC.
    public static func clock(_ time: Int64) -> String {
        let stamp = Timestamp.rfc3339(time)
        return String(stamp.dropFirst(11).prefix(8))
    }
}

extension WatchEvent {
    public static func started(workspace: String, mode: String, description: String) -> WatchEvent {
        WatchEvent(.started, lines: ["watching \(workspace) (\(description)); Ctrl-C stops"],
                   fields: ["workspace": .string(workspace), "mode": .string(mode)])
    }

    /// `waiting`: nothing was built yet, so the watch waits for a fix; else the last good definitions stay.
    public static func definitionsInvalid(_ diagnostics: [Diagnostic], waiting: Bool) -> WatchEvent {
        let outcome = waiting ? "nothing is built until they validate; waiting for a fix"
                              : "the last good definitions and exports stay"
        let lines = diagnostics.map(\.description) + ["definitions have errors: " + outcome]
        let encoded = diagnostics.map { Value.object($0.jsonFields) }
        return WatchEvent(.definitionsInvalid, lines: lines,
                          fields: ["diagnostics": .array(encoded), "waiting": .bool(waiting)])
    }

    public static var definitionsValid: WatchEvent {
        WatchEvent(.definitionsValid, lines: ["definitions are valid again"])
    }

    /// `lines`: what the text says of the step; `record`: its counts, as the history keeps them.
    public static func step(_ lines: [String], record: BuildRecord) -> WatchEvent {
        WatchEvent(.step, lines: lines, fields: record.fields)
    }

    /// `warning: inbox/crm/day2.csv: 3 records rejected (line 4: …; …); every reason is in rejected/…`
    /// (as `build` says it too).
    public static func rejected(file: String, count: Int, reasons: [String], rejectedFile: String) -> WatchEvent {
        let more = count > reasons.count ? "; …" : ""
        let line = "warning: \(file): \(count) \(count == 1 ? "record" : "records") rejected ("
            + reasons.joined(separator: "; ") + more + "); every reason is in \(rejectedFile)"
        return WatchEvent(.rejected, lines: [line],
                          fields: ["file": .string(file), "count": .integer(Int64(count)),
                                   "reasons": .array(reasons.map(Value.string)), "rejectedFile": .string(rejectedFile)])
    }

    public static func stray(_ message: String) -> WatchEvent {
        WatchEvent(.stray, lines: ["warning: " + message], fields: ["message": .string(message)])
    }

    /// A new dataset and the inbox files of its folder it is about to ingest.
    public static func pickedUp(dataset: String, files: [String]) -> WatchEvent {
        let count = files.count == 1 ? "1 file" : "\(files.count) files"
        let line = "dataset \"\(dataset)\" is new: taking the \(count) waiting in inbox/\(dataset)/"
        return WatchEvent(.pickedUp, lines: [line],
                          fields: ["dataset": .string(dataset), "files": .array(files.map(Value.string))])
    }

    public static func warning(_ message: String) -> WatchEvent {
        WatchEvent(.warning, lines: ["warning: " + message], fields: ["message": .string(message)])
    }

    public static func error(_ message: String) -> WatchEvent {
        WatchEvent(.error, lines: ["error: " + message], fields: ["message": .string(message)])
    }

    /// A diagnostic (a blocked destination): an `error` or `warning` event with its position.
    public static func diagnostic(_ diagnostic: Diagnostic) -> WatchEvent {
        WatchEvent(diagnostic.severity == .error ? .error : .warning, lines: [diagnostic.description],
                   fields: diagnostic.jsonFields)
    }

    public static var stopped: WatchEvent { WatchEvent(.stopped, lines: ["stopped"]) }
}
