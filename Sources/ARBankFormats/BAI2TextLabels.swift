/// What the free text of a BAI2 detail says about the payment, where the bank labelled it.
///
/// Banks put the counterparty and the remittance into the text with their own labels:
/// `ORIG CO NAME:ACME CORP ORIG ID:…` (ACH), `B/O ACME CORP … OBI: INV 12` (wires),
/// `From: ACME, Remittance Info: "INV 12", …` and `DBNM: ACME`, `REMI: INV 12` (Goldman Sachs),
/// `RMT INFO:`, `REF:`, `ACCT:`. A value runs from its label to the next label; labels the
/// parser does not use still end the value before them, and in comma-separated text any
/// `Words:` after a comma does too.
struct BAI2TextLabels {
    /// The party that sent the money (read for credits).
    var payerName: String?
    var payerAccount: String?
    /// The party the money went to (read for debits, where the account holder paid).
    var payeeName: String?
    var payeeAccount: String?
    /// Labelled remittance information, duplicates removed, in text order.
    var remittance: [String] = []
    var endToEndID: String?
    var references: [String] = []

    var isEmpty: Bool {
        payerName == nil && payerAccount == nil && payeeName == nil && payeeAccount == nil
            && remittance.isEmpty && endToEndID == nil && references.isEmpty
    }

    enum Role: Sendable {
        case payerName, payerAccount, payeeName, payeeAccount, remittance, endToEndID, reference
        /// A label whose value is not used; it only ends the value before it.
        case boundary
    }

    struct Label: Sendable {
        let bytes: [UInt8]
        let role: Role
        init(_ text: String, _ role: Role) {
            bytes = Array(text.utf8)
            self.role = role
        }
    }

    /// Upper-case labels, matched case-insensitively at the start of a word.
    static let labels: [Label] = [
        Label("ORIG CO NAME:", .payerName), Label("ORIGINATOR NAME:", .payerName), Label("ORIGINATOR:", .payerName),
        Label("ORIG NAME:", .payerName), Label("BY ORDER OF:", .payerName), Label("B/O:", .payerName),
        Label("B/O ", .payerName), Label("ORG=", .payerName), Label("DBNM:", .payerName), Label("FROM:", .payerName),
        Label("SENDER:", .payerName), Label("REMITTER:", .payerName),
        Label("DACT:", .payerAccount), Label("ACCT:", .payerAccount), Label("ACCOUNT:", .payerAccount),
        Label("ORIG ACCT:", .payerAccount), Label("ORIGINATOR ACCT:", .payerAccount),
        Label("CRNM:", .payeeName), Label("TO:", .payeeName), Label("BNF:", .payeeName), Label("BNF=", .payeeName),
        Label("BENEFICIARY:", .payeeName), Label("CACT:", .payeeAccount), Label("BNF ACCT:", .payeeAccount),
        Label("REMI:", .remittance), Label("OBI:", .remittance), Label("OBI=", .remittance), Label("RMT INFO:", .remittance),
        Label("REMITTANCE INFO:", .remittance), Label("REMITTANCE:", .remittance), Label("PMT DET:", .remittance),
        Label("EREF:", .endToEndID), Label("END TO END ID:", .endToEndID),
        Label("REF:", .reference), Label("INVOICE:", .reference), Label("INV:", .reference),
        Label("ORIG ID:", .boundary), Label("DESC DATE:", .boundary), Label("CO ENTRY DESCR:", .boundary),
        Label("ENTRY DESCR:", .boundary), Label("ENTRY DESCRIPTION:", .boundary), Label("SEC:", .boundary),
        Label("TRACE#:", .boundary), Label("EED:", .boundary), Label("IND ID:", .boundary), Label("IND NAME:", .boundary),
        Label("TRN:", .boundary), Label("CREF:", .boundary), Label("IDNM:", .boundary), Label("DBIC:", .boundary),
        Label("CBIC:", .boundary), Label("DABA:", .boundary), Label("CABA:", .boundary), Label("CHKN:", .boundary),
        Label("BBI:", .boundary), Label("BBI=", .boundary), Label("BBK:", .boundary), Label("BBK=", .boundary),
        Label("OGB:", .boundary), Label("OGB=", .boundary), Label("IMAD:", .boundary), Label("OMAD:", .boundary),
        Label("CLIENT REF ID:", .boundary), Label("GS ID:", .boundary), Label("CLEARING REF:", .boundary),
        Label("SETTLED AMT:", .boundary), Label("FX RATE:", .boundary), Label("REASON:", .boundary),
        Label("CHECK SERIAL NUMBER:", .boundary), Label("PERIOD:", .boundary),
    ]

