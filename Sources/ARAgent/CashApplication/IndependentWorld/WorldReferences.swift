/// Invoice numbers as the company prints them, and as customers write them back.
///
/// The company has two series: its own, `INV/2026/04512` (prefix, year, slash, five digits with
/// leading zeros; the number restarts every year, so `04512` exists in 2025 and 2026), and the
/// acquired business unit's ten-digit SAP document numbers, `0090012345`. A customer's payables
/// system writes references in one habitual style; now and then a clerk writes another.
enum WorldReferences {
    enum Series: Sendable { case main, legacy }

    /// Share of customers invoiced from the acquired unit's SAP series, percent.
    static let legacyCustomerPercent = 25
    /// The first SAP document number of the series (printed with leading zeros to ten digits).
    static let legacyFirstNumber = 90_010_000

    static func main(year: Int, sequence: Int) -> String { "INV/\(year)/" + padded(sequence, 5) }

    static func legacy(_ number: Int) -> String { padded(number, 10) }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// How a customer's payables system writes our invoice numbers.
    enum Style: Int, CaseIterable, Sendable {
        case asPrinted, noPrefix, numberOnly, separatorsChanged, ownWords, shortYear
        /// Share of customers per habitual style, percent.
        static let shares: [(Style, Int)] = [(.asPrinted, 35), (.noPrefix, 18), (.numberOnly, 14), (.separatorsChanged, 15),
                                             (.ownWords, 12), (.shortYear, 6)]
    }

    /// Words that stand before an invoice number in the payer's own language.
    static let ownWords = ["RECHNUNG", "RE-NR", "RG", "FACTURE", "FACT", "FACTUUR", "FACTURA", "FATTURA", "INVOICE NO", "YOUR INV",
                           "INV NO", "BILL"]

    /// `number` written in `style`.
    static func written(_ number: String, style: Style, dice: inout WorldDice) -> String {
        let parts = number.split(separator: "/").map(String.init)
        let isMain = parts.count == 3
        let sequence = isMain ? parts[2] : number
        let stripped = String(sequence.drop { $0 == "0" })
        let year = isMain ? parts[1] : ""
        switch style {
        case .asPrinted:
            return number
        case .noPrefix:
            return isMain ? "\(year)/\(sequence)" : stripped
        case .numberOnly:
            return isMain ? (dice.percent(60) ? stripped : sequence) : stripped
        case .separatorsChanged:
            guard isMain else { return dice.percent(50) ? "DOC " + stripped : String(number.prefix(3)) + " " + String(number.dropFirst(3)) }
            return dice.pick(["INV \(year) \(sequence)", "INV-\(year)-\(stripped)", "INV\(year)-\(sequence)", "INV\(year)\(sequence)",
                              "inv \(year)/\(stripped)", "INV.\(year).\(sequence)"])
        case .ownWords:
            let word = dice.pick(ownWords)
            return isMain ? "\(word) \(dice.percent(50) ? "\(year)-\(sequence)" : "\(year)/\(stripped)")" : "\(word) \(stripped)"
        case .shortYear:
            return isMain ? "\(year.suffix(2))/\(sequence)" : stripped
        }
    }

    /// `text` with one digit changed: a clerk's typing error or a misread scan.
    static func mistyped(_ text: String, dice: inout WorldDice) -> String {
        let positions = text.indices.filter { text[$0].isNumber }
        guard let position = positions.last(where: { _ in dice.percent(40) }) ?? positions.last else { return text }
        let digit = Int(String(text[position])) ?? 0
        var copy = text
        copy.replaceSubrange(position...position, with: String((digit + dice.int(1...8)) % 10))
        return copy
    }

    /// A customer's purchase-order numbering.
    static func purchaseOrder(style: Int, dice: inout WorldDice) -> String {
        switch style {
        case 0: return "45" + dice.digits(8)          // SAP purchase orders
        case 1: return "PO-" + dice.digits(5, leadingNonZero: true)
        default: return "ORD \(2026)-" + dice.digits(4, leadingNonZero: true)
        }
    }
}
