import ARAgent
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// The currencies a policy must judge, read from the ledger on every engine: those of open
/// invoices, and the revenue currencies of customers with one; a policy that cannot judge them
/// is refused when set.
@Suite("Policy currencies in the ledger")
struct PolicyCurrenciesStoreTests {
    @Test("open invoices' currencies and their customers' revenue currencies; policy activation checks them", arguments: TestEnvironment.engines)
    func currencies(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let customers = """
                customer_id,name,currency,annual_revenue
                C1,Acme,USD,2000000.00
                C2,Nippon KK,JPY,90000000
                C3,Gulf Trading,KWD,100000.000

                """
            let invoices = """
                invoice_number,customer_id,issue_date,due_date,currency,amount,paid_date
                A1,C1,2026-05-01,2026-06-01,USD,500.00,
                J1,C2,2026-05-01,2026-06-01,EUR,900.00,
                K1,C3,2026-05-01,2026-06-01,CHF,700.00,2026-06-05

                """
            _ = try await ImportService(store: store).importFile(bytes: Array(customers.utf8), file: "customers.csv", kind: .customers, options: ImportOptions())
            _ = try await ImportService(store: store).importFile(bytes: Array(invoices.utf8), file: "invoices.csv", kind: .invoices, options: ImportOptions())
            let inUse = try await store.currenciesInUse()
            // K1 is paid: neither CHF nor C3's KWD revenue needs judging.
            #expect(inUse.balances == [.usd, .eur])
            #expect(inUse.revenues == [.usd, try #require(Currency(code: "JPY"))])

            let service = CollectionsService(store: store, actor: "jane")
            let body = "version = \"v1\"\n[[steps]]\nid = \"a\"\noffset_days = 1\nkind = \"reminder\"\n"
            await #expect(throws: PolicyCurrencyError.self) {
                try await service.activate(policy: try DunningPolicyFile.parse(body, file: "p.toml"), body: body, file: "p.toml")
            }
            #expect(try await store.activePolicy() == nil)
            let withYen = body + "[rates]\nJPY = \"0.0067 USD\"\n"
            try await service.activate(policy: try DunningPolicyFile.parse(withYen, file: "p.toml"), body: withYen, file: "p.toml")
            #expect(try await store.activePolicy()?.policy.version == "v1")
        }
    }
}
