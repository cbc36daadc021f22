/// Field `:86:` of MT940/MT942, "information to account owner", read in the dialects banks use.
///
/// * German and Polish banks (DFÜ/ZKA layout) and old Triodos: a business-transaction code (GVC)
///   and numbered sub-fields, `166?00GUTSCHRIFT?20…?29 purpose?30 bank code?31 account?32 name?33 name`
///   (Triodos writes `>` for `?`). SEPA payments put keyed values inside the purpose:
///   `EREF+` end-to-end id, `SVWZ+` remittance text, `MREF+`, `CRED+`, `KREF+`…
/// * Dutch banks (ABN AMRO, ING, Rabobank, Triodos) in SEPA layout: slash-keyed values,
///   `/TRTP/…/IBAN/…/NAME/…/REMI/…/EREF/…`.
/// * Anything else is free text and is kept whole, one line per physical line.
///
/// Lines are 65 characters wide and break anywhere, even inside a `?nn` sub-field code, so the
/// structured forms are read after joining the lines (each without its trailing blanks, which are
/// padding); free text keeps its line breaks.
struct MT940Details: Sendable, Hashable {
    var remittance: String?
    var payerName: String?
    var payerAccount: String?
    var endToEndID: String?
    /// The GVC of the German layout (`166`), when there is one.
    var typeCode: String?
    var structuredReferences: [String] = []
}

/// Reads ``MT940Details``; keeps its scratch buffers between fields so that a large file does not
/// allocate them once per transaction.
struct MT940DetailsReader {
    private var joined: [UInt8] = []
    private var purpose: [UInt8] = []
    private var name: [UInt8] = []

