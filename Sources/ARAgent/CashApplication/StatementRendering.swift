import ARBankFormats
import ARCore

/// A generated world's credits written as one statement file, so that cash application is
/// measured from the bytes a bank sends: CSV, camt.053, BAI2 and MT940, each also in a
/// free-text form where the payer's name and account are not in fields of their own but in the
/// one unstructured text with the remittance (`NAME ACCOUNT REMITTANCE`), as many banks write
/// them: a CSV with only a description, camt `Ustrd` alone (cut at its 140 characters), BAI2
/// text without `ORIG CO NAME:`/`RMT INFO:` labels, MT940 `:86:` without `/NAME/`/`/REMI/` keys
/// (6 lines of 65).
public enum StatementRendering: String, CaseIterable, Sendable, Hashable {
    case csv, csvText = "csv-text", camt053, camt053Text = "camt053-text", bai2, bai2Text = "bai2-text", mt940, mt940Text = "mt940-text"

    public var format: BankFileFormat {
        switch self {
        case .csv, .csvText: .csv
        case .camt053, .camt053Text: .camt053
        case .bai2, .bai2Text: .bai2
        case .mt940, .mt940Text: .mt940
        }
    }

    public var isFreeText: Bool { self == .csvText || self == .camt053Text || self == .bai2Text || self == .mt940Text }

    public var fileName: String {
        switch format {
        case .camt053: "statement.xml"
        case .bai2: "statement.bai2"
        case .mt940: "statement.sta"
        default: "statement.csv"
        }
    }

    /// camt's `Ustrd` is `Max140Text`.
    public static let camtUnstructuredLength = 140
    /// MT940's `:86:` is 6 lines of 65 characters.
    public static let mt940DetailsLength = 6 * 65
    /// MT940's `:61:` bank reference (after `//`) holds 16 characters.
    public static let mt940ReferenceLength = 16

    /// The one text a free-text rendering writes for a credit: name, account and remittance.
    public static func freeText(_ payment: IncomingPayment) -> String? {
        let parts = [payment.payerName, payment.payerAccount, payment.remittance].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The statement text, and the bank reference written for each payment (its id, or where a
    /// format cannot hold the id, a short one) so answers can be found again after reading back.
    public func render(_ payments: [IncomingPayment], asOf: CalendarDate) -> (text: String, ids: [String: PaymentID]) {
        var ids: [String: PaymentID] = [:]
        let tooLong = format == .mt940 && payments.contains { $0.id.rawValue.count > Self.mt940ReferenceLength }
        let transactions = payments.enumerated().map { index, payment in
            let reference = tooLong ? "R" + String(index + 1) : payment.id.rawValue
            ids[reference] = payment.id
            var text = isFreeText ? Self.freeText(payment) : payment.remittance
            if self == .camt053Text { text = text.map { String($0.prefix(Self.camtUnstructuredLength)) } }
            return BankTransaction(bankReference: reference, bookingDate: payment.valueDate, valueDate: payment.valueDate, amount: payment.amount,
                                   payerName: isFreeText ? nil : payment.payerName, payerAccount: isFreeText ? nil : payment.payerAccount,
                                   remittance: text)
        }
        let text: String
        switch format {
        case .camt053:
            text = StatementWriter.camt053(transactions, account: "US00ARAGENT0000000001", statementID: "STMT-\(asOf.iso)", created: asOf)
        case .bai2:
            text = StatementWriter.bai2(transactions, account: "0000000001", created: asOf, labelled: !isFreeText, groupPerDay: true)
        case .mt940:
            text = StatementWriter.mt940(transactions, account: "US00ARAGENT0000000001", statementID: "STMT\(asOf.iso)", created: asOf, keyed: !isFreeText)
        default:
            text = StatementWriter.csv(transactions)
        }
        return (text, ids)
    }

    /// Reads a rendered statement back with the product's parsers, as payments named by the ids
    /// they were rendered from.
    public static func readBack(_ bytes: [UInt8], ids: [String: PaymentID]) throws -> [IncomingPayment] {
        let file = try BankFileReader.read(bytes)
        return CashApplicationService.payments(from: file).map { payment in
            var payment = payment
            if let original = ids[payment.id.rawValue] { payment.id = original }
            return payment
        }
    }
}
