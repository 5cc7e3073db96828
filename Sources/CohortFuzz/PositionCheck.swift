import CohortCore
import Foundation

/// What must hold of the positions of a file's items: each item's index is its place in the
/// output, and the places where items start move forward through the file and stay inside it.
enum PositionCheck {
    static func violations(_ positions: [RecordPosition], byteCount: Int) -> [String] {
        var found: [String] = []
        var previous: RecordPosition?
        for (place, position) in positions.enumerated() {
            if position.index != place { found.append("item \(place) has index \(position.index)") }
            if position.offset < 0 || position.offset > byteCount {
                found.append("item \(place) starts at offset \(position.offset), outside the \(byteCount) bytes read")
            }
            if position.line < 1 || position.column < 1 {
                found.append("item \(place) starts at line \(position.line), column \(position.column)")
            }
            if let previous {
                if position.offset < previous.offset {
                    found.append("item \(place) starts at offset \(position.offset), "
                                 + "before item \(place - 1) (\(previous.offset))")
                } else if position.offset == previous.offset && position.text != previous.text {
                    found.append("items \(place - 1) and \(place) start at offset \(position.offset) "
                                 + "but at other lines or columns")
                } else if position.offset > previous.offset && position.line < previous.line {
                    found.append("item \(place) starts after item \(place - 1) but on an earlier line")
                }
            }
            previous = position
        }
        return found
    }
}

/// What must hold of a message shown to a user: it says something, and no raw Foundation error or
/// Swift optional leaks into it.
enum MessageCheck {
    /// `quoting`: the input the messages may quote (a name it gives), where such text is the user's own.
    static func violations(_ messages: [String], what: String, quoting input: String = "") -> [String] {
        messages.compactMap { message in
            if message.trimmingCharacters(in: .whitespaces).isEmpty { return "\(what) has an empty message" }
            for leak in leaks where message.contains(leak) && !input.contains(leak) {
                return "\(what) shows \"\(leak)\" to the user: \(message.prefix(200))"
            }
            return nil
        }
    }

    private static let leaks = [
        "Error Domain=", "NSCocoaErrorDomain", "NSLocalizedDescription", "Optional(", "SQLite error",
    ]
}