    init() {
        joined.reserveCapacity(512)
        purpose.reserveCapacity(512)
    }

    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, lines: ArraySlice<Range<Int>>, encoding: TextEncoding) -> MT940Details {
        joined.removeAll(keepingCapacity: true)
        for range in lines where !range.isEmpty {
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        }
        guard !joined.isEmpty else { return MT940Details() }
        // Borrow the joined text while `self` (the purpose buffer) is written.
        var text: [UInt8] = []
        swap(&text, &joined)
        let structured: MT940Details? = text.withUnsafeBufferPointer { text in
            if let details = germanLayout(text, encoding: encoding) { return details }
            return slashKeyed(text, encoding: encoding)
        }
        swap(&text, &joined)
        if let structured { return structured }
        joined.removeAll(keepingCapacity: true)
        for range in lines where !range.isEmpty {
            if !joined.isEmpty { joined.append(0x0A) }
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        }
        let freeText = joined.withUnsafeBufferPointer { encoding.trimmedString($0, 0..<$0.count) }
        return MT940Details(remittance: freeText)
    }

    // MARK: - German layout

    private mutating func germanLayout(_ text: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> MT940Details? {
        let count = text.count
        var index = 0
        while index < count && text[index] == 0x20 { index += 1 }
        var gvc: Range<Int>?
        if index + 3 <= count, isDigit(text[index]), isDigit(text[index + 1]), isDigit(text[index + 2]) {
            gvc = index..<(index + 3)
            index += 3
        }
        guard index + 2 < count else { return nil }
        let separator = text[index]
        guard separator == UInt8(ascii: "?") || separator == UInt8(ascii: ">"),
              isDigit(text[index + 1]), isDigit(text[index + 2]) else { return nil }

        purpose.removeAll(keepingCapacity: true)
        name.removeAll(keepingCapacity: true)
        var account: Range<Int>?
        var iban: Range<Int>?
        var position = index
        while position < count {
            // position is at a separator followed by two digits.
            let code = Int(text[position + 1] - 0x30) * 10 + Int(text[position + 2] - 0x30)
            let start = position + 3
            var end = start
            while end < count {
                if text[end] == separator, end + 2 < count, isDigit(text[end + 1]), isDigit(text[end + 2]) { break }
                end += 1
            }
            let value = UnsafeBufferPointer(rebasing: text[start..<end])
            switch code {
            case 20...29: purpose.append(contentsOf: value)
            case 31: account = start..<end
            case 32, 33: name.append(contentsOf: value)
            case 38: iban = start..<end
            default: break
            }
            position = end
        }

        var details = MT940Details()
        details.typeCode = gvc.map { encoding.string(text, $0) }
        details.payerName = name.withUnsafeBufferPointer { encoding.trimmedString($0, 0..<$0.count) }
        details.payerAccount = (account ?? iban).flatMap { encoding.trimmedString(text, $0) }
        purpose.withUnsafeBufferPointer { purposeText in
            MT940DetailsReader.sepaKeys(purposeText, encoding: encoding, into: &details)
        }
        return details
    }

    /// SEPA values inside the German purpose text: each `KEY+` runs to the next key. The
    /// remittance is the `SVWZ+` text; without keys, the whole purpose; with keys but no `SVWZ+`,
    /// whatever free text stands before the first key.
    private static func sepaKeys(_ text: UnsafeBufferPointer<UInt8>, encoding: TextEncoding, into details: inout MT940Details) {
        var currentKey = -1
        var valueStart = 0
        var firstKeyStart = -1
        func finishValue(at end: Int) {
            guard currentKey >= 0 else { return }
            let value = encoding.trimmedString(text, valueStart..<end)
            switch currentKey {
            case svwz: details.remittance = value
            case eref: if let value, value != "NOTPROVIDED" { details.endToEndID = value }
            default: break
            }
        }
        var index = 0
        while index + 4 < text.count {
            if isUpperLetter(text[index]), let (key, length) = sepaKey(text, at: index) {
                finishValue(at: index)
                if firstKeyStart < 0 { firstKeyStart = index }
                currentKey = key
                index += length
                valueStart = index
            } else {
                index += 1
            }
        }
        finishValue(at: text.count)
        if firstKeyStart < 0 {
            details.remittance = encoding.trimmedString(text, 0..<text.count)
        } else if details.remittance == nil, firstKeyStart > 0 {
            details.remittance = encoding.trimmedString(text, 0..<firstKeyStart)
        }
    }

    private static let sepaKeys: [[UInt8]] = ["EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+",
                                              "IBAN+", "BIC+", "COAM+", "OAMT+", "PURP+", "SQTP+"].map { Array($0.utf8) }
    private static let eref = 0
    private static let svwz = 5

    /// The SEPA key (`EREF+`…) at `index` and its length. Most positions are ruled out by their
    /// shape (three or four capitals and a `+`) before any key is compared.
    private static func sepaKey(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, Int)? {
        var end = index
        while end < text.count && end - index < 4 && isUpperLetter(text[end]) { end += 1 }
        guard end < text.count, text[end] == UInt8(ascii: "+"), end - index >= 3 else { return nil }
        let length = end - index + 1
        for keyIndex in sepaKeys.indices {
            let matches = sepaKeys.withUnsafeBufferPointer { keys -> Bool in
                let key = keys[keyIndex]
                guard key.count == length else { return false }
                for offset in 0..<(length - 1) where text[index + offset] != key[offset] { return false }
                return true
            }
            if matches { return (keyIndex, length) }
        }
        return nil
    }

    // MARK: - Slash-keyed (Dutch SEPA) layout

    private func slashKeyed(_ text: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> MT940Details? {
        var index = 0
        while index < text.count && text[index] == 0x20 { index += 1 }
        guard index < text.count, text[index] == UInt8(ascii: "/"), MT940DetailsReader.slashKey(text, at: index) != nil else { return nil }
        var details = MT940Details()
        var currentKey: Int?
        var valueStart = 0
        func finishValue(at end: Int) {
            guard let key = currentKey, valueStart <= end else { return }
            var valueEnd = end
            while valueEnd > valueStart && (text[valueEnd - 1] == UInt8(ascii: "/") || text[valueEnd - 1] == 0x20) { valueEnd -= 1 }
            guard let value = encoding.trimmedString(text, valueStart..<valueEnd) else { return }
            MT940DetailsReader.apply(key, value, to: &details)
        }
        while index < text.count {
            if text[index] == UInt8(ascii: "/"), let (key, length) = MT940DetailsReader.slashKey(text, at: index) {
                finishValue(at: index)
                currentKey = key
                valueStart = index + length + 2
                index += length + 1
            } else {
                index += 1
            }
        }
        finishValue(at: text.count)
        return details
    }

    private static func apply(_ key: Int, _ value: String, to details: inout MT940Details) {
        switch slashKeys[key] {
        case "NAME": if details.payerName == nil { details.payerName = value }
        case "IBAN": if details.payerAccount == nil { details.payerAccount = value }
        case "EREF": if value != "NOTPROVIDED" { details.endToEndID = value }
        case "REMI":
            if value.hasPrefix("USTD//") {
                details.remittance = String(value.dropFirst(6)).trimmingXMLSpace()
            } else if value.hasPrefix("STRD/") {
                // `STRD/CUR/RF18…`: a structured creditor reference (ISO 11649 or a national one).
                let reference = value.split(separator: "/").last.map(String.init) ?? value
                details.structuredReferences.append(reference)
                details.remittance = reference
            } else {
                details.remittance = value
            }
        case "CNTP":
            // `/CNTP/account/BIC/name/city/`
            let parts = value.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingXMLSpace() }
            if details.payerAccount == nil, let account = parts.first, !account.isEmpty { details.payerAccount = account }
            if details.payerName == nil, parts.count > 2, !parts[2].isEmpty { details.payerName = parts[2] }
        default:
            break
        }
    }

    private static let slashKeys: [String] = [
        "TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "ORDP", "BENM", "ADDR", "ISDT", "CSID", "MARF", "RTRN",
        "PREF", "CNTP", "PURP", "ULTC", "ULTD", "ULTB", "EXCH", "CHGS", "OCMT", "NRTX", "SVCL", "RTYP", "BUSP",
    ]
    private static let slashKeyBytes: [[UInt8]] = slashKeys.map { Array($0.utf8) }

    /// The key (index into `slashKeys`, and length) of `/KEY/` at `index`, when it is one of the
    /// slash-keyed layout's keys; positions that are not `/`, three or four capitals and `/` are
    /// ruled out first.
    private static func slashKey(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, Int)? {
        var end = index + 1
        while end < text.count && end - index <= 4 && isUpperLetter(text[end]) { end += 1 }
        guard end < text.count, text[end] == UInt8(ascii: "/"), end - index - 1 >= 3 else { return nil }
        let length = end - index - 1
        for keyIndex in slashKeyBytes.indices {
            let matches = slashKeyBytes.withUnsafeBufferPointer { keys -> Bool in
                let key = keys[keyIndex]
                guard key.count == length else { return false }
                for offset in 0..<length where text[index + 1 + offset] != key[offset] { return false }
                return true
            }
            if matches { return (keyIndex, length) }
        }
        return nil
    }
}
