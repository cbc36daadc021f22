import ARAgent
import ARServer
import Foundation
import HummingbirdTesting
import Testing

@Suite("Ledger gauges on /metrics")
struct LedgerGaugesTests {
    @Test("/metrics reports actions by status as the ledger holds them, and the bank lines waiting")
    func actionsByStatus() async throws {
        try await ServerFixture.with { fixture, client in
            let proposed = try await fixture.store.actions(status: .proposed).count
            #expect(proposed > 0)
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = response.text
                #expect(text.contains("aragent_actions{status=\"proposed\"} \(proposed)"), "\(text.split(separator: "\n").filter { $0.contains("aragent_actions") })")
                #expect(text.contains("aragent_bank_lines_waiting{status=\"review\"} 0"))
            }
        }
    }
}
