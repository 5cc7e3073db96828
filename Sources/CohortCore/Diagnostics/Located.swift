/// A value read from a definition file together with where it was written.
///
/// Equality and hashing look at the value only, so the same definition written in JSON and in XML
/// compares equal; the location is there for diagnostics.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation
    /// Just after the value as written (its closing quote included), when known: for diagnostics' extents.
    public var end: SourceLocation?

    public init(_ value: Value, at location: SourceLocation, end: SourceLocation? = nil) {
        self.value = value
        self.location = location
        self.end = end
    }
}

extension Located: Equatable where Value: Equatable {
    public static func == (lhs: Located, rhs: Located) -> Bool { lhs.value == rhs.value }
}

extension Located: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension Located: CustomStringConvertible {
    public var description: String { "\(value)" }
}
