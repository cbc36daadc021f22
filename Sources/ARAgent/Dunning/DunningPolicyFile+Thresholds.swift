import ARCore

/// The money thresholds in the policy file:
///
/// ```toml
/// base_currency = "USD"             # optional: else the currency the amounts name, else USD
/// minimum_balance = "50.00 USD"     # the base amounts, one per threshold
/// small_balance = "250.00 USD"
/// approval_above = "50000.00 USD"
/// high_value_revenue = "1000000.00 USD"
///
/// [thresholds.JPY]                  # a currency's own amounts (in that currency's digits)
/// minimum_balance = "5000 JPY"
/// small_balance = "25000 JPY"
///
/// [rates]                           # what one unit of a currency is worth in the base currency
/// JPY = "0.0067 USD"
/// CHF = "1.12 USD"
/// ```
/// A balance in a currency is judged against that currency's own amount when its table has
/// one, else against the base amount converted at its rate (rounded once, half away from zero).
/// A key the file leaves out keeps the default (its USD amount and the default EUR and GBP
/// amounts); a key it sets replaces the default entirely, own amounts of other currencies
/// included. Whether every currency the ledger holds has what it needs is checked against the
/// ledger when the policy is set (`CollectionsService.activate`), and again when planning.
extension DunningPolicyFile {
    typealias Entries = [String: (Value, Int)]

    /// What the file says about money: the default policy with the file's thresholds and rates
    /// in place, and the notes on amounts read in the old form.
    struct ThresholdSettings {
        var thresholds: DunningPolicy
        var notes: [String]
    }

    static func readThresholds(top: Entries, tables: [Currency: (line: Int, values: Entries)], rates rateTable: (line: Int, values: [Currency: (Value, Int)])?,
                               file: String) throws(PolicyFileError) -> ThresholdSettings {
        func fail(_ line: Int, _ message: String) -> PolicyFileError { PolicyFileError(file: file, line: line, message: message) }
        typealias Threshold = DunningPolicy.Threshold

        // The base currency: named, else the first currency a base amount names, else USD.
        var base = Currency.usd
        var baseFrom = "the default"
        var baseLine = 1
        var written: [Threshold: (text: String, number: String, currency: Currency?, line: Int)] = [:]
        for threshold in Threshold.allCases {
            guard let (value, line) = top[threshold.rawValue] else { continue }
            let (text, number, currency) = try split(value, key: threshold.rawValue, at: line, file: file)
            written[threshold] = (text, number, currency, line)
        }
        if let (value, line) = top["base_currency"] {
            guard case .string(let code) = value, let currency = Currency(code: code.filter { $0 != " " }) else {
                throw fail(line, "base_currency must be an ISO 4217 currency code in quotes, such as \"USD\"")
            }
            (base, baseFrom, baseLine) = (currency, "base_currency at line \(line)", line)
        } else if let first = written.filter({ $0.value.currency != nil }).min(by: { $0.value.line < $1.value.line }), let currency = first.value.currency {
            (base, baseFrom, baseLine) = (currency, "\(first.key.rawValue) at line \(first.value.line)", first.value.line)
        }

        // The defaults are USD figures (with EUR and GBP amounts of their own): another base currency must name every amount.
        let defaults = DunningPolicy()
        if base != defaults.baseCurrency {
            let missing = Threshold.allCases.filter { written[$0] == nil }
            if let first = missing.first {
                throw fail(baseLine, "\(missing.map(\.rawValue).joined(separator: ", ")) must be given: the defaults are \(defaults.baseCurrency.code) amounts, and this policy's base currency is \(base.code) (\(baseFrom)); write each in \(base.code), such as \(first.rawValue) = \"\(example(base))\"")
            }
        }

        var notes: [String] = []
        var policy = defaults
        for threshold in Threshold.allCases {
            guard let entry = written[threshold] else { continue }
            if let currency = entry.currency, currency != base {
                throw fail(entry.line, "\(threshold.rawValue) is in \(currency.code), but the policy's base currency is \(base.code) (\(baseFrom)); write it in \(base.code), and give \(currency.code) its own amount in a [thresholds.\(currency.code)] table")
            }
            let amount = try money(entry.number, in: base, key: threshold.rawValue, text: entry.text, at: entry.line, file: file)
            if entry.currency == nil {
                notes.append("line \(entry.line): \(threshold.rawValue) = \"\(entry.text)\" names no currency and is read as \(amount) (the policy's base currency: \(baseFrom == "the default" ? "USD unless base_currency names another" : baseFrom))")
            }
            policy[threshold] = MoneyThreshold(amount)
        }
        policy.rates = ExchangeRates(quote: base)

        for (currency, table) in tables.sorted(by: { $0.key < $1.key }) {
            guard currency != base else {
                throw fail(table.line, "[thresholds.\(base.code)]: \(base.code) is the policy's base currency; its amounts are the top-level keys, such as minimum_balance = \"\(example(base))\"")
            }
            for threshold in Threshold.allCases {
                guard let (value, line) = table.values[threshold.rawValue] else { continue }
                let (text, number, named) = try split(value, key: threshold.rawValue, at: line, file: file)
                if let named, named != currency {
                    throw fail(line, "\(threshold.rawValue) in [thresholds.\(currency.code)] is in \(named.code); write a \(currency.code) amount, such as \"\(example(currency))\"")
                }
                policy[threshold].setOverride(try money(number, in: currency, key: threshold.rawValue, text: text, at: line, file: file))
            }
        }

        if let rateTable {
            for (currency, (value, line)) in rateTable.values.sorted(by: { $0.key < $1.key }) {
                let usage = "\(currency.code) = \"1.08 \(base.code)\" (one \(currency.code) is worth 1.08 \(base.code))"
                guard currency != base else { throw fail(line, "\(currency.code) in [rates]: \(base.code) is the base currency and needs no rate") }
                guard case .string(let text) = value else { throw fail(line, "the rate of \(currency.code) must be in quotes, such as \(usage)") }
                let parts = text.split(separator: " ", omittingEmptySubsequences: true)
                guard parts.count == 2 else { throw fail(line, "the rate of \(currency.code) must say what one \(currency.code) is worth in \(base.code), such as \(usage)") }
                guard Currency(code: String(parts[1])) == base else {
                    throw fail(line, "the rate of \(currency.code) is quoted in \(parts[1]); rates are quoted in the policy's base currency \(base.code), such as \(usage)")
                }
                do {
                    policy.rates.set(try DecimalRate(parsing: String(parts[0])), for: currency)
                } catch {
                    throw fail(line, "the rate of \(currency.code) \"\(text)\" \(error)")
                }
            }
        }

        return ThresholdSettings(thresholds: policy, notes: notes)
    }

