import ARCore

/// Where one of our fields comes from in a particular file, once its header has been read.
enum ResolvedSource {
    case column(index: Int, header: String)
    case constant([UInt8])
    case absent
}

/// Typed, located access to one source row through a column mapping. Every getter that fails
/// says file, line, column, the field, the value, and what to write instead.
struct RowView {
    let file: String
    let record: CSVRecord
    let sources: [ResolvedSource]
    let fieldNames: [String]
    let mapping: ColumnMapping

    func problem(_ field: Int, _ message: String) -> ImportProblem {
        let column: Int
        if case .column(let index, _) = sources[field] { column = index + 1 } else { column = 0 }
        return ImportProblem(file: file, line: record.line, column: column, message: message)
    }

    /// The field's bytes with surrounding blanks trimmed; `nil` when absent or empty.
    func raw(_ field: Int) -> ArraySlice<UInt8>? {
        var bytes: ArraySlice<UInt8>
        switch sources[field] {
        case .absent: return nil
        case .constant(let value): bytes = value[...]
        case .column(let index, _): bytes = record.field(index)
        }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        return bytes.isEmpty ? nil : bytes
    }

    func shown(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return bytes.count > 60 ? text + "…" : text
    }

    func string(_ field: Int) -> String? { raw(field).map { String(decoding: $0, as: UTF8.self) } }

    func requiredString(_ field: Int) throws(ImportProblem) -> String {
        guard let value = string(field) else { throw problem(field, "\(fieldNames[field]) is empty; it is required") }
        return value
    }

    func date(_ field: Int, required: Bool) throws(ImportProblem) -> CalendarDate? {
        guard let bytes = raw(field) else {
            if required { throw problem(field, "\(fieldNames[field]) is empty; write a date as \(mapping.dateFormat.rawValue)") }
            return nil
        }
        guard let date = mapping.dateFormat.parse(bytes) else {
            throw problem(field, "\(fieldNames[field]) '\(shown(bytes))' is not a date in the format \(mapping.dateFormat.rawValue); write a real day such as \(example(mapping.dateFormat))")
        }
        return date
    }

    func currency(_ field: Int, default fallback: Currency?) throws(ImportProblem) -> Currency {
        guard let bytes = raw(field) else {
            if let fallback { return fallback }
            throw problem(field, "\(fieldNames[field]) is empty; write an ISO 4217 code such as USD or EUR")
        }
        guard let currency = Currency(code: String(decoding: bytes, as: UTF8.self)) else {
            throw problem(field, "\(fieldNames[field]) '\(shown(bytes))' is not an ISO 4217 currency code; write one such as USD, EUR or GBP")
        }
        return currency
    }

    /// A non-negative amount exact in `currency`, at most ``Money/maximumAmount(in:)``.
    func money(_ field: Int, currency: Currency, required: Bool) throws(ImportProblem) -> Money? {
        guard var bytes = raw(field) else {
            if required { throw problem(field, "\(fieldNames[field]) is empty; write an amount such as 1234.50") }
            return nil
        }
        let original = bytes
        if mapping.thousandsSeparator != nil || !mapping.amountNoise.isEmpty {
            bytes = bytes.filter { $0 != mapping.thousandsSeparator && !mapping.amountNoise.contains($0) }[...]
        }
        let money: Money
        do {
            money = Money(minorUnits: try MoneyFormat.parseMinorUnits(bytes, digits: currency.minorUnitDigits), currency: currency)
        } catch {
            throw problem(field, "\(fieldNames[field]) '\(shown(original))' \(error) (\(currency.code) has \(currency.minorUnitDigits) decimals)")
        }
        // Every amount we import is a size (an invoice, a limit, a receipt): none is below zero.
        if money.isNegative {
            throw problem(field, "\(fieldNames[field]) \(money.decimalString) is negative; write 0 or more (credit notes and refunds are not imported as invoices or receipts)")
        }
        if !money.isWithinImportLimit {
            throw problem(field, "\(fieldNames[field]) '\(shown(original))' is above the largest amount accepted, \(Money.maximumAmount(in: currency)); check the value at its source (a misplaced decimal point, or another column's number?)")
        }
        return money
    }

    func bool(_ field: Int) throws(ImportProblem) -> Bool? {
        guard let bytes = raw(field) else { return nil }
        // Compared byte by byte, ASCII case folded: no string is made for the common values.
        func isWord(_ word: StaticString) -> Bool {
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            return word.withUTF8Buffer { letters in
                zip(bytes, letters).allSatisfy { byte, letter in ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == letter }
            }
        }
        if isWord("true") || isWord("yes") || isWord("1") || isWord("y") { return true }
        if isWord("false") || isWord("no") || isWord("0") || isWord("n") { return false }
        throw problem(field, "\(fieldNames[field]) '\(shown(bytes))' is not true or false; write true/false, yes/no or 1/0")
    }

    func integer(_ field: Int, range: ClosedRange<Int>) throws(ImportProblem) -> Int? {
        guard let bytes = raw(field) else { return nil }
        guard let value = Int(String(decoding: bytes, as: UTF8.self)), range.contains(value) else {
            throw problem(field, "\(fieldNames[field]) '\(shown(bytes))' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private func example(_ format: DateFormat) -> String {
        switch format {
        case .iso: "2026-01-31"
        case .monthDayYear: "1/31/2026"
        case .dayMonthYear: "31/1/2026"
        case .dayMonthYearDots: "31.01.2026"
        case .compact: "20260131"
        }
    }
}
