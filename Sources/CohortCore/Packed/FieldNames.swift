import Synchronization

/// Field names interned as small integers for this process, so packed records and compiled PQL
/// paths compare numbers instead of text. Ids depend on the order names were first seen, so
/// whatever writes packed values to a file writes this table beside them (see `all()`).
public enum FieldNames {
    private struct Table {
        var ids: [String: UInt32] = [:]
        var names: [String] = []
    }

    private static let table = Mutex(Table())

    /// The id of `name`, interning it on first sight.
    public static func id(of name: String) -> UInt32 {
        table.withLock { table in
            if let id = table.ids[name] { return id }
            let id = UInt32(table.names.count)
            table.names.append(name)
            table.ids[name] = id
            return id
        }
    }

    /// Every name interned so far, in id order (id 0 first). Ids only ever grow, so the names a
    /// value was packed with are a prefix of any later table.
    public static func all() -> [String] {
        table.withLock { $0.names }
    }

    /// The name an id was interned from.
    public static func name(of id: UInt32) -> String {
        table.withLock { $0.names[Int(id)] }
    }
}
