/// A PQL function called on its own: `date(1991, 1, 1)`, `inSegment("gold-members")`.
public enum PQLFunction: String, CaseIterable, Sendable {
    case date, `if`, inSegment, mapEntry
    case currentYear, currentMonth, currentDayOfMonth, yesterday, tomorrow
}

/// A PQL method, called on a value: `person.name.firstName.startsWith("A")`, `orders.count()`.
public enum PQLMethod: String, CaseIterable, Sendable {
    case equals, notEqualTo, startsWith, doesNotStartWith, endsWith, doesNotEndWith, contains, doesNotContain
    case like, matches, regexGroup
    case isNull, isNotNull
    case getYear, getMonth, getDayOfMonth
    case intersects, includes, subsetOf, supersetOf, distinct, count, intersection, head
    case sum, average, min, max
    case exists, filter, map, topN, bottomN, groupBy
    case get, keys, values
}

/// What a call's name resolves to: a function or a method.
public enum PQLCallee: Equatable, Sendable {
    case function(PQLFunction)
    case method(PQLMethod)
}

/// The one registry of PQL's functions and methods. The checker and the compiler both resolve a call
/// through `resolve`, and switch over the resolved case without a default, so neither can accept a
/// name the other does not know; `PQLReference` documents every case (`cohort help pql`).
public enum PQLRegistry {
    /// Every function and method name, for "did you mean" hints.
    static let allNames = PQLFunction.allCases.map(\.rawValue) + PQLMethod.allCases.map(\.rawValue)

    /// The callee of `name` called on a value (`onValue`) or on its own, or the located error both
    /// the checker and the compiler report for an unknown name or a call of the wrong form.
    public static func resolve(_ name: String, onValue: Bool, at offset: Int) -> Result<PQLCallee, PQLError> {
        if onValue, let method = PQLMethod(rawValue: name) { return .success(.method(method)) }
        if !onValue, let function = PQLFunction(rawValue: name) { return .success(.function(function)) }
        let note: String
        if PQLMethod(rawValue: name) != nil {
            note = "; it is called on a value, e.g. person.name.\(name)(…)"
        } else if PQLFunction(rawValue: name) != nil {
            note = "; it is called on its own, e.g. \(name)(…), not on a value"
        } else {
            note = Suggestion.hint(for: name, in: allNames)
        }
        return .failure(PQLError(offset: offset, message: "unknown function `\(name)`\(note)"))
    }

    /// The aggregates, which read a field of each event or item.
    static let aggregates: Set<String> = Set([PQLMethod.sum, .average, .min, .max].map(\.rawValue))

    /// The functions that read the calendar day of the evaluation time.
    static let dayFunctions: Set<String> = Set(
        [PQLFunction.currentYear, .currentMonth, .currentDayOfMonth, .yesterday, .tomorrow].map(\.rawValue))
}
