import Foundation

/// An instant with microsecond precision, the precision PostgreSQL keeps, so
/// a row read back equals the row written on either engine (and so does its
/// ETag).
struct Timestamp: Sendable, Hashable, Comparable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    var microseconds: Int64

    static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }

    static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microseconds < rhs.microseconds
    }

    func adding(_ duration: Duration) -> Timestamp {
        let (seconds, attoseconds) = duration.components
        return Timestamp(microseconds: microseconds + seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }

    var secondsSince1970: Int64 {
        microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
    }

    /// RFC 3339 in UTC with trailing zeros of the fraction dropped:
    /// `2026-11-22T03:57:18.12Z`, `2026-11-22T03:57:18Z`.
    var rfc3339: String {
        let (base, fraction) = parts
        var digits = fraction == 0 ? "" : String(fraction).leftPadded(to: 6)
        while digits.hasSuffix("0") { digits.removeLast() }
        return base + (digits.isEmpty ? "" : "." + digits) + "Z"
    }

    /// Fixed width (`2026-11-22T03:57:18.120000Z`), so SQLite compares and
    /// sorts stored timestamps correctly as text.
    var canonical: String {
        let (base, fraction) = parts
        return base + "." + String(fraction).leftPadded(to: 6) + "Z"
    }

    init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// Parses `canonical` and any RFC 3339 UTC form with 0 to 6 fraction digits.
    init?(parsing text: String) {
        let scalars = Array(text.utf8)
        guard scalars.count >= 20, scalars.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            Int(String(decoding: scalars[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction: Int64 = 0
        if scalars.count > 20 {
            guard scalars[19] == UInt8(ascii: "."), let digits = number(20..<(scalars.count - 1)),
                scalars.count - 21 <= 6
            else { return nil }
            fraction = Int64(digits)
            for _ in 0..<(6 - (scalars.count - 21)) { fraction *= 10 }
        }
        let days = CalendarDate.daysSince1970(year: year, month: month, day: day)
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second)
        microseconds = seconds * 1_000_000 + fraction
    }

    private var parts: (String, Int64) {
        let seconds = secondsSince1970
        let fraction = microseconds - seconds * 1_000_000
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let secondOfDay = Int(seconds - Int64(days) * 86400)
        let date = CalendarDate(daysSince1970: days)
        let time =
            String(secondOfDay / 3600).leftPadded(to: 2) + ":" + String(secondOfDay % 3600 / 60).leftPadded(to: 2)
            + ":" + String(secondOfDay % 60).leftPadded(to: 2)
        return (date.description + "T" + time, fraction)
    }
}

/// A calendar date (`YYYY-MM-DD`), not an instant: due dates have no time zone.
struct CalendarDate: Sendable, Hashable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    /// Accepts a real date written exactly as `YYYY-MM-DD` and nothing else.
    init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }),
            let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
            let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)),
            let day = Int(String(decoding: bytes[8..<10], as: UTF8.self)),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The civil-from-days algorithm of Howard Hinnant's date library.
    init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSince1970: Int {
        Self.daysSince1970(year: year, month: month, day: day)
    }

    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    var description: String {
        String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
