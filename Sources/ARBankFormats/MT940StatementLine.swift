import ARCore

/// Field `:61:` of MT940/MT942, the statement line: one booked movement.
///
/// `YYMMDD[MMDD]{C|D|RC|RD}[funds code]amount{N|F|S}xxx customer-reference[//bank-reference]`
/// followed on the next line by up to 34 characters of supplementary details.
struct MT940StatementLine: Sendable, Hashable {
    enum Mark: String, Sendable {
        case credit = "C", debit = "D", reversalOfCredit = "RC", reversalOfDebit = "RD"

        /// A reversal of a credit takes the money back out, so it is a debit; and the reverse.
        var isCredit: Bool { self == .credit || self == .reversalOfDebit }
    }

    var valueDate: CalendarDate
    /// The booking (entry) date, with the year chosen next to the value date.
    var entryDate: CalendarDate?
    var mark: Mark
    /// The third letter of the currency code, which some banks put before the amount.
    var fundsCode: String?
    /// The amount as written: always positive; the mark gives the direction.
    var amount: DecimalAmount
    /// `N` (or `F`, `S`) and three characters: `NTRF`, `NMSC`, `S051`.
    var transactionType: String?
    /// Where the customer reference ("reference for the account owner") is, blanks trimmed. Kept as
    /// bytes: no transaction field takes it, and most files carry millions of them.
    var customerReference: Range<Int>?
    var bankReference: String?
    /// Where the supplementary details begin (same-line text after the references, else the next
    /// line), and in how many parts they come.
    var supplementaryDetails: Range<Int>?
    var supplementaryParts = 0
    /// What was tolerated while reading the line.
    var warnings: [String] = []

    var signedAmount: DecimalAmount { mark.isCredit ? amount : amount.negated }

    /// Parses the field from `lines` (the content after `:61:`, one range per physical line).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, lines: [Range<Int>], line: Int, encoding: TextEncoding) throws(BankFileError) -> MT940StatementLine {
        var cursor = Cursor(bytes: bytes, lines: lines)
        var warnings: [String] = []
        func fail(_ message: String) -> BankFileError {
            BankFileError(line: line, field: ":61:", message: message + ": \"\(encoding.string(bytes, lines[0]))\"")
        }

        guard let value = cursor.digits(6) else { throw fail("the statement line does not start with a value date YYMMDD") }
        let (valueDate, valueWarning) = try MT940Date.date(yymmdd: value, line: line, field: ":61:")
        if let valueWarning { warnings.append(valueWarning) }

        var entryDate: CalendarDate?
        if cursor.peekDigits(4), let entry = cursor.digits(4) {
            // The entry date is optional and only informative: a broken one is dropped, not fatal.
            if let (date, warning) = try? MT940Date.entryDate(mmdd: entry, near: valueDate, line: line) {
                entryDate = date
                if let warning { warnings.append(warning) }
            } else {
                warnings.append("the entry date \(entry) is not a date and was ignored")
            }
        }

        guard let first = cursor.next(wrapping: true) else { throw fail("the statement line ends after its dates; a C/D mark and an amount must follow") }
        let mark: Mark
        switch first {
        case UInt8(ascii: "R"):
            switch cursor.next(wrapping: true) {
            case UInt8(ascii: "C")?: mark = .reversalOfCredit
            case UInt8(ascii: "D")?: mark = .reversalOfDebit
            default: throw fail("\"R\" must be followed by C or D (RC, RD)")
            }
        case UInt8(ascii: "C"): mark = .credit
        case UInt8(ascii: "D"): mark = .debit
        case UInt8(ascii: "E"):
            // MT942 expected entries (EC/ED) are read as what they will become.
            switch cursor.next(wrapping: true) {
            case UInt8(ascii: "C")?: mark = .credit
            case UInt8(ascii: "D")?: mark = .debit
            default: throw fail("\"E\" must be followed by C or D (EC, ED)")
            }
        default:
            throw fail("expected the debit/credit mark C, D, RC or RD after the date")
        }

