import ARBankFormats
import ARCore
import ARTestSupport
import Foundation
import Testing

/// BAI lockbox: the two FundersClub samples against their sidecars, then files written here.
@Suite("Lockbox")
struct LockboxTests {
    static let folder = "remittance/lockbox/fundersclub-bai-lockbox"

    @Test("both lockbox samples are detected as lockbox",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"),
          arguments: SharedSamples.names("remittance/lockbox/fundersclub-bai-lockbox"))
    func detection(path: String) throws {
        #expect(BankFileReader.detect(try SharedSamples.bytes(path)) == .lockbox)
    }

    @Test("one check: payer, amount, check number and memo as bai-lockbox's test asserts them",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func oneCheck() throws {
        let path = Self.folder + "/test_lockbox.bai"
        let asserted = try SharedSamples.sidecar(path).object("asserted_by_source_tests")
        let check = try asserted.object("checks[0]")
        let file = try LockboxParser.parse(try SharedSamples.bytes(path))
        #expect(file.format == .lockbox)
        #expect(file.transactions.count == (try asserted.int("check_count")))
        let transaction = try #require(file.transactions.first)
        #expect(transaction.payerName == (try check.string("sender")))
        #expect(transaction.bankReference == String(try check.int("number")))
        // The sidecar has 7000.0 (a Python float); in cents that is 700000, credited.
        let dollars = try #require(check["amount"] as? NSNumber)
        #expect(transaction.amount == Money(minorUnits: dollars.int64Value * 100, currency: .usd))
        #expect(dollars.int64Value * 100 == 700_000)
        #expect(transaction.isCredit)
        #expect(transaction.remittance == (try check.string("memo")))
        // The deposit date of the lockbox (5 record: 160523); the date written on the check
        // (the sidecar's 2016-05-16) has no field in a bank transaction.
        #expect(transaction.bookingDate?.iso == "2016-05-23")
        #expect(transaction.valueDate?.iso == "2016-05-23")
        #expect(transaction.payerAccount == "055002707/0012345555")
        #expect(file.statements.first?.accountID == "0022222")
        #expect(file.warnings.isEmpty, "the file's totals and counts agree: \(file.warnings)")
    }

    @Test("an empty lockbox is no error and has no transactions",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func emptyLockbox() throws {
        let path = Self.folder + "/test_empty_lockbox.bai"
        let asserted = try SharedSamples.sidecar(path).object("asserted_by_source_tests")
        let file = try LockboxParser.parse(try SharedSamples.bytes(path))
        #expect(file.transactions.count == (try asserted.int("check_count")))
        #expect(file.statements.count == 1)
        #expect(file.warnings.isEmpty, "\(file.warnings)")
    }

    // MARK: - Files written here

    static let header = [
        "100ABCDEFGHIJ00999999911605271800",
        "2ABCDEFGHIJ0099999991000000000040008000801",
        "50010000022222160527ABCDEFGHIJ0099999991",
    ]

    /// A check record in the FundersClub layout.
    static func check(item: String, cents: String, number: String, remitter: String) -> String {
        "6001" + item + cents + "055002707" + "0012345555" + number + "052716"
            + remitter.padding(toLength: 30, withPad: " ", startingAt: 0) + "MY BUSINESS COMPANY"
    }

    @Test("several checks with memo and invoice overflow records; totals checked")
    func checksWithOverflow() throws {
        let lines = Self.header + [
            Self.check(item: "001", cents: "0000012550", number: "0000004711", remitter: "ACME CORP"),
            "40010016019MEMO FOR INVOICES",
            "40010014019INV-1001",
            "40010014029INV-1002",
            Self.check(item: "002", cents: "0000000099", number: "0000000000", remitter: "BOB E SMITH"),
            "700100000222221605270020000012649",
            "8001000002222216052700020000012649",
            "9000011",
        ]
        let file = try LockboxParser.parse(Array(lines.joined(separator: "\r\n").utf8))
        #expect(file.transactions.map(\.amount.minorUnits) == [12_550, 99])
        #expect(file.transactions.map(\.bankReference) == ["4711", "0"])
        #expect(file.transactions.map(\.payerName) == ["ACME CORP", "BOB E SMITH"])
        #expect(file.transactions[0].remittance == "MEMO FOR INVOICES")
        #expect(file.transactions[0].structuredReferences == ["INV-1001", "INV-1002"])
        #expect(file.transactions.map(\.line) == [4, 8])
        #expect(file.warnings.isEmpty, "\(file.warnings)")
    }

    @Test("totals that do not add up are warnings")
    func totals() throws {
        let lines = Self.header + [
            Self.check(item: "001", cents: "0000012550", number: "0000004711", remitter: "ACME CORP"),
            "700100000222221605270010000012551",
            "8001000002222216052700020000012550",
            "9000009",
        ]
        let file = try LockboxParser.parse(Array(lines.joined(separator: "\n").utf8))
        #expect(file.transactions.count == 1)
        #expect(file.warnings.map(\.description) == [
            "line 5: the batch total (7) gives check total 12551, the file has 12550; the checks were read as written",
            "line 6: the service total (8) gives check count 2, the file has 1; the checks were read as written",
            "line 7: the destination trailer (9) gives record count 9, the file has 7; the checks were read as written",
        ])
    }

    @Test("malformed records throw with the line and the field", arguments: [
        ("6001001000070X000055002707", 4, "check amount", "'000070X000'"),
        ("40010016019MEMO WITHOUT A CHECK", 4, "record type", "overflow record (4) with no check"),
    ])
    func malformed(record: String, line: Int, field: String, mentions: String) throws {
        let text = (Self.header + [record]).joined(separator: "\n")
        let error = try #require(throws: BankFileError.self) { try LockboxParser.parse(Array(text.utf8)) }
        #expect(error.line == line)
        #expect(error.field == field)
        #expect(error.message.contains(mentions), "\(error)")
    }
}
