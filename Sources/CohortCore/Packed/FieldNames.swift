import Synchronization

/// Field names interned as small integers for this process, so packed records and compiled PQL
/// paths compare numbers instead of text. Ids are never written to a file: they depend on the
/// order names were first seen.
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

    /// The name an id was interned from.
    public static func name(of id: UInt32) -> String {
        table.withLock { $0.names[Int(id)] }
    }
}
