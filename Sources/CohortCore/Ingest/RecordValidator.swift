import Foundation

/// Checks one record against its dataset's schema (SPEC §2.3, issue: ingest): types, `enum`,
/// `format`, `required`, bounds, lengths and patterns. Values from CSV arrive as text and are
/// coerced by the schema; values from JSON and XML keep their types. Unknown fields are dropped and
/// named; `identityMap` is allowed on every record.
public struct RecordValidator: Sendable {
    /// The checked record, or the reasons it is rejected.
    public struct Outcome: Equatable, Sendable {
        /// The record with unknown fields and nulls removed; nil when rejected.
        public var record: Value?
        /// `path: reason` for each problem; empty when the record is kept.
        public var errors: [String]
        /// Paths of fields the schema does not have, dropped from the record.
        public var droppedFields: [String]
    }

    private let schema: Schema
    private let patterns: [String: NSRegularExpression]
    /// Whether string leaves are read as text to coerce (XML, where every value is text).
    private let coercesText: Bool
    /// Each dotted path of the schema's fields with its components and field, worked out once:
    /// CSV rows name the same paths row after row.
    private let knownPaths: [String: (components: [String], field: SchemaField)]

    /// `coercingText`: string values of number, integer and boolean fields are coerced as CSV text is,
    /// and a single value where the schema has an array is an array of one (XML's repeated elements).
    public init(schema: Schema, coercingText: Bool = false) {
        self.schema = schema
        self.coercesText = coercingText
        var patterns: [String: NSRegularExpression] = [:]
        func collect(_ field: SchemaField) {
            if let pattern = field.pattern?.value, patterns[pattern] == nil {
                patterns[pattern] = try? NSRegularExpression(pattern: pattern)
            }
            field.properties.values.forEach(collect)
            field.element.map(collect)
        }
        collect(schema.root)
        self.patterns = patterns
        var knownPaths: [String: (components: [String], field: SchemaField)] = [:]
        func walk(_ field: SchemaField, prefix: String) {
            let holder = field.type == .array ? field.element : field
            for (name, child) in holder?.properties ?? [:] {
                let path = prefix.isEmpty ? name : prefix + "." + name
                let components = FieldPath.components(of: path)
                if let found = schema.root.descendant(at: components) { knownPaths[path] = (components, found) }
                walk(child, prefix: path)
            }
        }
        walk(schema.root, prefix: "")
        self.knownPaths = knownPaths
    }

    /// Validates a typed record (from JSON, NDJSON or XML).
    public func validate(_ record: Value) -> Outcome {
        var check = Check()
        guard case .object(let members) = record else {
            return Outcome(record: nil, errors: ["(record): expected an object, found \(record.kindDescription)"], droppedFields: [])
        }
        var kept = checkObject(members, against: schema.root, path: "", check: &check)
        if let identityMap = members["identityMap"], identityMap != .null {
            if let error = IdentityMapShape.problem(in: identityMap) {
                check.errors.append("identityMap: \(error)")
            } else {
                kept["identityMap"] = identityMap
            }
        }
        return check.outcome(.object(kept))
    }

    /// Validates a record of text fields (a CSV row), coercing each by its schema type. `fields`
    /// pairs a dotted schema path with the text; empty text means no value.
    public func validate(textFields fields: [(path: String, text: String)]) -> Outcome {
        var record: [String: Value] = [:]
        var check = Check()
        for (path, text) in fields where !text.isEmpty {
            guard let (components, field) = resolve(path) else {
                check.dropped.append(path)
                continue
            }
            switch coerce(text, to: field) {
            case .success(let value): Value.insert(value, at: components[...], into: &record)
            case .failure(let failure): check.errors.append("\(path): \(failure.reason)")
            }
        }
        return validate(.object(record)).merging(check)
    }

