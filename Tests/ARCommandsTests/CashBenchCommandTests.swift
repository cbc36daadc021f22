import ARCommands
import Foundation
import Testing

/// `bench cash` on the development and the independent test set: both reported per format and
/// pattern, and the test world written as files that `cash-apply` reads, with their answers.
@Suite("bench cash: development and test sets")
struct CashBenchCommandTests {
    static let small = ["--customers", "60", "--invoices", "500", "--payments", "150"]

    @Test("--set test --files writes the test world as files cash-apply reads, and the answers", arguments: ["mt940-text", "bai2", "camt053-text"])
    func testSetFiles(format: String) async throws {
        let cli = try CLIHarness()
        let folder = cli.folder.appendingPathComponent("world").path
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let bench = await cli.run(["bench", "cash", "--set", "test"] + Self.small + ["--files", folder, "--format", format])
        #expect(bench.code == 0, "\(bench.err)")
        #expect(bench.out.contains("test set (IndependentCashWorld)"))
        #expect(!bench.out.contains("development set"))
        let statement = format.hasPrefix("mt940") ? "statement.sta" : format.hasPrefix("bai2") ? "statement.bai2" : "statement.xml"
        let truth = try String(contentsOfFile: path("truth.csv"), encoding: .utf8).split(separator: "\n")
        #expect(truth.first == "transaction_id,invoice_number,amount,pattern,requires_review")
        let answered = Set(truth.dropFirst().map { String($0.prefix { $0 != "," }) })
        #expect(answered.count == 150, "one answer per statement line")
        let apply = await cli.run(["cash-apply", "--customers", path("customers.csv"), "--invoices", path("invoices.csv"),
                                   "--history", path("history.csv"), "--statement", path(statement), "--out", path("result.csv")])
        #expect(apply.code == 0, "\(apply.err)")
        let rows = try String(contentsOfFile: path("result.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        for row in rows { #expect(answered.contains(String(row.prefix { $0 != "," })), "\(row) is a line of the statement") }
    }

    @Test("both sets are reported, per pattern and per chosen format")
    func bothSets() async throws {
        let cli = try CLIHarness()
        let run = await cli.run(["bench", "cash"] + Self.small + ["--formats", "csv,bai2-text"])
        #expect(run.code == 0, "\(run.err)")
        for expected in ["development set (CashApplicationWorld)", "test set (IndependentCashWorld)", "dev set per statement format",
                         "test set per statement format", "test set per pattern and format", "bai2-text", "payer presentation", "rail"] {
            #expect(run.out.contains(expected), "the output has '\(expected)'")
        }
        #expect(!run.out.contains("mt940-text"), "only the chosen formats")
    }

    @Test("an unknown set or format is refused, naming the choices")
    func refused() async throws {
        let cli = try CLIHarness()
        let set = await cli.run(["bench", "cash", "--set", "prod"] + Self.small)
        #expect(set.code != 0 && set.err.contains("dev, test or both"))
        let format = await cli.run(["bench", "cash", "--formats", "csv,swift"] + Self.small)
        #expect(format.code != 0 && format.err.contains("mt940-text"))
    }
}
