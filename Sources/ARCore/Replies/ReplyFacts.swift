/// Amounts and invoice references a reply names, for the person or the use case that acts on
/// it ("paid 1.234,56 EUR for INV-2026-0042").
public struct ReplyFacts: Sendable, Hashable {
    public struct Amount: Sendable, Hashable {
        /// The amount in hundredths (all of the replies' currencies in practice have two digits;
        /// a caller with a zero-digit currency rescales once it knows the currency).
        public let hundredths: Int64
        /// The ISO 4217 code when the reply names one ("EUR", "€", "$"), else `nil`.
        public let currencyCode: String?
        /// As written.
        public let text: String
    }

    /// An invoice (or PO) number as written, with the normalised keys cash application matches
    /// references by.
    public struct Reference: Sendable, Hashable {
        public let text: String
        public let keys: ReferenceKeys
    }

    public let amounts: [Amount]
    public let references: [Reference]

    public init(amounts: [Amount], references: [Reference]) {
        self.amounts = amounts
        self.references = references
    }

    /// The facts of `text`.
    public static func of(_ text: String) -> ReplyFacts {
        ReplyFacts(amounts: amounts(in: text), references: references(in: text))
    }

    /// Tokens that name invoices: cash application's reference tokens that hold at least
    /// ``minimumReferenceDigits`` digits and are not a date or an amount; a bare number needs
    /// ``minimumBareReferenceDigits`` digits (shorter ones are counts, days and amounts).
    static func references(in text: String) -> [Reference] {
        var seen = Set<String>()
        var result: [Reference] = []
        for token in RemittanceTokens.of(text) {
            let digits = token.utf8.filter { $0 >= 48 && $0 <= 57 }.count
            let letters = token.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            guard digits >= minimumReferenceDigits, !token.contains(" "), !RemittanceTokens.looksLikeDate(token), !looksLikeAmount(String(token)) else { continue }
            guard letters > 0 || digits >= minimumBareReferenceDigits else { continue }
            guard let keys = ReferenceKeys(token), seen.insert(keys.alphanumeric).inserted else { continue }
            result.append(Reference(text: String(token), keys: keys))
        }
        return result
    }

    public static let minimumReferenceDigits = 3
    public static let minimumBareReferenceDigits = 5

    /// `1.234,56`, `1,234.56`, `450,00`, `99.90`: a number ending in a separator and two digits,
    /// thousands grouped by threes.
    public static func looksLikeAmount(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, let last = bytes.last, last >= 48 && last <= 57 else { return false }
        let separator = bytes[bytes.count - 3]
        guard separator == UInt8(ascii: ",") || separator == UInt8(ascii: "."),
              bytes[(bytes.count - 2)...].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let whole = bytes[..<(bytes.count - 3)]
        let groups = whole.split(whereSeparator: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "'") })
        guard let first = groups.first, !first.isEmpty, first.count <= (groups.count == 1 ? 9 : 3) else { return false }
        guard groups.allSatisfy({ $0.allSatisfy { $0 >= 48 && $0 <= 57 } }), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return false }
        // A date such as 15.11.26 is not an amount.
        return !(groups.count == 2 && separator == UInt8(ascii: ".") && whole.contains(UInt8(ascii: ".")))
    }

    static let currencyWords: [String: String] = ["eur": "EUR", "euro": "EUR", "euros": "EUR", "€": "EUR", "usd": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "chf": "CHF", "gbp": "GBP", "£": "GBP"]

    static func amounts(in text: String) -> [Amount] {
        let tokens = ReplyTokenizer.tokens(ReplyText.folded(text))
        var result: [Amount] = []
        for (index, token) in tokens.enumerated() where token.kind == .number || token.kind == .numeric {
            let before = index > 0 ? currencyWords[tokens[index - 1].text] : nil
            let after = index + 1 < tokens.count ? currencyWords[tokens[index + 1].text] : nil
            // "bis 16.11." is a day and a month: a short two-part number closed by a full stop.
            let closedByStop = index + 1 < tokens.count && tokens[index + 1].kind == .punctuation && tokens[index + 1].text == "." && !tokens[index + 1].spaceBefore
            let dayMonth = closedByStop && token.text.utf8.count <= 5 && token.text.split(separator: ".").count == 2
            let shaped = token.kind == .numeric && looksLikeAmount(token.text) && !dayMonth
            guard shaped || before != nil || after != nil, let hundredths = hundredths(token.text) else { continue }
            result.append(Amount(hundredths: hundredths, currencyCode: before ?? after, text: token.text))
        }
        return result
    }

    /// The value in hundredths of `1.234,56`, `1,234.56`, `1234`, `450,5`: the last separator is
    /// the decimal one when one or two digits follow it.
    static func hundredths(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var decimalAt: Int?
        if let last = bytes.lastIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }), (1...2).contains(bytes.count - last - 1) { decimalAt = last }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        for (position, byte) in bytes.enumerated() {
            guard byte >= 48 && byte <= 57 else { continue }
            let digit = Int64(byte - 48)
            if let decimalAt, position > decimalAt { fraction = fraction * 10 + digit } else {
                let (product, overflow) = whole.multipliedReportingOverflow(by: 10)
                guard !overflow, product < Int64.max / 1000 else { return nil }
                whole = product + digit
            }
        }
        if let decimalAt, bytes.count - decimalAt - 1 == 1 { fraction *= 10 }
        return whole * 100 + fraction
    }
}