    /// `"50.00 USD"` split into its number and currency; `"50.00"` (the old form) has no currency.
    static func split(_ value: Value, key: String, at line: Int, file: String) throws(PolicyFileError) -> (text: String, number: String, currency: Currency?) {
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(file: file, line: line, message: message) }
        guard case .string(let text) = value else { throw fail("\(key) must be an amount in quotes, such as \"50.00 USD\"") }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 1: return (text, parts[0], nil)
        case 2:
            guard let currency = Currency(code: parts[1]) else {
                if Currency(code: parts[0]) != nil { throw fail("\(key) \"\(text)\": write the amount first, then the currency, such as \"\(parts[1]) \(parts[0])\"") }
                throw fail("\(key) \"\(text)\": '\(parts[1])' is not an ISO 4217 currency code, such as USD, EUR or JPY")
            }
            return (text, parts[0], currency)
        default: throw fail("\(key) must be an amount and its currency in quotes, such as \"50.00 USD\"")
        }
    }

    /// The number as an amount of `currency`, with no more decimals than the currency has (ISO
    /// 4217: none for JPY, three for KWD): an extra digit is an error, never rounded.
    static func money(_ number: String, in currency: Currency, key: String, text: String, at line: Int, file: String) throws(PolicyFileError) -> Money {
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(file: file, line: line, message: message) }
        let decimals = number.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        let digits = currency.minorUnitDigits
        guard decimals <= digits else {
            throw fail("\(key) \"\(text)\" has \(decimals) decimals, but \(currency.code) amounts have \(digits == 0 ? "none" : String(digits)) (ISO 4217); write it such as \"\(example(currency))\"")
        }
        let minor: Int64
        do { minor = try MoneyFormat.parseMinorUnits(Array(number.utf8)[...], digits: digits) } catch {
            throw fail("\(key) \"\(text)\" \(error)")
        }
        guard minor >= 0 else { throw fail("\(key) \"\(text)\" must not be negative") }
        return Money(minorUnits: minor, currency: currency)
    }

    /// `50.00 USD`, `50 JPY`, `50.000 KWD`: fifty in the currency's own digits, for messages.
    static func example(_ currency: Currency) -> String {
        "\(MoneyFormat.decimalString(minorUnits: 50 * currency.minorUnitsPerMajor, digits: currency.minorUnitDigits)) \(currency.code)"
    }

    /// The per-currency tables and the rates, as `render` writes them after the base amounts.
    static func renderThresholds(_ policy: DunningPolicy) -> [String] {
        let base = policy.baseCurrency.code
        var lines: [String] = []
        let currencies = Set(DunningPolicy.Threshold.allCases.flatMap { policy[$0].overrides.keys }).sorted()
        for currency in currencies {
            lines += ["", "[thresholds.\(currency.code)]   # \(currency.code) balances are judged by these amounts"]
            for threshold in DunningPolicy.Threshold.allCases {
                if let amount = policy[threshold].overrides[currency] { lines.append("\(threshold.rawValue) = \"\(amount)\"") }
            }
        }
        let rates = policy.rates.rates.sorted { $0.key < $1.key }
        if rates.isEmpty {
            lines += ["", "# A currency with no table above is judged by the \(base) amounts converted at its rate, which you supply:",
                      "# [rates]", "# CHF = \"1.12 \(base)\"   # one CHF is worth 1.12 \(base)"]
        } else {
            lines += ["", "[rates]   # what one unit of a currency is worth in \(base), for currencies with no table above"]
            lines += rates.map { "\($0.key.code) = \"\($0.value) \(base)\"" }
        }
        return lines
    }
}
