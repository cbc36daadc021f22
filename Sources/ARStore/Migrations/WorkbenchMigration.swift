/// Migration 010: the index the customer page needs. A customer's messages were found by
/// scanning the whole outbox; with a year of reminders to ten thousand customers that is the
/// slowest part of the page.
extension Migration {
    static let workbench = Migration(name: "2026-12-02-010-workbench-indexes") { _ in
        ["CREATE INDEX outbox_customer ON outbox (customer_id)"]
    }
}