    /// The components of a text field's dotted path and the schema field they reach (arrays
    /// through their items, maps through any key), or nil for a path the schema does not have.
    func resolve(_ path: String) -> (components: [String], field: SchemaField)? {
        if let known = knownPaths[path] { return known }
        let components = FieldPath.components(of: path)
        return schema.root.descendant(at: components).map { (components, $0) }
    }

    /// Whether values of `field` have checks beyond their type (enum, bounds, lengths, format, pattern).
    static func hasChecks(_ field: SchemaField) -> Bool {
        field.enumValues != nil || field.minimum != nil || field.maximum != nil || field.minLength != nil
            || field.maxLength != nil || field.format != nil || field.pattern != nil
            || field.exclusiveMinimum != nil || field.exclusiveMaximum != nil
    }

    /// Whether a leaf value of the field's own type passes its checks (for `SchemaRecordReader`,
    /// which needs only a yes or a no).
    func accepts(_ value: Value, as field: SchemaField) -> Bool {
        leafProblem(value, as: field) == nil
    }

    /// What the leaf checks find wrong with a value of the field's own type, worded as validation
    /// words it; nil when it passes. A value of another type is a problem without checking.
    func leafProblem(_ value: Value, as field: SchemaField) -> String? {
        switch (field.type, value) {
        case (.string, .string(let text)): return stringProblem(text, field: field)
        case (.integer, .integer(let number)): return boundsProblem(Double(number), field: field)
        case (.number, .integer(let number)): return boundsProblem(Double(number), field: field)
        case (.number, .number(let number)): return boundsProblem(number, field: field)
        case (.boolean, .bool(let flag)): return enumProblem("\(flag)", field: field)
        default: return "expected \(field.type.rawValue), found \(value.kindDescription)"
        }
    }

    // MARK: Checking

    fileprivate struct Check {
        var errors: [String] = []
        var dropped: [String] = []

        func outcome(_ record: Value) -> Outcome {
            Outcome(record: errors.isEmpty ? record : nil, errors: errors, droppedFields: dropped.sorted())
        }
    }

    private func checkObject(_ members: [String: Value], against field: SchemaField, path: String, check: inout Check) -> [String: Value] {
        var kept: [String: Value] = [:]
        for name in members.keys.sorted() {
            let value = members[name] ?? .null
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard let child = field.properties[name] else {
                if !(path.isEmpty && name == "identityMap") { check.dropped.append(childPath) }
                continue
            }
            if value == .null { continue }
            if let checked = checkValue(value, against: child, path: childPath, check: &check) {
                kept[name] = checked
            }
        }
        for name in field.properties.keys.sorted() where field.properties[name]?.isRequired == true && kept[name] == nil {
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            if !check.errors.contains(where: { $0.hasPrefix(childPath + ":") }) {
                check.errors.append("\(childPath): required, but missing")
            }
        }
        return kept
    }

