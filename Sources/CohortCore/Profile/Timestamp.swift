/// Milliseconds since 1970-01-01T00:00:00Z, parsed from RFC 3339 date-times and dates without
/// Foundation's formatters, so ordering never depends on the machine's locale or time zone.
public enum Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` or `YYYY-MM-DD` (midnight UTC).
    public static func milliseconds(from text: String) -> Int64? {
        FormatCheck.withUTF8(text, milliseconds(utf8:))
    }

    /// `milliseconds(from:)` of text given as its UTF-8 bytes (read where they are, with no string made).
    public static func milliseconds(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 10, FormatCheck.isDate(UnsafeBufferPointer(rebasing: bytes[0..<10])) else { return nil }
        let year = digits(bytes, 0, 4), month = digits(bytes, 5, 2), day = digits(bytes, 8, 2)
        var millis = daysFromCivil(year: year, month: month, day: day) * 86_400_000
        if bytes.count == 10 { return millis }
        guard FormatCheck.isDateTime(utf8: bytes) else { return nil }
        millis += Int64(digits(bytes, 11, 2)) * 3_600_000 + Int64(digits(bytes, 14, 2)) * 60_000 + Int64(digits(bytes, 17, 2)) * 1000
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                millis += Int64(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let offset = Int64(digits(bytes, index + 1, 2)) * 3_600_000 + Int64(digits(bytes, index + 4, 2)) * 60_000
            millis += bytes[index] == UInt8(ascii: "+") ? -offset : offset
        }
        return millis
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds) for milliseconds since 1970, with integer
    /// arithmetic only, so the text never depends on the machine's locale or time zone.
    public static func rfc3339(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = civil(fromDays: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ length: Int) -> Int {
        bytes[offset..<(offset + length)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
