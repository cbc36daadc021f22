/// Reading NACHA addenda records into remittance text and references.
enum NACHAAddenda {
    /// Dishonored returns (the ODFI refuses a return) and contested dishonored returns (the RDFI
    /// disputes that refusal) use their own layouts of the 99 addenda.
    private static let dishonoredCodes: Set<String> = ["R61", "R62", "R67", "R68", "R69", "R70"]
    private static let contestedCodes: Set<String> = ["R71", "R72", "R73", "R74", "R75", "R76", "R77"]

    /// A return (addenda 99) as text that says what happened, with its reason code first, so a
    /// collector sees "Return R01" where the payment was expected.
    static func returnNote(_ record: BankFixedWidthRecord) -> String {
        let code = record.text(4, 6) ?? "R??"
        var parts: [String]
        if contestedCodes.contains(code) {
            parts = ["Contested dishonored return \(code)"]
            append(&parts, "original trace", record.text(7, 21))
            append(&parts, "return trace", record.text(39, 53))
            append(&parts, "return reason", record.text(57, 58).map { "R" + $0 })
            append(&parts, "dishonored return trace", record.text(59, 73))
            append(&parts, "dishonored return reason", record.text(77, 78).map { "R" + $0 })
        } else if dishonoredCodes.contains(code) {
            parts = ["Dishonored return \(code)"]
            append(&parts, "original trace", record.text(7, 21))
            append(&parts, "return trace", record.text(39, 53))
            append(&parts, "return reason", record.text(57, 58).map { "R" + $0 })
            if let information = record.text(59, 79) { parts.append(information) }
        } else {
            parts = ["Return \(code)"]
            append(&parts, "original trace", record.text(7, 21))
            if let information = record.text(36, 79) { parts.append(information) }
        }
        return parts.joined(separator: "; ")
    }

    /// A notification of change (addenda 98): the change code and the corrected data.
    static func changeNote(_ record: BankFixedWidthRecord) -> String {
        var parts = ["Notification of change \(record.text(4, 6) ?? "C??")"]
        append(&parts, "original trace", record.text(7, 21))
        append(&parts, "corrected data", record.text(36, 64))
        return parts.joined(separator: "; ")
    }

    private static func append(_ parts: inout [String], _ label: String, _ value: String?) {
        if let value { parts.append("\(label) \(value)") }
    }

    /// The qualifiers of RMR (remittance advice) segments whose reference names a document an
    /// invoice can be found by: invoice, open item, accounts-receivable item, purchase order.
    private static let documentQualifiers: Set<String> = ["IV", "OI", "R7", "PO"]

    /// The document references in the X12 RMR segments of payment-related information
    /// (`RMR*IV*12345*PI*100.00\`): CCD+ and CTX carry the payer's remittance advice this way.
    static func remittanceReferences(_ text: UnsafeBufferPointer<UInt8>) -> [String] {
        var references: [String] = []
        var index = 0
        let count = text.count
        while index + 4 < count {
            guard upper(text[index]) == UInt8(ascii: "R"), upper(text[index + 1]) == UInt8(ascii: "M"),
                  upper(text[index + 2]) == UInt8(ascii: "R"),
                  index == 0 || isSegmentStart(text[index - 1]) else {
                index += 1
                continue
            }
            // The byte after the segment name is the element separator ("*" by convention).
            let separator = text[index + 3]
            guard !(upper(separator) &- UInt8(ascii: "A") < 26 || BankFieldBytes.isDigit(separator) || separator == BankFieldBytes.space) else {
                index += 1
                continue
            }
            var elements: [Range<Int>] = []
            var start = index + 4
            var cursor = start
            while cursor < count, elements.count < 3 {
                let byte = text[cursor]
                if byte == separator || isSegmentTerminator(byte) {
                    elements.append(start..<cursor)
                    if isSegmentTerminator(byte) { break }
                    start = cursor + 1
                }
                cursor += 1
            }
            if cursor >= count && elements.count < 3 { elements.append(start..<count) }
            if elements.count >= 2,
               let qualifier = BankFieldBytes.text(text, elements[0]), documentQualifiers.contains(qualifier.uppercased()),
               let reference = BankFieldBytes.text(text, elements[1]), !references.contains(reference) {
                references.append(reference)
            }
            index = cursor
        }
        return references
    }

    @inline(__always)
    private static func upper(_ byte: UInt8) -> UInt8 { byte &- 0x61 < 26 ? byte &- 0x20 : byte }

    /// Segment terminators seen in ACH addenda: `~` (X12 default), `\` (NACHA convention), `'`.
    private static func isSegmentTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "~") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "'")
            || byte == BankFieldBytes.newline || byte == BankFieldBytes.carriageReturn
    }

    private static func isSegmentStart(_ previous: UInt8) -> Bool {
        isSegmentTerminator(previous) || BankFieldBytes.isBlank(previous)
    }
}