    private func checkValue(_ value: Value, against field: SchemaField, path: String, check: inout Check) -> Value? {
        if coercesText {
            if case .string(let text) = value, [.integer, .number, .boolean].contains(field.type) {
                switch coerce(text, to: field) {
                case .success(let coerced): return checkValue(coerced, against: field, path: path, check: &check)
                case .failure(let failure):
                    check.errors.append("\(path): \(failure.reason)")
                    return nil
                }
            }
            if field.type == .array, !value.isArray {
                return checkValue(.array([value]), against: field, path: path, check: &check)
            }
        }
        func wrongType(_ expected: String) -> Value? {
            reject("expected \(expected), found \(value.kindDescription)")
        }
        func reject(_ problem: String) -> Value? {
            check.errors.append("\(path): \(problem)")
            return nil
        }
        switch (field.type, value) {
        case (.object, .object(let members)):
            return .object(checkObject(members, against: field, path: path, check: &check))
        case (.object, _): return wrongType("an object")
        case (.map, .object(let members)):
            guard let element = field.element else { return value }
            var kept: [String: Value] = [:]
            for key in members.keys.sorted() {
                guard let member = members[key], member != .null else { continue }
                kept[key] = checkValue(member, against: element, path: "\(path).\(key)", check: &check)
            }
            return .object(kept)
        case (.map, _): return wrongType("an object (a map)")
        case (.array, .array(let elements)):
            guard let element = field.element else { return value }
            return .array(elements.enumerated().compactMap { index, item in
                item == .null ? nil : checkValue(item, against: element, path: "\(path)[\(index)]", check: &check)
            })
        case (.array, _): return wrongType("an array")
        case (.integer, .integer(let number)):
            return checkBounds(Double(number), field: field, path: path, check: &check) ? value : nil
        case (.integer, .number(let number)) where number.rounded() == number && abs(number) < 9.0e15:
            return checkBounds(number, field: field, path: path, check: &check) ? .integer(Int64(number)) : nil
        case (.integer, .number(let number)) where !number.isFinite || abs(number) >= 0x1p63:
            return reject("the number \(NumberRange.integerOverflow)")
        case (.integer, .number(let number)) where number.rounded() == number:
            // A fraction or an exponent past 2^53 (`1e17`) is read as a double, which may not be exact.
            return reject("\(Self.format(number)) written with a fraction or an exponent is too large to be exact; "
                + "write its digits")
        case (.integer, _): return wrongType("a whole number")
        case (.number, .integer(let number)):
            return checkBounds(Double(number), field: field, path: path, check: &check) ? value : nil
        case (.number, .number(let number)) where !number.isFinite:
            return reject("the number \(NumberRange.doubleOverflow)")
        case (.number, .number(let number)):
            return checkBounds(number, field: field, path: path, check: &check) ? value : nil
        case (.number, _): return wrongType("a number")
        case (.boolean, .bool): return checkEnum("\(value == .bool(true))", field: field, path: path, check: &check) ? value : nil
        case (.boolean, _): return wrongType("true or false")
        case (.string, .string(let text)): return checkString(text, field: field, path: path, check: &check) ? value : nil
        case (.string, _): return wrongType("a string")
        }
    }

    private func checkBounds(_ number: Double, field: SchemaField, path: String, check: inout Check) -> Bool {
        record(boundsProblem(number, field: field), at: path, in: &check)
    }

    private func checkString(_ text: String, field: SchemaField, path: String, check: inout Check) -> Bool {
        record(stringProblem(text, field: field), at: path, in: &check)
    }

    private func checkEnum(_ text: String, field: SchemaField, path: String, check: inout Check) -> Bool {
        record(enumProblem(text, field: field), at: path, in: &check)
    }

    /// Notes `problem` at `path`; true when there is none.
    private func record(_ problem: String?, at path: String, in check: inout Check) -> Bool {
        guard let problem else { return true }
        check.errors.append("\(path): \(problem)")
        return false
    }

    /// What is wrong with a number for `field` (bounds, enum), or nil.
    private func boundsProblem(_ number: Double, field: SchemaField) -> String? {
        guard field.minimum != nil || field.maximum != nil || field.exclusiveMinimum != nil
                || field.exclusiveMaximum != nil || field.enumValues != nil else { return nil }
        // The number's text is made only for a problem or an enum: a value that passes makes none.
        var text: String { Self.format(number) }
        if let minimum = field.minimum, number < minimum { return "\(text) is less than the minimum \(Self.format(minimum))" }
        if let maximum = field.maximum, number > maximum { return "\(text) is more than the maximum \(Self.format(maximum))" }
        if let bound = field.exclusiveMinimum, number <= bound {
            return "\(text) is not more than \(Self.format(bound)) (exclusiveMinimum)"
        }
        if let bound = field.exclusiveMaximum, number >= bound {
            return "\(text) is not less than \(Self.format(bound)) (exclusiveMaximum)"
        }
        return field.enumValues == nil ? nil : enumProblem(text, field: field)
    }

