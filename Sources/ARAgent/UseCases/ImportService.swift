import ARCore

/// What `aragent import` reports back.
public struct ImportReport: Sendable {
    public var file: String
    public var kind: ImportKind
    public var rowsRead: Int
    public var records: Int
    public var outcome: ImportOutcome
    public var skipped: [String: Int]
    public var skippedProblems: [ImportProblem]
    /// Things that were imported but deserve a look, such as a parent company the ledger does not know.
    public var warnings: [String] = []
}

/// Unknown customers named by invoices, and the user asked for them to be an error.
public struct UnknownCustomers: Error, CustomStringConvertible, Sendable {
    public let problems: [ImportProblem]
    public let file: String
    public var description: String {
        ImportRejected(file: file, problems: problems,
                       hint: "Import the customers first, or leave out --strict-customers to create them as placeholders.").description
    }
}

/// Imports a CSV file: parse and validate everything first, then store it in one transaction.
public struct ImportService: Sendable {
    public let store: any LedgerStore
    public let actor: String

    public init(store: any LedgerStore, actor: String = "import") {
        self.store = store
        self.actor = actor
    }

    /// - Parameter strictCustomers: reject invoices naming customers the ledger does not know,
    ///   instead of creating them as placeholders (named from `customer_name` where the file has it).
    public func importFile(
        bytes: [UInt8], file: String, kind: ImportKind, options: ImportOptions,
        strictCustomers: Bool = false, progress: (any ProgressReporter)? = nil
    ) async throws -> ImportReport {
        var parsed = try await ImportParser(kind: kind, options: options).parseInParts(bytes: bytes, file: file, progress: progress)
        try await checkReferences(&parsed, file: file, skipInvalid: options.skipInvalid)
        var placeholders: [Customer] = []
        if case .invoices(let invoices, let names) = parsed.records {
            var firstLine: [CustomerID: Int] = [:]
            for (invoice, line) in zip(invoices, parsed.lines) where firstLine[invoice.customerID] == nil {
                firstLine[invoice.customerID] = line
            }
            let known = try await store.existingCustomerIDs(among: Set(firstLine.keys))
            let missing = firstLine.keys.filter { !known.contains($0) }.sorted()
            let create = options.mapping.createCustomers ?? !strictCustomers
            if !missing.isEmpty && !create {
                throw UnknownCustomers(problems: missing.map { id in
                    ImportProblem(file: file, line: firstLine[id] ?? 0, column: 0,
                                  message: "customer_id '\(id)' is not in the ledger")
                }, file: file)
            }
            placeholders = missing.map { Customer(id: $0, name: names[$0] ?? $0.rawValue) }
        }
        var warnings: [String] = []
        if case .customers(let customers) = parsed.records {
            // A parent is often imported later, or lives in another file: worth a warning, not a
            // rejection. It gets a placeholder (as customers named by invoices do), so that the
            // ledger's reference to it always holds; importing the parent completes it.
            let inFile = Set(customers.map(\.id))
            let parents = Set(customers.compactMap(\.parentID)).subtracting(inFile)
            let known = try await store.existingCustomerIDs(among: parents)
            for (customer, line) in zip(customers, parsed.lines) {
                if let parent = customer.parentID, parents.contains(parent), !known.contains(parent) {
                    warnings.append("\(file):\(line): parent_customer_id '\(parent)' of '\(customer.id)' is not a customer yet; import it to link them")
                }
            }
            placeholders = parents.subtracting(known).sorted().map { Customer(id: $0, name: $0.rawValue) }
        }
        let batch = ImportBatch(kind: kind, source: file, sourceFingerprint: Fingerprint.of(bytes), actor: actor,
                                records: parsed.records, placeholderCustomers: placeholders)
        progress?.note("writing \(parsed.count) \(kind.rawValue) records to the ledger…")
        let outcome = try await store.store(batch)
        return ImportReport(file: file, kind: kind, rowsRead: parsed.rowsRead, records: parsed.count, outcome: outcome,
                            skipped: parsed.skipped, skippedProblems: parsed.skippedProblems, warnings: warnings)
    }

    /// What only the ledger can tell: history naming customers or invoices it does not know, and
    /// parents that close a cycle with the ledger's hierarchy.
    private func checkReferences(_ parsed: inout ParsedImport, file: String, skipInvalid: Bool) async throws {
        switch parsed.records {
        case .history(let receipts):
            let customers = try await store.existingCustomerIDs(among: Set(receipts.map(\.customerID)))
            let invoices = try await store.existingInvoiceNumbers(among: Set(receipts.flatMap(\.invoiceNumbers)))
            try ReferenceCheck.apply(ReferenceCheck.history(parsed, file: file, knownCustomers: customers, knownInvoices: invoices),
                                     to: &parsed, file: file, skipInvalid: skipInvalid,
                                     hint: "Import the customers and invoices these receipts name first (or correct the ids), or pass --skip-invalid to skip these rows.")
        case .customers(let customers):
            // A cycle through the ledger needs a parent named in this file.
            guard customers.contains(where: { $0.parentID != nil }) else { return }
            var ledgerParents: [CustomerID: CustomerID] = [:]
            for customer in try await store.customers() {
                if let parent = customer.parentID { ledgerParents[customer.id] = parent }
            }
            try ReferenceCheck.apply(ReferenceCheck.parentCycles(parsed, file: file, ledgerParents: ledgerParents),
                                     to: &parsed, file: file, skipInvalid: skipInvalid,
                                     hint: "Correct the parents above, or pass --skip-invalid to skip these rows.")
        case .invoices:
            return
        }
    }
}

/// A 64-bit FNV-1a fingerprint, in hex: identifies a file's version in the audit log and
/// detects changed rows. Not a security measure.
public enum Fingerprint {
    public static func of(_ bytes: [UInt8]) -> String {
        let value = bytes.withUnsafeBufferPointer { hash($0) }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