    /// The labels flattened for the scan: their bytes end to end, where each starts, how long it
    /// is and its role, and for each pair of leading bytes (a letter, then a letter or anything
    /// else) the labels to try, longest first so that `ORIG CO NAME:` wins over shorter labels
    /// that share its start. Most words in bank text start no label; this rejects them in one look.
    /// A class, so that taking it for a scan costs one reference count, not one per array.
    private final class Table: Sendable {
        let bytes: [UInt8]
        let start: [Int]
        let length: [Int]
        let role: [Role]
        let bucketStart: [Int]
        let bucketItems: [Int]

        init(_ labels: [Label]) {
            var bytes: [UInt8] = [], start: [Int] = [], length: [Int] = [], role: [Role] = []
            var lists = Array(repeating: [Int](), count: 26 * 27)
            for (index, label) in labels.enumerated() {
                start.append(bytes.count)
                bytes += label.bytes
                length.append(label.bytes.count)
                role.append(label.role)
                lists[BAI2TextLabels.bucket(label.bytes[0], label.bytes[1])].append(index)
            }
            var bucketStart = [0], bucketItems: [Int] = []
            for list in lists {
                bucketItems += list.sorted { labels[$0].bytes.count > labels[$1].bytes.count }
                bucketStart.append(bucketItems.count)
            }
            (self.bytes, self.start, self.length, self.role) = (bytes, start, length, role)
            (self.bucketStart, self.bucketItems) = (bucketStart, bucketItems)
        }
    }

    private static let table = Table(labels)

    @inline(__always)
    fileprivate static func bucket(_ first: UInt8, _ second: UInt8) -> Int {
        let letter = upper(second) &- UInt8(ascii: "A")
        return Int(upper(first) &- UInt8(ascii: "A")) * 27 + (letter < 26 ? Int(letter) : 26)
    }

    @inline(__always)
    private static func upper(_ byte: UInt8) -> UInt8 { byte &- 0x61 < 26 ? byte &- 0x20 : byte }

    /// Bytes after which a word (and so a label) may start: space, `"`, `(`, `,` and `;`.
    private static let boundaries: UInt64 = 1 << 0x20 | 1 << 0x22 | 1 << 0x28 | 1 << 0x2C | 1 << 0x3B

    @inline(__always)
    private static func isBoundary(_ byte: UInt8) -> Bool { byte < 64 && (boundaries >> byte) & 1 != 0 }

    /// A label found in the text: where it starts, where its value starts, and what it names.
    typealias Found = (start: Int, value: Int, role: Role)