    /// What is wrong with a string for `field` (length, format, pattern, enum), or nil.
    private func stringProblem(_ text: String, field: SchemaField) -> String? {
        if field.minLength != nil || field.maxLength != nil {
            let length = text.count
            if let minLength = field.minLength, length < minLength { return "\"\(text)\" is shorter than \(minLength) characters" }
            if let maxLength = field.maxLength, length > maxLength { return "a value of \(length) characters is longer than the maximum \(maxLength)" }
        }
        if let format = field.format, !FormatCheck.accepts(text, as: format) { return "\"\(text)\" is not \(FormatCheck.describe(format))" }
        if let pattern = field.pattern?.value, let regex = patterns[pattern],
           regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
            return "\"\(text)\" does not match the pattern \(pattern)"
        }
        return enumProblem(text, field: field)
    }

    private func enumProblem(_ text: String, field: SchemaField) -> String? {
        guard let allowed = field.enumValues, !allowed.contains(text) else { return nil }
        return "\"\(text)\" is not one of \(allowed.joined(separator: ", "))\(Suggestion.hint(for: text, in: allowed))"
    }

    // MARK: Text coercion

    private func coerce(_ text: String, to field: SchemaField) -> Result<Value, CoercionError> {
        switch field.type {
        case .string: return .success(.string(text))
        case .integer:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let number = Self.scalar(trimmed: trimmed, as: .integer) else {
                let isWhole = NumberRange.isIntegerLiteral(trimmed)
                let problem = isWhole ? NumberRange.integerOverflow : "is not a whole number"
                return .failure(.init("\"\(text)\" \(problem)"))
            }
            return .success(number)
        case .number:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let number = Self.scalar(trimmed: trimmed, as: .number) else {
                let problem = NumberRange.overflowsDouble(trimmed) ? NumberRange.doubleOverflow : "is not a number"
                return .failure(.init("\"\(text)\" \(problem)"))
            }
            return .success(number)
        case .boolean:
            guard let flag = Self.scalar(trimmed: text.trimmingCharacters(in: .whitespaces), as: .boolean) else {
                return .failure(.init("\"\(text)\" is not true or false"))
            }
            return .success(flag)
        case .object, .array, .map:
            return .failure(.init("a \(field.type.rawValue) cannot come from one text column; map the column to one of its fields"))
        }
    }

    /// The value of text without white space around it for an integer, number or boolean field;
    /// nil when the text is not one.
    static func scalar(trimmed: String, as type: SchemaField.FieldType) -> Value? {
        switch type {
        case .integer: return Int64(trimmed).map(Value.integer)
        case .number: return Double(trimmed).flatMap { $0.isFinite ? .number($0) : nil }
        case .boolean:
            switch trimmed.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .string, .object, .array, .map: return nil
        }
    }

    private struct CoercionError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 9.0e15 ? String(Int64(number)) : String(number)
    }
}

extension RecordValidator.Outcome {
    /// This outcome with coercion errors and dropped columns found before validation.
    fileprivate func merging(_ earlier: RecordValidator.Check) -> RecordValidator.Outcome {
        let errors = earlier.errors + self.errors
        return RecordValidator.Outcome(record: errors.isEmpty ? record : nil, errors: errors,
                                       droppedFields: (earlier.dropped + droppedFields).sorted())
    }
}

/// `identityMap`: namespace codes to arrays of `{"id": "…", "primary"?, "authenticatedState"?}`.
enum IdentityMapShape {
    static func problem(in value: Value) -> String? {
        guard case .object(let namespaces) = value else { return "expected an object of namespace codes, found \(value.kindDescription)" }
        for code in namespaces.keys.sorted() {
            guard case .array(let entries)? = namespaces[code] else { return "\(code) must be an array of {\"id\": …} objects" }
            for entry in entries {
                guard case .object(let fields) = entry, case .string? = fields["id"] else {
                    return "each entry of \(code) needs a string \"id\""
                }
            }
        }
        return nil
    }
}
