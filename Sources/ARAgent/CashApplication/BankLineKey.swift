import ARBankFormats
import ARCore

/// The natural key that tells a file's bank lines apart and makes a re-import add nothing.
///
/// A bank reference alone does not identify a credit: banks reuse them (two different credits
/// sharing a CSV `transaction_id`, an MT940 `//` reference, a camt `AcctSvcrRef`), or write a
/// placeholder (`NOTPROVIDED`), and keying by it lost the second credit. So a line is keyed by
/// everything that distinguishes it:
///
/// - with a bank reference: `entry|account|reference|value date|currency|amount in minor units|n`;
/// - with a placeholder reference (``placeholderReferences``), which tells nothing apart, the
///   payer's name and account and the remittance text as well, before `n`;
/// - without one: `content|account|date|amount|payer name|payer account|remittance|n` (the
///   content is all there is to tell it by; unchanged since the first release);
///
/// where `n` is the line's position among the file's lines that are identical in everything
/// before it (the first is 1). The same file, or an overlapping statement that lists the same
/// lines in the same order, yields the same keys, so nothing is stored twice; two credits that
/// differ in anything, or are listed twice, get two keys. Migration 006 re-keyed the lines
/// stored under the earlier reference-only key the same way, from their stored columns, so
/// re-importing a file imported before still adds nothing.
public struct BankLineKey: Sendable {
    /// References banks write when they have none (camt's `NOTPROVIDED`, SWIFT's `NONREF`):
    /// every line of such a file shares them, so the payer and text must tell the lines apart.
    /// Exact spellings, so that migration 006 can compare them the same way in SQL.
    public static let placeholderReferences: Set<String> = ["NOTPROVIDED", "NONREF"]

    private var occurrences: [String: Int] = [:]

    public init() {}

    /// The key of the next line of a file (keys depend on the lines seen before in the same file).
    public mutating func next(_ transaction: BankTransaction, account: String, payment: IncomingPayment) -> String {
        let content: String
        if let reference = transaction.bankReference, !reference.isEmpty {
            let tail = Self.placeholderReferences.contains(reference)
                ? [payment.payerName ?? "", payment.payerAccount ?? "", payment.remittance ?? ""] : []
            content = "entry|" + [account, reference].map(Self.escaped).joined(separator: "|")
                + "|\(payment.valueDate.iso)|\(payment.amount.currency.code)|\(payment.amount.minorUnits)"
                + tail.map { "|" + Self.escaped($0) }.joined()
        } else {
            // Written exactly as before migration 006, so that lines stored then keep their keys.
            content = "content|\(account)|\((transaction.valueDate ?? transaction.bookingDate)?.iso ?? "")|\(transaction.amount)|\(transaction.payerName ?? "")|\(transaction.payerAccount ?? "")|\(transaction.remittance ?? "")"
        }
        let position = occurrences[content, default: 0] + 1
        occurrences[content] = position
        return "\(content)|\(position)"
    }

    /// A field with `\` and `|` escaped, so that no two different lines share a key by where
    /// a `|` falls. Migration 006 writes the same escaping in SQL.
    static func escaped(_ field: String) -> String {
        // By scalar, as SQL's REPLACE sees the text (a `|` followed by a combining mark is one
        // Character in Swift but still a `|` to the database).
        var result = String.UnicodeScalarView()
        for scalar in field.unicodeScalars {
            if scalar == "\\" || scalar == "|" { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }
}
