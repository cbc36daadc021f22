import ARAgent
import ARBankFormats
import ARCore
import ArgumentParser
import Foundation

/// `aragent bench parse`: parser throughput on large statements of every format written from
/// one generated world, so that scripts/bench-parsers.sh can run the Python parsers on the very
/// same files beside it.
struct ParseBench: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Measure parsing throughput (MB/s) for CSV, camt.053, BAI2, MT940 and OFX statements.")

    @Option(help: ArgumentHelp("Folder for the statement files (written if missing).", valueName: "dir")) var dir: String
    @Option(help: "Statement lines per file when writing them.") var lines: Int = 300_000
    @Option(help: "Runs per file; the fastest counts.") var repeats: Int = 3

    static let files: [(name: String, format: BankFileFormat)] = [
        ("statement.csv", .csv), ("statement.xml", .camt053), ("statement.bai2", .bai2), ("statement.sta", .mt940), ("statement.ofx", .ofx),
    ]

    func execute(console: Console) async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let asOf = CalendarDate(year: 2026, month: 6, day: 30)!
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        if Self.files.contains(where: { !FileManager.default.fileExists(atPath: path($0.name)) }) {
            let world = CashApplicationWorld(seed: 99, size: .init(customers: max(100, lines / 20), openInvoices: max(1_000, lines), payments: lines), asOf: asOf)
            let transactions = world.payments.map { payment in
                BankTransaction(bankReference: payment.id.rawValue, bookingDate: payment.valueDate, valueDate: payment.valueDate, amount: payment.amount,
                                payerName: payment.payerName, payerAccount: payment.payerAccount, remittance: payment.remittance)
            }
            let texts: [String: String] = [
                "statement.csv": StatementWriter.csv(transactions),
                "statement.xml": StatementWriter.camt053(transactions, account: "US00ARAGENT0000000001", statementID: "STMT-BENCH", created: asOf),
                "statement.bai2": StatementWriter.bai2(transactions, account: "0000000001", created: asOf),
                "statement.sta": StatementWriter.mt940(transactions, account: "NL91ABNA0417164300", statementID: "STMTBENCH", created: asOf),
                "statement.ofx": StatementWriter.ofx(transactions, account: "0000000001", created: asOf),
            ]
            for (name, text) in texts { try Data(text.utf8).write(to: URL(fileURLWithPath: path(name))) }
        }
        var table = TextTable([("format", .left), ("file", .left), ("MB", .right), ("transactions", .right), ("best s", .right), ("MB/s", .right)])
        let clock = ContinuousClock()
        for (name, format) in Self.files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
            var best = Duration.seconds(1_000_000)
            var count = 0
            for _ in 0..<max(1, repeats) {
                let started = clock.now
                let file = try BankFileReader.read(bytes, format: format)
                best = min(best, clock.now - started)
                count = file.transactions.count
            }
            let (seconds, atto) = best.components
            let elapsed = Double(seconds) + Double(atto) / 1e18
            let megabytes = Double(bytes.count) / 1_000_000
            table.add([format.rawValue, name, String(format: "%.1f", megabytes), String(count), String(format: "%.3f", elapsed),
                       String(format: "%.0f", megabytes / max(elapsed, 1e-9))])
        }
        console.out(table.rendered())
    }
}