    /// Reads the labelled parts of `text`; `nil` when it has none (most text has no `:` or `=`).
    /// Payer labels are read for a credit, payee labels for a debit; the end-to-end reference
    /// only when wanted. `found` is scratch space the caller keeps, so that reading text
    /// allocates only the values kept.
    static func read(_ text: UnsafeBufferPointer<UInt8>, credit: Bool, wantsEndToEnd: Bool, found: inout [Found]) -> BAI2TextLabels? {
        let count = text.count
        guard text.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "/") }) else {
            return nil
        }
        found.removeAll(keepingCapacity: true)
        let table = Self.table
        var index = 0
        while index < count {
            // Labels start words: skip to the byte after the next word boundary.
            if index > 0 && !isBoundary(text[index - 1]) {
                while index < count && !isBoundary(text[index]) { index += 1 }
                index += 1
                continue
            }
            let byte = text[index]
            let previous: UInt8 = index == 0 ? UInt8(ascii: " ") : text[index - 1]
            guard upper(byte) &- UInt8(ascii: "A") < 26, index + 1 < count else {
                index += 1
                continue
            }
            let key = bucket(byte, text[index + 1])
            var matched = false
            for item in table.bucketStart[key]..<table.bucketStart[key + 1] {
                let candidate = table.bucketItems[item]
                let length = table.length[candidate]
                let labelStart = table.start[candidate]
                guard index + length <= count else { continue }
                var equal = true
                for offset in 1..<length where upper(text[index + offset]) != table.bytes[labelStart + offset] {
                    equal = false
                    break
                }
                if equal {
                    found.append((index, index + length, table.role[candidate]))
                    index += length
                    matched = true
                    break
                }
            }
            if matched { continue }
            // Any "Words:" right after a comma ends the value before it (comma-separated text).
            if previous == UInt8(ascii: ",") || (previous == UInt8(ascii: " ") && index >= 2 && text[index - 2] == UInt8(ascii: ",")) {
                var end = index + 1
                while end < count, end - index < 30 {
                    let next = text[end]
                    if next == UInt8(ascii: ":") { break }
                    guard upper(next) &- UInt8(ascii: "A") < 26 || BankFieldBytes.isDigit(next) || next == UInt8(ascii: " ")
                        || next == UInt8(ascii: "#") || next == UInt8(ascii: "/") || next == UInt8(ascii: "-") else { break }
                    end += 1
                }
                if end < count, text[end] == UInt8(ascii: ":") {
                    found.append((index, end + 1, .boundary))
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
        guard !found.isEmpty else { return nil }

        var parts = BAI2TextLabels()
        for (position, entry) in found.enumerated() {
            // Make a string only for a value that will be kept.
            switch entry.role {
            case .boundary: continue
            case .payerName where !credit || parts.payerName != nil: continue
            case .payerAccount where !credit || parts.payerAccount != nil: continue
            case .payeeName where credit || parts.payeeName != nil: continue
            case .payeeAccount where credit || parts.payeeAccount != nil: continue
            case .endToEndID where !wantsEndToEnd || parts.endToEndID != nil: continue
            default: break
            }
            let end = position + 1 < found.count ? found[position + 1].start : count
            guard let value = cleanedValue(text, entry.value..<end) else { continue }
            switch entry.role {
            case .payerName: if parts.payerName == nil { parts.payerName = value }
            case .payerAccount: if parts.payerAccount == nil { parts.payerAccount = value }
            case .payeeName: if parts.payeeName == nil { parts.payeeName = value }
            case .payeeAccount: if parts.payeeAccount == nil { parts.payeeAccount = value }
            case .remittance: if !parts.remittance.contains(value) { parts.remittance.append(value) }
            case .endToEndID: if parts.endToEndID == nil { parts.endToEndID = value }
            case .reference: if !parts.references.contains(value) { parts.references.append(value) }
            case .boundary: break
            }
        }
        return parts.isEmpty ? nil : parts
    }

    /// The value without surrounding blanks, the separator that ended it, or its quotes.
    private static func cleanedValue(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var start = range.lowerBound
        var end = range.upperBound
        func isNoise(_ byte: UInt8) -> Bool {
            BankFieldBytes.isBlank(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
        }
        while start < end, isNoise(text[start]) { start += 1 }
        while end > start, isNoise(text[end - 1]) { end -= 1 }
        if end - start >= 2, text[start] == UInt8(ascii: "\""), text[end - 1] == UInt8(ascii: "\"") {
            start += 1
            end -= 1
        }
        guard start < end else { return nil }
        let value = String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
        // A lone "-" is how some banks write "nothing here".
        return value == "-" ? nil : value
    }
}
