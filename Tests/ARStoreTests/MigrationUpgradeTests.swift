import ARCore
@testable import ARStore
import ARTestSupport
import Foundation
import SQLKit
import Testing

/// A ledger made by the shipped version (migrations 001-003, with cash applied, a dispute opened
/// and a reminder queued) upgrades to migration 004 on both engines without losing a cent.
@Suite("Migration 004 upgrades a ledger made before it")
struct MigrationUpgradeTests {
    @Test("the ERP's figures are recovered, derived state is kept, records gain their lifecycle columns", arguments: TestEnvironment.engines)
    func upgrade(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        let old = try await Database.open(location, migrate: false)
        do {
            try await Migrator(database: old).migrate(through: "2026-11-29-003-collections")
            for statement in [
                "INSERT INTO customers (customer_id, name, key_account, placeholder, content_hash) VALUES ('C1', 'Acme', false, false, 0)",
                // INV-1: 300.00, 100.00 applied by ARAgent (open 200.00); INV-2 settled by ARAgent; INV-3 disputed in the ERP; INV-4 disputed here.
                "INSERT INTO invoices VALUES ('INV-1', 'C1', '2026-05-01', '2026-05-31', 'USD', 30000, 20000, NULL, NULL, false, 'open', 0, NULL)",
                "INSERT INTO invoices VALUES ('INV-2', 'C1', '2026-05-01', '2026-05-31', 'USD', 5000, 0, NULL, '2026-06-10', false, 'paid', 0, NULL)",
                "INSERT INTO invoices VALUES ('INV-3', 'C1', '2026-05-01', '2026-05-31', 'USD', 7000, 7000, NULL, NULL, true, 'open', 0, NULL)",
                "INSERT INTO invoices VALUES ('INV-4', 'C1', '2026-05-01', '2026-05-31', 'USD', 8000, 8000, NULL, NULL, true, 'open', 0, NULL)",
                "INSERT INTO bank_transactions (natural_key, format, value_date, currency, amount_minor, structured_references, status, unapplied_minor, summary) VALUES ('k1', 'csv', '2026-06-10', 'USD', 15000, '', 'applied', 0, 'x')",
                "INSERT INTO allocations (transaction_id, invoice_number, currency, amount_minor, adjustment_minor, confidence, decided_by, created_at, reason) VALUES (1, 'INV-1', 'USD', 10000, 0, 1000, 'agent', '2026-06-10T00:00:00Z', 'x')",
                "INSERT INTO allocations (transaction_id, invoice_number, currency, amount_minor, adjustment_minor, confidence, decided_by, created_at, reason) VALUES (1, 'INV-2', 'USD', 5000, 0, 1000, 'agent', '2026-06-10T00:00:00Z', 'x')",
                "INSERT INTO disputes (invoice_number, dispute_type, status, created_at, created_by) VALUES ('INV-4', 'pricing', 'open', '2026-06-01T00:00:00Z', 'jane')",
                "INSERT INTO actions (id, kind, step_id, customer_id, invoice_numbers, currency, total_minor, channel, template, tone, requires_approval, status, reason, policy_version, planned_for, created_at) VALUES ('A1', 'reminder', 's', 'C1', 'INV-1', 'USD', 20000, 'email', 't', 'firm', false, 'approved', 'r', 'v', '2026-06-01', 'x')",
                "INSERT INTO outbox (action_id, message_id, recipient, subject, text_body, html_body, status, attempts, next_attempt_at) VALUES ('A1', '<m>', 'a@b.c', 's', 't', 'h', 'pending', 0, 'x')",
            ] {
                try await old.sql.raw(SQLQueryString(statement)).run()
            }
        } catch {
            await old.close()
            throw error
        }
        await old.close()

        let upgraded = try await Database.open(location)
        do {
            let rows = try await upgraded.fetch("SELECT invoice_number, erp_open_minor, erp_paid_date, erp_disputed, open_amount_minor, paid_date, disputed FROM invoices ORDER BY invoice_number")
            #expect(rows[0] == [.text("INV-1"), .int(30_000), .null, engine == .sqlite ? .int(0) : .bool(false), .int(20_000), .null, engine == .sqlite ? .int(0) : .bool(false)])
            #expect(rows[1][1] == .int(5_000) && rows[1][2] == .null && rows[1][4] == .int(0), "the ERP had INV-2 open; ARAgent settled it")
            #expect(rows[2][3] == (engine == .sqlite ? .int(1) : .bool(true)), "INV-3's flag came from the ERP")
            #expect(rows[3][3] == (engine == .sqlite ? .int(0) : .bool(false)), "INV-4's dispute was ARAgent's")
            let disputes = try await upgraded.fetch("SELECT invoice_number, status, created_by FROM disputes ORDER BY invoice_number")
            #expect(disputes == [[.text("INV-3"), .text("open"), .text("erp")], [.text("INV-4"), .text("open"), .text("jane")]])
            #expect(try await upgraded.fetch("SELECT channel FROM outbox") == [[.text("email")]])
            let report = try await SQLLedgerStore(database: upgraded).verify(limit: 10)
            #expect(report.violations.filter { $0.rule != "status_transitions" } == [], "the upgraded ledger keeps every money invariant")
        } catch {
            await upgraded.close()
            throw error
        }
        await upgraded.close()
    }
}
