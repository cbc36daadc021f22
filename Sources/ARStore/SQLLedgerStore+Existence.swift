import ARAgent
import ARCore

extension SQLLedgerStore {
    public func existingInvoiceNumbers(among numbers: Set<InvoiceNumber>) async throws -> Set<InvoiceNumber> {
        let found = try await existingHashes(spec: .invoices, keys: numbers.map(\.rawValue))
        return Set(found.keys.map { InvoiceNumber($0) })
    }
}