        var fundsCode: String?
        if let byte = cursor.peek(wrapping: true), isUpperLetter(byte) {
            fundsCode = String(UnicodeScalar(byte))
            cursor.advance()
        }

        let wrappedBefore = cursor.wrapped
        _ = cursor.peek(wrapping: true)
        if cursor.wrapped && !wrappedBefore {
            warnings.append("the statement line is broken across lines before its amount; the parts were joined")
        }
        let amountStart = cursor.position
        while let byte = cursor.peek(wrapping: false), isDigit(byte) || byte == UInt8(ascii: ",") { cursor.advance() }
        let amountRange = amountStart..<cursor.position
        let amount: DecimalAmount
        do {
            amount = try DecimalAmount.parse(UnsafeBufferPointer(rebasing: bytes[amountRange]), separators: (UInt8(ascii: ","), UInt8(ascii: ",")), allowSign: false)
        } catch {
            throw fail(amountRange.isEmpty ? "the statement line has no amount after its mark" : "the amount \"\(encoding.string(bytes, amountRange))\" \(error.description)")
        }

        var transactionType: String?
        let typeStart = cursor.position
        if let byte = cursor.peek(wrapping: true), isUpperLetter(byte) {
            let start = cursor.position
            var taken = 0
            while taken < 4, cursor.peek(wrapping: false) != nil {
                cursor.advance()
                taken += 1
            }
            transactionType = encoding.trimmedString(bytes, start..<cursor.position)
            if taken < 4 { warnings.append("the transaction type \"\(transactionType ?? "")\" is shorter than its four characters") }
        } else if typeStart == cursor.position {
            warnings.append("the statement line has no transaction type after its amount")
        }

        // The references fill the rest of the line; the next lines are supplementary details.
        var customerReference: Range<Int>?
        var bankReference: String?
        var supplementary: Range<Int>?
        var supplementaryParts = 0
        func addSupplementary(_ range: Range<Int>) {
            guard let trimmed = trimmed(bytes, range) else { return }
            if supplementary == nil { supplementary = trimmed }
            supplementaryParts += 1
        }
        let rest = cursor.position..<cursor.lineEnd
        if !rest.isEmpty {
            let separator = find(slashSlashIn: bytes, rest)
            let customerRange = rest.lowerBound..<(separator ?? rest.upperBound)
            let (customer, customerExtra) = splitPadding(bytes, customerRange)
            customerReference = trimmed(bytes, customer)
            if let extra = customerExtra { addSupplementary(extra) }
            if let separator {
                let (bank, bankExtra) = splitPadding(bytes, (separator + 2)..<rest.upperBound)
                bankReference = encoding.trimmedString(bytes, bank)
                if let extra = bankExtra { addSupplementary(extra) }
            }
        }
        var next = cursor.lineIndex + 1
        while next < lines.count {
            addSupplementary(lines[next])
            next += 1
        }
        return MT940StatementLine(
            valueDate: valueDate, entryDate: entryDate, mark: mark, fundsCode: fundsCode, amount: amount,
            transactionType: transactionType, customerReference: customerReference, bankReference: bankReference,
            supplementaryDetails: supplementary, supplementaryParts: supplementaryParts, warnings: warnings)
    }

    /// A reading position over the field's physical lines that may, while the mandatory part is
    /// read, step over a line break a bank put in the middle of it.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let lines: [Range<Int>]
        var lineIndex = 0
        var position: Int
        var wrapped = false

        init(bytes: UnsafeBufferPointer<UInt8>, lines: [Range<Int>]) {
            self.bytes = bytes
            self.lines = lines
            self.position = lines.first?.lowerBound ?? 0
        }

        var lineEnd: Int { lines.isEmpty ? position : lines[lineIndex].upperBound }

        mutating func peek(wrapping: Bool) -> UInt8? {
            while !lines.isEmpty && position >= lines[lineIndex].upperBound {
                guard wrapping, lineIndex + 1 < lines.count else { return nil }
                lineIndex += 1
                position = lines[lineIndex].lowerBound
                wrapped = true
            }
            return lines.isEmpty ? nil : bytes[position]
        }

        mutating func next(wrapping: Bool) -> UInt8? {
            guard let byte = peek(wrapping: wrapping) else { return nil }
            position += 1
            return byte
        }

        mutating func advance() { position += 1 }

        func peekDigits(_ count: Int) -> Bool {
            guard !lines.isEmpty, position + count <= lines[lineIndex].upperBound else { return false }
            for offset in 0..<count where !isDigit(bytes[position + offset]) { return false }
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard peekDigits(count) else { return nil }
            var value = 0
            for _ in 0..<count {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            return value
        }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        var start = range.lowerBound, end = range.upperBound
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return start < end ? start..<end : nil
    }

    private static func find(slashSlashIn bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            if bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "/") { return index }
            index += 1
        }
        return nil
    }

    /// Banks that pad a reference to its full 16 characters and go on with text on the same line
    /// (old Rabobank: `0121470966      W.P. Jansen`): a run of two or more blanks ends the reference.
    private static func splitPadding(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Range<Int>, Range<Int>?) {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            if bytes[index] == 0x20 && bytes[index + 1] == 0x20 {
                var after = index
                while after < range.upperBound && bytes[after] == 0x20 { after += 1 }
                return (range.lowerBound..<index, after < range.upperBound ? after..<range.upperBound : nil)
            }
            index += 1
        }
        return (range, nil)
    }

}

