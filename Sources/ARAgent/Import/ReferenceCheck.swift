import ARCore

/// Checks that rows name records that exist: history receipts name a known customer and known
/// invoices (otherwise cash application learns that an account pays for nobody, or for an
/// invoice no one can find), and the customer hierarchy stays free of cycles once the file's
/// parents are laid over the ledger's. "Known" is what the ledger holds (or, with no ledger,
/// what the other input files hold), decided by the caller.
public enum ReferenceCheck {
    /// One problem per history row naming an unknown customer or invoice, with the row's index.
    public static func history(_ parsed: ParsedImport, file: String, knownCustomers: Set<CustomerID>,
                               knownInvoices: Set<InvoiceNumber>) -> [(index: Int, problem: ImportProblem)] {
        guard case .history(let receipts) = parsed.records else { return [] }
        var found: [(index: Int, problem: ImportProblem)] = []
        for (index, (receipt, line)) in zip(receipts, parsed.lines).enumerated() {
            if !knownCustomers.contains(receipt.customerID) {
                found.append((index, ImportProblem(file: file, line: line, column: parsed.columns["customer_id"] ?? 0,
                    message: "customer_id '\(receipt.customerID)' is not a known customer; import the customers first, or correct the id")))
                continue
            }
            let unknown = receipt.invoiceNumbers.filter { !knownInvoices.contains($0) }
            if !unknown.isEmpty {
                found.append((index, ImportProblem(file: file, line: line, column: parsed.columns["invoice_numbers"] ?? 0,
                    message: "invoice_numbers names \(unknown.map { "'\($0)'" }.joined(separator: ", ")), not \(unknown.count == 1 ? "a known invoice" : "known invoices"); import the invoices first (settled ones too), or correct the numbers")))
            }
        }
        return found
    }

    /// One problem per customer of the file that is in a cycle once its parents are laid over
    /// `ledgerParents` (the ledger's parent of each customer).
    public static func parentCycles(_ parsed: ParsedImport, file: String,
                                    ledgerParents: [CustomerID: CustomerID]) -> [(index: Int, problem: ImportProblem)] {
        guard case .customers(let customers) = parsed.records else { return [] }
        var parentOf = ledgerParents
        var indexOf: [CustomerID: Int] = [:]
        for (index, customer) in customers.enumerated() {
            indexOf[customer.id] = index
            parentOf[customer.id] = customer.parentID
        }
        var found: [(index: Int, problem: ImportProblem)] = []
        for cycle in ParentCycles.find(parentOf) {
            for member in cycle {
                guard let index = indexOf[member], let parent = parentOf[member] else { continue }
                found.append((index, ParentCycles.problem(file: file, line: parsed.lines[index], column: parsed.columns["parent_customer_id"] ?? 0,
                                                          customer: member, parent: parent, cycle: cycle)))
            }
        }
        return found
    }

    /// Applies the problems found: under `--skip-invalid` the rows are skipped and reported,
    /// otherwise the file is rejected with all of them.
    public static func apply(_ found: [(index: Int, problem: ImportProblem)], to parsed: inout ParsedImport, file: String,
                             skipInvalid: Bool, hint: String) throws {
        guard !found.isEmpty else { return }
        let problems = found.map(\.problem).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        guard skipInvalid else { throw ImportRejected(file: file, problems: problems, hint: hint) }
        parsed.skip(Set(found.map(\.index)), problems: problems)
    }
}
