/// What past receipts teach about who pays for whom: which bank accounts and which payer names
/// paid which customers' invoices (a parent paying for its subsidiaries shows up here as the
/// parent's account paying the subsidiary), and which customers never write a reference.
public struct PayerKnowledge: Sendable {
    /// Normalized account → customer → receipts.
    public private(set) var accounts: [String: [CustomerID: Int]] = [:]
    /// Normalized payer name → customer → receipts.
    public private(set) var names: [String: [CustomerID: Int]] = [:]
    /// Customer → (receipts, receipts whose remittance named an invoice).
    public private(set) var referenceHabits: [CustomerID: (receipts: Int, withReference: Int)] = [:]
    /// Customer → the largest receipt it paid before, per currency (minor units): what an
    /// overpayment held on account is measured against.
    public private(set) var largestReceipts: [CustomerID: [Currency: Int64]] = [:]

    public init() {}

    public init(history: some Sequence<HistoricalReceipt>) {
        self.init()
        for receipt in history { learn(receipt) }
    }

    public mutating func learn(_ receipt: HistoricalReceipt) {
        let customer = receipt.customerID
        if let account = receipt.payment.payerAccount.flatMap(PayerKnowledge.normalizedAccount) {
            accounts[account, default: [:]][customer, default: 0] += 1
        }
        if let name = receipt.payment.payerName {
            let key = PayerName(name).key
            if !key.isEmpty { names[key, default: [:]][customer, default: 0] += 1 }
        }
        let mentioned = receipt.invoiceNumbers.contains { number in
            guard let remittance = receipt.payment.remittance, let keys = ReferenceKeys(number.rawValue) else { return false }
            return RemittanceTokens.of(remittance).contains { token in
                guard let tokenKeys = ReferenceKeys(token) else { return false }
                return tokenKeys.digits == keys.digits || tokenKeys.digitGroups == keys.digitGroups
            }
        }
        let amount = receipt.payment.amount
        if amount.isPositive, amount.minorUnits > largestReceipts[customer]?[amount.currency] ?? 0 {
            largestReceipts[customer, default: [:]][amount.currency] = amount.minorUnits
        }
        var habit = referenceHabits[customer] ?? (0, 0)
        habit.receipts += 1
        if mentioned { habit.withReference += 1 }
        referenceHabits[customer] = habit
    }

    /// The customers this account has paid for, with how many receipts.
    public func customers(forAccount account: String) -> [CustomerID: Int] {
        PayerKnowledge.normalizedAccount(account).flatMap { accounts[$0] } ?? [:]
    }

    public func customers(forName name: String) -> [CustomerID: Int] { names[PayerName(name).key] ?? [:] }

    /// True when the customer's past receipts almost never named an invoice: matching by amount
    /// alone is then the normal case for it, not a sign of doubt.
    public func rarelyReferences(_ customer: CustomerID) -> Bool {
        guard let habit = referenceHabits[customer], habit.receipts >= 3 else { return false }
        return habit.withReference * 5 < habit.receipts
    }

    /// True when every one of at least ``minimumReceiptsForOldestFirst`` past receipts (almost)
    /// named no invoice: a customer that pays by amount (a subscription), for which the oldest of
    /// several open invoices of one amount is the one it pays. Without that history, such a
    /// payment could pay any of them, and a person decides.
    public func paysWithoutReferences(_ customer: CustomerID) -> Bool {
        guard let habit = referenceHabits[customer], habit.receipts >= Self.minimumReceiptsForOldestFirst else { return false }
        return habit.withReference * 5 < habit.receipts
    }

    /// Two receipts without a reference make a habit; one does not.
    public static let minimumReceiptsForOldestFirst = 2

    /// The largest receipt the customer paid before in that currency, if any.
    public func largestReceipt(of customer: CustomerID, in currency: Currency) -> Money? {
        largestReceipts[customer]?[currency].map { Money(minorUnits: $0, currency: currency) }
    }

    /// Account numbers compared without spaces, dashes and case; masked or too-short ones are ignored.
    public static func normalizedAccount(_ account: String) -> String? {
        let cleaned = String(account.uppercased().filter { $0.isLetter || $0.isNumber })
        return cleaned.count >= 5 ? cleaned : nil
    }
}
