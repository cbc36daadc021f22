/// Why balances could not be judged against the policy's money thresholds: what is missing or
/// too large, and how to fix it. The planner refuses the whole plan rather than judge a balance
/// against an amount of another currency or skip it silently.
public enum ThresholdError: Error, Hashable, Sendable, CustomStringConvertible {
    /// For each currency, the threshold keys that have neither an amount of that currency nor a
    /// rate to convert the base amount (in `base`).
    case noAmount([Currency: [String]], base: Currency)
    /// Converting the threshold's amount into `currency` gives more than an amount can hold.
    case conversionOverflow(threshold: String, amount: Money, currency: Currency)
    /// A customer's open amounts in one currency add up to more than an amount can hold.
    case totalOverflow(customer: CustomerID, currency: Currency, invoices: [InvoiceNumber])

    public var description: String {
        switch self {
        case .noAmount(let missing, let base):
            let currencies = missing.keys.sorted()
            let each = currencies.map { "\($0.code) (\(missing[$0, default: []].joined(separator: ", ")))" }.joined(separator: ", ")
            let first = currencies.first?.code ?? "EUR"
            let key = currencies.first.flatMap { missing[$0]?.first } ?? "minimum_balance"
            return "the policy has no amount for \(each) and no rate to convert its \(base.code) amount; for each currency, add its own amounts "
                + "in a [thresholds.\(first)] table (such as \(key) = \"50.00 \(first)\") or its rate under [rates] "
                + "(such as \(first) = \"1.08 \(base.code)\"), then activate the policy with `aragent policy set FILE`"
        case .conversionOverflow(let threshold, let amount, let currency):
            return "\(threshold) \(amount) converted to \(currency.code) is too large to be an amount; give \(currency.code) its own \(threshold) "
                + "in a [thresholds.\(currency.code)] table, or check the rate of \(currency.code) under [rates]"
        case .totalOverflow(let customer, let currency, let invoices):
            let shown = invoices.prefix(5).map(\.rawValue).joined(separator: ", ")
            return "the open \(currency.code) amounts of customer \(customer) add up to more than an amount can hold "
                + "(invoices \(shown)\(invoices.count > 5 ? " and \(invoices.count - 5) more" : "")); correct the imported amounts"
        }
    }

    /// The same errors merged: the missing keys of several lookups listed together.
    static func merged(_ errors: [ThresholdError]) -> ThresholdError? {
        var missing: [Currency: [String]] = [:]
        var base: Currency?
        for error in errors {
            guard case .noAmount(let keys, let currency) = error else { return error }
            base = base ?? currency
            for (code, names) in keys { missing[code, default: []] += names.filter { !(missing[code] ?? []).contains($0) } }
        }
        guard let base, !missing.isEmpty else { return nil }
        return .noAmount(missing, base: base)
    }
}
