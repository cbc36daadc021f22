/// Migration 012: the customer's language (`customers.csv` `language`, ISO 639-1), which
/// chooses the language of the messages the customer gets. Existing customers have none
/// (English) until an import names one.
extension Migration {
    static let language = Migration(name: "2026-12-03-012-customer-language") { _ in
        ["ALTER TABLE customers ADD COLUMN language TEXT"]
    }
}
