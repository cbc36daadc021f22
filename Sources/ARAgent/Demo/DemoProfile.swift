import ARCore

/// The demo company's identity and bank instructions, so the demo's messages and portal show
/// what a real installation would. The bank details are of no real account (IBAN check digits
/// valid, bank names invented).
public enum DemoProfile {
    public static let profile = CompanyProfile(
        legalName: "Northwind Supplies Ltd.",
        address: "12 Harbour Road\nBristol BS1 5TT\nUnited Kingdom",
        arContact: "Accounts Receivable, ar@northwind.example, +44 117 496 0000",
        replyTo: "ar@northwind.example",
        logoURL: nil,
        payment: [
            PaymentInstruction(currency: "USD", bankName: "First Demo Bank, New York", accountHolder: "Northwind Supplies Ltd.",
                               accountNumber: "000123456789", routingNumber: "021000021",
                               paymentURL: "https://pay.northwind.example/checkout?client_reference_id={invoices}&amount={amount_minor}&currency={currency}"),
            PaymentInstruction(currency: "EUR", bankName: "Demo Bank Europe", accountHolder: "Northwind Supplies Ltd.",
                               iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX"),
            PaymentInstruction(currency: "GBP", bankName: "Demo Bank UK", accountHolder: "Northwind Supplies Ltd.",
                               iban: "GB29 NWBK 6016 1331 9268 19", bic: "NWBKGB2L", accountNumber: "31926819", routingNumber: "60-16-13 (sort code)"),
        ])
}
