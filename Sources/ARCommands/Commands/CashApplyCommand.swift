import ARAgent
import ARBankFormats
import ARCore
import ArgumentParser
import Foundation

/// `aragent cash-apply`: cash application over files, no database (CONTRACTS.md).
struct CashApplyCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "cash-apply",
        abstract: "Match a bank statement's payments to open invoices, from files, with no database.",
        discussion: """
            Writes one row per proposed allocation: transaction_id, invoice_number, amount, confidence (0-1),
            decision (auto = would be posted without review, review = a suggestion for a person, up to three
            per payment, best first). A payment with no row is left unapplied. The statement may be BAI2,
            camt.052/053/054, MT940/MT942, OFX, NACHA, a BAI lockbox file, or the CSV of CONTRACTS.md.
            """)

    @Option(help: "customers.csv") var customers: String
    @Option(help: "invoices.csv (open invoices; settled ones are ignored)") var invoices: String
    @Option(help: "history.csv: past receipts to learn payer accounts and names from") var history: String?
    @Option(help: "The bank statement or remittance file.") var statement: String
    @Option(help: "Where to write the result CSV.") var out: String
    @Flag(help: "Add a reason column explaining each row.") var explain = false
    @Option(help: "Confidence needed to post without review, 0-1 (default: the policy's, chosen on the calibration of `bench cash`).")
    var threshold: String = MoneyFormat.decimalString(minorUnits: Int64(MatchingPolicy.defaultAutoApplyThreshold), digits: 3)

    func execute(console: Console) async throws {
        guard let permille = try? MoneyFormat.parseMinorUnits(Array(threshold.utf8)[...], digits: 3), (0...1000).contains(permille) else {
            throw ValidationError("--threshold '\(threshold)' is not a number from 0 to 1, such as 0.9")
        }
        let customerRecords = try parse(customers, kind: .customers).records
        let invoiceRecords = try parse(invoices, kind: .invoices).records
        guard case .customers(let customerList) = customerRecords,
              case .invoices(let invoiceList, _) = invoiceRecords else { throw ExitCode(2) }
        var receipts: [HistoricalReceipt] = []
        if let history {
            // With no ledger, what is known is what the other two files hold.
            var parsed = try parse(history, kind: .history)
            do {
                try ReferenceCheck.apply(ReferenceCheck.history(parsed, file: history, knownCustomers: Set(customerList.map(\.id)),
                                                                knownInvoices: Set(invoiceList.map(\.number))),
                                         to: &parsed, file: history, skipInvalid: false,
                                         hint: "Every receipt must name a customer of \(customers) and invoices of \(invoices).")
            } catch let rejected as ImportRejected {
                throw ValidationError(rejected.description)
            }
            if case .history(let list) = parsed.records { receipts = list }
        }

        let statementBytes = try read(statement)
        let bankFile: BankFile
        do {
            bankFile = try BankFileReader.read(statementBytes)
        } catch let error as BankFileError {
            console.err("\(statement):\(error.line): \(error.field.map { "\($0): " } ?? "")\(error.message)")
            throw ExitCode(2)
        }
        for warning in bankFile.warnings { console.err("\(statement):\(warning.line): warning: \(warning.message)") }

        let service = CashApplicationService(policy: MatchingPolicy(autoApplyThreshold: Int(permille)))
        let decisions = try Self.decide(service, customers: customerList, invoices: invoiceList, history: receipts,
                                        payments: CashApplicationService.payments(from: bankFile), files: "\(invoices) and \(statement)")
        var csv = CSVWriter()
        csv.row(["transaction_id", "invoice_number", "amount", "confidence", "decision"] + (explain ? ["reason"] : []))
        for row in CashApplicationService.rows(decisions, explain: explain) { csv.row(row) }
        do {
            try Data(csv.text.utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            throw ValidationError("cannot write '\(out)': \(error.localizedDescription)")
        }
        let auto = decisions.filter { $0.outcome == .auto }.count
        let review = decisions.filter { $0.outcome == .review }.count
        console.out("\(decisions.count) payments: \(auto) applied automatically, \(review) for review, \(decisions.count - auto - review) unmatched. Wrote \(out).")
    }

    /// The decisions; amounts too large to add name the files they came from. (Synchronous: a
    /// typed catch in the async caller trips the Swift 6.3 compiler.)
    private static func decide(_ service: CashApplicationService, customers: [Customer], invoices: [Invoice], history: [HistoricalReceipt],
                               payments: [IncomingPayment], files: String) throws -> [MatchDecision] {
        do throws(MoneyOverflow) {
            return try service.apply(customers: customers, invoices: invoices, history: history, payments: payments)
        } catch {
            throw error.at(files)
        }
    }

    private func read(_ path: String) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("cannot read '\(path)': \(error.localizedDescription)")
        }
    }

    private func parse(_ path: String, kind: ImportKind) throws -> ParsedImport {
        do {
            return try ImportParser(kind: kind, options: ImportOptions()).parse(bytes: try read(path), file: path)
        } catch let rejected as ImportRejected {
            throw ValidationError(rejected.description)
        }
    }
}