/// MT940's two-digit-year dates.
enum MT940Date {
    /// `YYMMDD`, years 00–69 in this century and 70–99 in the last (the usual SWIFT reading).
    /// A day past the end of its month (banks do send 30 February for a month-end closing) is
    /// moved to the month's last day, with a warning; an impossible month is an error.
    static func date(yymmdd: Int, line: Int, field: String) throws(BankFileError) -> (CalendarDate, String?) {
        let yy = yymmdd / 10000, month = yymmdd / 100 % 100, day = yymmdd % 100
        let year = yy < 70 ? 2000 + yy : 1900 + yy
        return try clamped(year: year, month: month, day: day, line: line, field: field, written: yymmdd)
    }

    /// `MMDD` of an entry date: its year is the one (of the value date's year and the years on
    /// either side) that puts it closest to the value date, so a 31 December value date booked
    /// on 2 January lands in the next year.
    static func entryDate(mmdd: Int, near value: CalendarDate, line: Int) throws(BankFileError) -> (CalendarDate, String?) {
        let month = mmdd / 100, day = mmdd % 100
        let sameYear = try clamped(year: value.year, month: month, day: day, line: line, field: ":61:", written: mmdd)
        if abs(sameYear.0.days(since: value)) <= 183 { return sameYear }
        var best: (CalendarDate, String?)? = sameYear
        for year in [value.year - 1, value.year + 1] {
            let candidate = try clamped(year: year, month: month, day: day, line: line, field: ":61:", written: mmdd)
            if best == nil || abs(candidate.0.days(since: value)) < abs((best?.0 ?? candidate.0).days(since: value)) {
                best = candidate
            }
        }
        return best ?? sameYear
    }

    private static func clamped(year: Int, month: Int, day: Int, line: Int, field: String, written: Int) throws(BankFileError) -> (CalendarDate, String?) {
        guard (1...12).contains(month), day >= 1 else {
            throw BankFileError(line: line, field: field, message: "\(written) is not a date: month \(month), day \(day)")
        }
        if let date = CalendarDate(year: year, month: month, day: day) { return (date, nil) }
        let last = CalendarDate.daysIn(month: month, year: year)
        guard let date = CalendarDate(year: year, month: month, day: last) else {
            throw BankFileError(line: line, field: field, message: "\(written) is not a date")
        }
        return (date, "day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month); read as the month's last day, \(date.iso)")
    }
}
