/// Migration 007: what the lifecycles of promises and holds need beyond migration 004.
///
/// - `promises.open_at_promise_minor`: what the invoice had open when the promise was made, so a
///   promise of part of the amount is judged kept once the open amount has fallen by that much
///   (``PromiseJudgement``); older promises leave it NULL and are judged by settlement only.
/// - At most one open promise per invoice (a new promise supersedes the open one): older ledgers
///   may hold several, of which the newest stays open and the others are cancelled, saying so.
/// - At most one active hold per customer and per invoice, so `unhold` releases exactly the hold
///   that `hold list` shows.
extension Migration {
    static let lifecycles = Migration(name: "2026-12-02-007-lifecycles") { _ in
        [
            "ALTER TABLE promises ADD COLUMN open_at_promise_minor BIGINT",
            """
            UPDATE promises SET status = 'cancelled', closed_by = 'migration',
                closed_at = (SELECT MIN(later.created_at) FROM promises later
                             WHERE later.invoice_number = promises.invoice_number AND later.status = 'open' AND later.id > promises.id),
                close_note = 'superseded by a later promise on the same invoice'
            WHERE status = 'open' AND EXISTS (SELECT 1 FROM promises later WHERE later.invoice_number = promises.invoice_number
                                              AND later.status = 'open' AND later.id > promises.id)
            """,
            "DROP INDEX promises_open",
            "CREATE UNIQUE INDEX promises_one_open ON promises (invoice_number) WHERE status = 'open'",
            """
            UPDATE holds SET status = 'released', released_at = created_at, released_by = 'migration',
                release_note = 'superseded by a later hold on the same target'
            WHERE status = 'active' AND EXISTS (SELECT 1 FROM holds later WHERE later.status = 'active' AND later.id > holds.id
                                                AND (later.customer_id = holds.customer_id OR later.invoice_number = holds.invoice_number))
            """,
            "CREATE UNIQUE INDEX holds_one_active_customer ON holds (customer_id) WHERE status = 'active' AND customer_id IS NOT NULL",
            "CREATE UNIQUE INDEX holds_one_active_invoice ON holds (invoice_number) WHERE status = 'active' AND invoice_number IS NOT NULL",
        ]
    }
}
