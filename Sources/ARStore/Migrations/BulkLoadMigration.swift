/// Migration 009: drops `invoices_open`, the partial index on open invoices' customer that
/// migration 004 added for the planner.
///
/// No query uses it: the planner, cash application and the reports select open invoices by
/// `open_amount_minor > 0 AND paid_date IS NULL`, which a `status = 'open'` index cannot serve,
/// and a customer's invoices are found through `invoices_aging`, whose first column is the
/// customer. It cost every import: 1.2 s of a 1,000,000-invoice load on SQLite was spent
/// building it.
extension Migration {
    static let bulkLoad = Migration(name: "2026-12-02-009-drop-unused-invoice-index") { _ in
        ["DROP INDEX invoices_open"]
    }
}
