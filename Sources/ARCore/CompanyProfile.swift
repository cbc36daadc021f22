/// Who sends the messages and how customers pay: shown in every message, letter and on the
/// portal, so a customer never has to ask where to send the money or whom to write to.
public struct CompanyProfile: Sendable, Hashable, Codable {
    public var legalName: String
    /// Postal address, lines separated by newlines.
    public var address: String
    /// The AR contact named in messages: a person or a team, with a phone number if wanted.
    public var arContact: String
    /// Where replies go (`Reply-To`); nil replies to the sender.
    public var replyTo: String?
    /// An https URL of the logo shown on the portal and in HTML messages; nil shows the name.
    public var logoURL: String?
    public var payment: [PaymentInstruction]

    public init(legalName: String, address: String = "", arContact: String = "", replyTo: String? = nil, logoURL: String? = nil,
                payment: [PaymentInstruction] = []) {
        self.legalName = legalName
        self.address = address
        self.arContact = arContact
        self.replyTo = replyTo
        self.logoURL = logoURL
        self.payment = payment
    }

    private enum CodingKeys: String, CodingKey { case legalName, address, arContact, replyTo, logoURL, payment }

    /// Only `legalName` is required: a profile file names what the company has, and the rest
    /// takes the defaults of ``init(legalName:address:arContact:replyTo:logoURL:payment:)``.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(legalName: try values.decode(String.self, forKey: .legalName),
                  address: try values.decodeIfPresent(String.self, forKey: .address) ?? "",
                  arContact: try values.decodeIfPresent(String.self, forKey: .arContact) ?? "",
                  replyTo: try values.decodeIfPresent(String.self, forKey: .replyTo),
                  logoURL: try values.decodeIfPresent(String.self, forKey: .logoURL),
                  payment: try values.decodeIfPresent([PaymentInstruction].self, forKey: .payment) ?? [])
    }

    /// How to pay in `currency`, if the company said.
    public func instruction(for currency: Currency) -> PaymentInstruction? {
        payment.first { $0.currency.uppercased() == currency.code }
    }
}

/// How to pay in one currency: by bank transfer, and optionally online through a payment link.
public struct PaymentInstruction: Sendable, Hashable, Codable {
    /// ISO 4217 code.
    public var currency: String
    public var bankName: String
    /// The account holder as the bank knows them (defaults to the company's legal name).
    public var accountHolder: String?
    public var iban: String?
    public var bic: String?
    /// Domestic account and routing (ABA, sort code) where there is no IBAN.
    public var accountNumber: String?
    public var routingNumber: String?
    /// What to quote as the payment reference; `{invoices}` is replaced by the invoice numbers.
    public var reference: String
    /// A payment page such as a Stripe Payment Link. `{invoices}` (the numbers, comma-separated),
    /// `{amount}` (decimal), `{amount_minor}`, `{currency}` and `{customer}` are filled in, each
    /// percent-encoded; nil offers bank transfer only.
    public var paymentURL: String?

    public init(currency: String, bankName: String, accountHolder: String? = nil, iban: String? = nil, bic: String? = nil,
                accountNumber: String? = nil, routingNumber: String? = nil, reference: String = PaymentInstruction.defaultReference,
                paymentURL: String? = nil) {
        self.currency = currency
        self.bankName = bankName
        self.accountHolder = accountHolder
        self.iban = iban
        self.bic = bic
        self.accountNumber = accountNumber
        self.routingNumber = routingNumber
        self.reference = reference
        self.paymentURL = paymentURL
    }

    /// By default customers quote the invoice numbers: cash application matches on them first.
    public static let defaultReference = "{invoices}"

    private enum CodingKeys: String, CodingKey {
        case currency, bankName, accountHolder, iban, bic, accountNumber, routingNumber, reference, paymentURL
    }

    /// `currency` and `bankName` are required; `reference` defaults to the invoice numbers.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(currency: try values.decode(String.self, forKey: .currency), bankName: try values.decode(String.self, forKey: .bankName),
                  accountHolder: try values.decodeIfPresent(String.self, forKey: .accountHolder),
                  iban: try values.decodeIfPresent(String.self, forKey: .iban), bic: try values.decodeIfPresent(String.self, forKey: .bic),
                  accountNumber: try values.decodeIfPresent(String.self, forKey: .accountNumber),
                  routingNumber: try values.decodeIfPresent(String.self, forKey: .routingNumber),
                  reference: try values.decodeIfPresent(String.self, forKey: .reference) ?? Self.defaultReference,
                  paymentURL: try values.decodeIfPresent(String.self, forKey: .paymentURL))
    }

    /// The reference to quote for these invoices.
    public func reference(for invoices: [InvoiceNumber]) -> String {
        reference.replacing("{invoices}", with: invoices.map(\.rawValue).joined(separator: ", "))
    }

    /// The payment page for these invoices and this amount, or nil when there is none.
    public func paymentURL(invoices: [InvoiceNumber], total: Money, customer: CustomerID) -> String? {
        guard let template = paymentURL else { return nil }
        let values = ["{invoices}": invoices.map(\.rawValue).joined(separator: ","), "{amount}": total.decimalString,
                      "{amount_minor}": String(total.minorUnits), "{currency}": total.currency.code, "{customer}": customer.rawValue]
        var url = template
        for (placeholder, value) in values { url = url.replacing(placeholder, with: Self.percentEncoded(value)) }
        return url
    }

    /// The bank details as a customer copies them: the account holder first (the company's
    /// name when the instruction names none), then bank, IBAN, BIC, account and routing.
    public func transferLines(defaultHolder: String, labels: TransferLabels = .english) -> [String] {
        var lines = ["\(labels.holder): \(accountHolder ?? defaultHolder)", "\(labels.bank): \(bankName)"]
        if let iban { lines.append("IBAN: \(iban)") }
        if let bic { lines.append("BIC: \(bic)") }
        if let accountNumber { lines.append("\(labels.account): \(accountNumber)") }
        if let routingNumber { lines.append("\(labels.routing): \(routingNumber)") }
        return lines
    }

    /// The bank details as lines a person copies from.
    public var lines: [String] {
        var lines = ["Bank: \(bankName)"]
        if let accountHolder { lines.append("Account holder: \(accountHolder)") }
        if let iban { lines.append("IBAN: \(iban)") }
        if let bic { lines.append("BIC: \(bic)") }
        if let accountNumber { lines.append("Account: \(accountNumber)") }
        if let routingNumber { lines.append("Routing: \(routingNumber)") }
        return lines
    }

    /// Unreserved characters as they are, everything else percent-encoded (UTF-8).
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// The words before the bank details in a message's language (IBAN and BIC read the same in
/// every language).
public struct TransferLabels: Sendable, Hashable {
    public var holder: String, bank: String, account: String, routing: String

    public init(holder: String, bank: String, account: String, routing: String) {
        (self.holder, self.bank, self.account, self.routing) = (holder, bank, account, routing)
    }

    public static let english = TransferLabels(holder: "Account holder", bank: "Bank", account: "Account", routing: "Routing")
}
