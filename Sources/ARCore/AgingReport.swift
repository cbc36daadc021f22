/// One customer's aging in one currency.
public struct CustomerAging: Hashable, Sendable {
    public let customerID: CustomerID
    public let name: String
    public let row: AgingRow

    public init(customerID: CustomerID, name: String, row: AgingRow) {
        self.customerID = customerID
        self.name = name
        self.row = row
    }
}

/// Where cash is stuck on a day: totals per currency and each customer's share, largest first.
public struct AgingReport: Hashable, Sendable {
    public let asOf: CalendarDate
    /// One row per currency, by currency code.
    public let totals: [AgingRow]
    /// One row per customer and currency with anything open, by total descending.
    public let customers: [CustomerAging]

    /// Assembles a report from per-customer rows (as a store aggregates them), adding the totals and
    /// ordering customers by balance: the shape every caller gets, however the rows were computed.
    public init(asOf: CalendarDate, customerRows: [CustomerAging]) throws(MoneyOverflow) {
        self.asOf = asOf
        var totals: [Currency: AgingRow] = [:]
        for customer in customerRows {
            try totals[customer.row.currency, default: .empty(customer.row.currency)].add(customer.row)
        }
        self.totals = totals.values.sorted { $0.currency < $1.currency }
        // The positions are sorted, not the rows: moving a row (a name, an array of buckets)
        // retains and releases, and sorting 100,000 of them that way was a tenth of the report.
        let balances = customerRows.map(\.row.totalMinorUnits)
        let order = customerRows.indices
            .filter { customerRows[$0].row.buckets.contains { $0 != 0 } }
            .sorted { left, right in
                if balances[left] != balances[right] { return balances[left] > balances[right] }
                if customerRows[left].customerID != customerRows[right].customerID {
                    return customerRows[left].customerID < customerRows[right].customerID
                }
                return customerRows[left].row.currency < customerRows[right].row.currency
            }
        self.customers = order.map { customerRows[$0] }
    }

    /// Computes the report straight from invoices: the reference definition that the SQL
    /// aggregation in the store is tested against.
    public init(asOf: CalendarDate, invoices: some Sequence<Invoice>, customerNames: [CustomerID: String]) throws(MoneyOverflow) {
        var rows: [CustomerCurrency: AgingRow] = [:]
        for invoice in invoices {
            let open = invoice.outstanding(atEndOf: asOf)
            guard open != 0 else { continue }
            let key = CustomerCurrency(customer: invoice.customerID, currency: invoice.currency)
            do {
                try rows[key, default: .empty(invoice.currency)].add(open, to: AgingBucket(daysPastDue: invoice.daysPastDue(on: asOf)))
            } catch {
                throw error.summing("the open invoices of customer \(invoice.customerID) in \(invoice.currency)")
            }
        }
        try self.init(asOf: asOf, customerRows: rows.map { key, row in
            CustomerAging(customerID: key.customer, name: customerNames[key.customer] ?? key.customer.rawValue, row: row)
        })
    }

    /// The first `count` customers by balance.
    public func top(_ count: Int) -> AgingReport {
        AgingReport(asOf: asOf, totals: totals, customers: Array(customers.prefix(count)))
    }

    private init(asOf: CalendarDate, totals: [AgingRow], customers: [CustomerAging]) {
        self.asOf = asOf
        self.totals = totals
        self.customers = customers
    }
}

/// A customer's balance in one currency is kept apart from its balance in another.
struct CustomerCurrency: Hashable {
    let customer: CustomerID
    let currency: Currency
}
