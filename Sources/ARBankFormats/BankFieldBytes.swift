import ARCore

/// Byte-level helpers the BAI2, NACHA, lockbox and CSV parsers share. They work on the file's
/// bytes in place so that reading a large file allocates only the strings a transaction keeps.
enum BankFieldBytes {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// `range` without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, isBlank(buffer[start]) { start += 1 }
        while end > start, isBlank(buffer[end - 1]) { end -= 1 }
        return start..<end
    }

    /// The bytes as a string, blanks trimmed; `nil` when nothing is left. Invalid UTF-8 becomes
    /// U+FFFD rather than an error: names and remittance text are shown, never computed with.
    @inline(__always)
    static func text(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        let range = trimmed(buffer, range)
        guard !range.isEmpty else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// The bytes as a string for an error message: at most 60 characters, so that a message
    /// about a runaway field stays readable.
    static func shown(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let end = min(range.upperBound, range.lowerBound + 60)
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range.lowerBound..<end]), as: UTF8.self)
        return end < range.upperBound ? text + "…" : text
    }

    /// An unsigned decimal number of at most 18 digits; `nil` if any byte is not a digit or the
    /// range is empty.
    @inline(__always)
    static func unsigned(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value: Int64 = 0
        for index in range {
            let digit = buffer[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// `YYMMDD` as a calendar date. Two-digit years 70–99 are read as 19xx and 00–69 as 20xx,
    /// the usual window for bank files. `nil` for a day that does not exist.
    static func yymmdd(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CalendarDate? {
        guard range.count == 6, let value = unsigned(buffer, range) else { return nil }
        let yy = Int(value / 10_000), month = Int(value / 100 % 100), day = Int(value % 100)
        return CalendarDate(year: yy < 70 ? 2000 + yy : 1900 + yy, month: month, day: day)
    }

    /// `MMDDYY` (lockbox check dates) as a calendar date, with the same century window.
    static func mmddyy(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CalendarDate? {
        guard range.count == 6, let value = unsigned(buffer, range) else { return nil }
        let month = Int(value / 10_000), day = Int(value / 100 % 100), yy = Int(value % 100)
        return CalendarDate(year: yy < 70 ? 2000 + yy : 1900 + yy, month: month, day: day)
    }
}
