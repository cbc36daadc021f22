/// Bank account identifiers as the rails carry them: IBANs with valid check digits for European
/// payers (SWIFT wires), ABA routing numbers with their checksum and account numbers for US wires
/// and cheques, and the 10-character company identification of an ACH originator (`1` and the
/// EIN), which is what an ACH credit shows instead of an account. Banks mask some of them.
enum WorldAccounts {
    /// The BBAN shape of each country's IBAN: `d` a digit, `a` an upper-case letter.
    static let bbanShapes: [WorldNames.Region: (country: String, shape: String)] = [
        .de: ("DE", "dddddddddddddddddd"), .gb: ("GB", "aaaa" + String(repeating: "d", count: 14)),
        .nl: ("NL", "aaaadddddddddd"), .fr: ("FR", String(repeating: "d", count: 23)), .es: ("ES", String(repeating: "d", count: 20)),
        .it: ("IT", "a" + String(repeating: "d", count: 22)),
    ]

    /// A valid IBAN of the region (ISO 13616: check digits are 98 minus the BBAN, country and
    /// `00` read as a number modulo 97).
    static func iban(_ region: WorldNames.Region, dice: inout WorldDice) -> String {
        let (country, shape) = bbanShapes[region] ?? ("DE", "dddddddddddddddddd")
        var bban = ""
        for symbol in shape {
            bban += symbol == "a" ? String(Character(Unicode.Scalar(UInt8(65 + dice.int(0...25))))) : String(dice.int(0...9))
        }
        var remainder = 0
        for character in bban + country + "00" {
            let value = character.isNumber ? (Int(String(character)) ?? 0) : (Int(character.asciiValue ?? 65) - 55)
            remainder = (value >= 10 ? remainder * 100 : remainder * 10) + value
            remainder %= 97
        }
        let check = 98 - remainder
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }

    /// A routing number with a valid ABA checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
    static func routingNumber(dice: inout WorldDice) -> String {
        var digits = [dice.int(0...1) == 0 ? 0 : 1, dice.int(1...2)] + (0..<6).map { _ in dice.int(0...9) }
        let weights = [3, 7, 1, 3, 7, 1, 3, 7]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }

    static func usAccount(dice: inout WorldDice) -> String { dice.digits(dice.int(8...12), leadingNonZero: dice.percent(70)) }

    /// An ACH originator's company identification: `1` followed by a nine-digit EIN.
    static func achCompanyID(dice: inout WorldDice) -> String { "1" + dice.digits(9, leadingNonZero: true) }

    /// The account with all but its last four characters hidden, in one of the ways banks do it.
    static func masked(_ account: String, dice: inout WorldDice) -> String {
        let last = String(account.suffix(4))
        switch dice.int(0...3) {
        case 0: return String(repeating: "X", count: max(4, account.count - 4)) + last
        case 1: return "****" + last
        case 2: return account.first?.isLetter == true ? String(account.prefix(4)) + String(repeating: "*", count: account.count - 8) + last : "XXXX" + last
        default: return "ACCT ENDING " + last
        }
    }

    /// An IBAN in its printed form, in groups of four.
    static func grouped(_ iban: String) -> String {
        var out = ""
        for (index, character) in iban.enumerated() {
            if index > 0 && index % 4 == 0 { out += " " }
            out.append(character)
        }
        return out
    }
}
