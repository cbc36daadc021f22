import ARAgent
import ARBankFormats
import ARCore
import Testing

/// Issue 8's failure classes, each as a hand-written statement in CSV, camt.053, BAI2 and MT940
/// (free-text renderings where the class is about free text: BAI2 16/88 text without labels,
/// camt `Ustrd` only, MT940 `:86:` without sub-fields), read by the real parsers and decided by
/// the service, as `aragent cash-apply` does.
@Suite("Cash application: issue 8's failure classes in every format")
struct CashFailureClassTests {
    static let formats: [BankFileFormat] = [.csv, .camt053, .bai2, .mt940]
    static let usd = Currency.usd
    static let day = CalendarDate(iso: "2026-06-20")!

    static func money(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: usd) }

    static func invoice(_ number: String, _ customer: String, _ cents: Int64, issued: String = "2026-04-01") -> Invoice {
        let issue = CalendarDate(iso: issued)!
        return Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: issue, dueDate: issue.advanced(by: 30), amount: money(cents))
    }

    static let customers = [
        Customer(id: "C1", name: "Blue Harbor Logistics Inc."), Customer(id: "C2", name: "Globex GmbH"),
        Customer(id: "C3", name: "Initech LLC"), Customer(id: "C5", name: "Northwind Foods Inc."),
        Customer(id: "C6", name: "Northwind Foods Ltd"), Customer(id: "C7", name: "Cedar Dental Partners"),
    ]

    static let invoices = [
        invoice("INV-7001", "C1", 100_000, issued: "2026-03-01"), invoice("INV-7002", "C1", 25_000, issued: "2026-03-15"),
        invoice("INV-7003", "C1", 40_000, issued: "2026-05-01"),
        invoice("INV-8001", "C2", 77_777), invoice("INV-8002", "C2", 31_000),
        invoice("INV-9001", "C3", 50_000, issued: "2026-04-01"), invoice("INV-9002", "C3", 50_000, issued: "2026-04-20"),
        invoice("INV-9100", "C3", 10_000),
        invoice("INV-5001", "C5", 64_000), invoice("INV-6001", "C6", 64_000),
        invoice("INV-7701", "C7", 50_000, issued: "2026-06-15"), invoice("INV-7702", "C7", 30_000), invoice("INV-7703", "C7", 31_000),
    ]

    static func receipt(_ id: String, _ customer: String, name: String, account: String, remittance: String?) -> HistoricalReceipt {
        HistoricalReceipt(payment: Payment(id: PaymentID(id), valueDate: day.advanced(by: -60), amount: money(20_000), payerName: name,
                                           payerAccount: account, remittance: remittance, customerID: CustomerID(customer)),
                          customerID: CustomerID(customer), invoiceNumbers: [InvoiceNumber("OLD-\(id)")])
    }

    static let history = [
        receipt("H1", "C1", name: "BLUE HARBOR LOGISTICS", account: "US44BHLX0000123456789", remittance: "INV OLD-H1"),
        receipt("H2", "C2", name: "GLOBEX GMBH", account: "DE89 3704 0044 0532 0130 00", remittance: "INV OLD-H2"),
        receipt("H3", "C3", name: "INITECH LLC", account: "US55INIT0000987654321", remittance: "INV OLD-H3"),
        receipt("H4", "C7", name: "CEDAR DENTAL", account: "GB33BUKB20201555555555", remittance: "INV OLD-H4"),
    ]

    /// One statement line as a test writes it: the fields a bank may fill, or only free text.
    struct Line {
        var id: String
        var cents: Int64
        var name: String?
        var account: String?
        var text: String
    }

    /// The lines as a file of `format`, written by hand here (not by `StatementWriter`, which
    /// labels its fields): with no name or account, the text stands alone, as such banks send it.
    static func render(_ lines: [Line], as format: BankFileFormat) -> String {
        func amount(_ cents: Int64) -> String { MoneyFormat.decimalString(minorUnits: cents, digits: 2) }
        let total = lines.reduce(Int64(0)) { $0 + $1.cents }
        switch format {
        case .camt053:
            var out = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
                <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-06-20T08:00:00</CreDtTm></GrpHdr>
                <Stmt><Id>S1</Id><CreDtTm>2026-06-20T08:00:00</CreDtTm><Acct><Id><IBAN>DE00OURS0000000001</IBAN></Id><Ccy>USD</Ccy></Acct>

                """
            for line in lines {
                out += "<Ntry><Amt Ccy=\"USD\">\(amount(line.cents))</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                out += "<BookgDt><Dt>2026-06-20</Dt></BookgDt><ValDt><Dt>2026-06-20</Dt></ValDt><AcctSvcrRef>\(line.id)</AcctSvcrRef>"
                out += "<NtryDtls><TxDtls><Refs><AcctSvcrRef>\(line.id)</AcctSvcrRef></Refs>"
                if line.name != nil || line.account != nil {
                    out += "<RltdPties>" + (line.name.map { "<Dbtr><Nm>\($0)</Nm></Dbtr>" } ?? "")
                        + (line.account.map { "<DbtrAcct><Id><Othr><Id>\($0)</Id></Othr></Id></DbtrAcct>" } ?? "") + "</RltdPties>"
                }
                // Unstructured remittance comes in pieces of at most 140 characters.
                var rest = Substring(line.text)
                out += "<RmtInf>"
                while !rest.isEmpty {
                    out += "<Ustrd>\(rest.prefix(140))</Ustrd>"
                    rest = rest.dropFirst(140)
                }
                out += "</RmtInf></TxDtls></NtryDtls></Ntry>\n"
            }
            return out + "</Stmt></BkToCstmrStmt></Document>\n"
        case .bai2:
            var records = ["01,OURBANK,ARAGENT,260620,0800,1,80,,2/", "02,ARAGENT,OURBANK,1,260620,0800,USD,2/",
                           "03,0000000001,USD,010,0,,,015,\(total),,/"]
            for line in lines {
                // The text without labels: name, account and remittance as the bank ran them together.
                let text = ([line.name, line.account].compactMap { $0 } + [line.text]).joined(separator: " ")
                // Records of at most 80 characters, continued on 88 records between words (the
                // parser joins continuations with a space).
                var record = "16,195,\(line.cents),0,\(line.id),,"
                var first = true
                for word in text.split(separator: " ") {
                    if record.count + word.count + 1 > 80 {
                        records.append(record)
                        record = "88,"
                        first = true
                    }
                    record += (first ? "" : " ") + word
                    first = false
                }
                records.append(record)
            }
            let count = records.count - 2 + 1
            records.append("49,\(total * 2),\(count)/")
            records.append("98,\(total * 2),1,\(count + 2)/")
            records.append("99,\(total * 2),1,\(records.count + 1)/")
            return records.joined(separator: "\n") + "\n"
        case .mt940:
            var out = ":20:STMT1\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C260619USD0,00\n"
            for line in lines {
                out += ":61:2606200620C\(amount(line.cents).replacingOccurrences(of: ".", with: ","))NTRFNONREF//\(line.id)\n"
                // Free text, six lines of 65 characters, broken wherever the width ends.
                let text = ([line.name, line.account].compactMap { $0 } + [line.text]).joined(separator: " ")
                var rest = Substring(text)
                var rows: [Substring] = []
                while !rest.isEmpty && rows.count < 6 {
                    rows.append(rest.prefix(65))
                    rest = rest.dropFirst(65)
                }
                out += ":86:" + rows.joined(separator: "\n") + "\n"
            }
            return out + ":62F:C260620USD\(amount(total).replacingOccurrences(of: ".", with: ","))\n-\n"
        default:
            var out = "transaction_id,booking_date,value_date,amount,currency,payer_name,payer_account,remittance\n"
            for line in lines {
                out += [line.id, "2026-06-20", "2026-06-20", amount(line.cents), "USD", line.name ?? "", line.account ?? "", "\"\(line.text)\""].joined(separator: ",") + "\n"
            }
            return out
        }
    }

    /// The lines read back through the real parser of `format` and decided by the service.
    static func decide(_ lines: [Line], as format: BankFileFormat, invoices: [Invoice] = invoices) throws -> [String: MatchDecision] {
        let file = try BankFileReader.read(Array(render(lines, as: format).utf8))
        #expect(file.format == format)
        let payments = CashApplicationService.payments(from: file)
        #expect(payments.count == lines.count, "\(format): read \(payments.count) of \(lines.count) lines")
        let decisions = try CashApplicationService().apply(customers: customers, invoices: invoices, history: history, payments: payments)
        return Dictionary(uniqueKeysWithValues: decisions.map { ($0.payment.id.rawValue, $0) })
    }

    static func applied(_ decision: MatchDecision?) -> [String: Int64] {
        Dictionary((decision?.applied?.allocations ?? []).map { ($0.invoice.rawValue, $0.amount.minorUnits) }, uniquingKeysWith: +)
    }

    static func suggested(_ decision: MatchDecision?) -> [[String: Int64]] {
        (decision?.proposals ?? []).map { proposal in
            Dictionary(proposal.allocations.map { ($0.invoice.rawValue, $0.amount.minorUnits) }, uniquingKeysWith: +)
        }
    }

    @Test("a remittance that names some of the invoices paid: the rest is found among the payer's open items, not held on account", arguments: formats)
    func partialList(format: BankFileFormat) throws {
        let decisions = try Self.decide([
            Line(id: "PL1", cents: 125_000, name: "BLUE HARBOR LOGISTICS", account: "US44BHLX0000123456789", text: "INV 7001 ETC"),
            Line(id: "PL2", cents: 60_000, name: "INITECH LLC", account: "US55INIT0000987654321", text: "INVOICES INV-9100, INV-9"),
        ], as: format)
        #expect(Self.applied(decisions["PL1"]) == ["INV-7001": 100_000, "INV-7002": 25_000], "\(decisions["PL1"]?.summary ?? "")")
        #expect(decisions["PL1"]?.applied?.unapplied.isZero == true)
        // 100.00 named, 600.00 paid: the two 500.00 invoices could each complete it, so a person decides, shown both.
        let pl2 = decisions["PL2"]
        #expect(pl2?.outcome == .review, "\(pl2?.summary ?? "")")
        #expect(Self.suggested(pl2).contains(["INV-9100": 10_000, "INV-9001": 50_000]) || Self.suggested(pl2).contains(["INV-9100": 10_000, "INV-9002": 50_000]))
    }

    @Test("the payer only in free text: a known account (whole, in groups, without prefix, masked) or the customer's name anywhere in the text", arguments: formats)
    func payerInFreeText(format: BankFileFormat) throws {
        let decisions = try Self.decide([
            Line(id: "FT1", cents: 77_777, text: "SEPA CREDIT DE89 3704 0044 0532 0130 00 PAYMENT JUNE"),
            Line(id: "FT2", cents: 31_000, text: "PAYMENT FROM GLOBEX G.M.B.H. THANK YOU"),
            Line(id: "FT3", cents: 40_000, text: "ACH CREDIT LOGISTICS BLUE HARBOR ACCT 0000123456789 SETTLEMENT"),
            Line(id: "FT4", cents: 30_000, text: "CEDAR DENTAL PARTNE ****5555 MONTHLY"),
        ], as: format)
        #expect(Self.applied(decisions["FT1"]) == ["INV-8001": 77_777], "\(decisions["FT1"]?.summary ?? "")")
        #expect(Self.applied(decisions["FT2"]) == ["INV-8002": 31_000], "\(decisions["FT2"]?.summary ?? "")")
        #expect(Self.applied(decisions["FT3"]) == ["INV-7003": 40_000], "\(decisions["FT3"]?.summary ?? "")")
        #expect(Self.applied(decisions["FT4"]) == ["INV-7702": 30_000], "\(decisions["FT4"]?.summary ?? "")")
        for id in ["FT1", "FT2", "FT3", "FT4"] {
            #expect(decisions[id]?.proposals.first?.reasons.joined().contains("the text") == true, "\(id): \(decisions[id]?.proposals.first?.reasons ?? [])")
        }
    }

    @Test("a name that resembles two customers is a tie: review with both, never a guess", arguments: formats)
    func nameTie(format: BankFileFormat) throws {
        let decisions = try Self.decide([Line(id: "NT1", cents: 64_000, text: "NORTHWIND FOODS PAYMENT")], as: format)
        let decision = decisions["NT1"]
        #expect(decision?.outcome == .review, "\(decision?.summary ?? "")")
        #expect(Set(Self.suggested(decision)) == [["INV-5001": 64_000], ["INV-6001": 64_000]])
    }

    @Test("two explanations about equally good: two open invoices of one amount, or a shortfall that is a fee as much as a discount", arguments: formats)
    func equallyGood(format: BankFileFormat) throws {
        let decisions = try Self.decide([
            Line(id: "EQ1", cents: 50_000, name: "INITECH LLC", account: "US55INIT0000987654321", text: "PAYMENT"),
            // 2% of 500.00 is 10.00, paid within ten days of issue: a discount, or a bank fee of 10.00.
            Line(id: "EQ2", cents: 49_000, name: "CEDAR DENTAL", account: "GB33BUKB20201555555555", text: "INV-7701"),
        ], as: format)
        let eq1 = decisions["EQ1"]
        #expect(eq1?.outcome == .review, "\(eq1?.summary ?? "")")
        #expect(Set(Self.suggested(eq1)).isSuperset(of: [["INV-9001": 50_000], ["INV-9002": 50_000]]))
        let eq2 = decisions["EQ2"]
        #expect(eq2?.outcome == .review, "\(eq2?.summary ?? "")")
        let reasons = Set((eq2?.proposals ?? []).flatMap(\.allocations).compactMap(\.adjustmentReason))
        #expect(reasons == [.bankFee, .earlyPaymentDiscount])
    }

    @Test("a short payment with no reference that falls short of several invoices by a fee: review with each", arguments: formats)
    func competingShortPayment(format: BankFileFormat) throws {
        let decisions = try Self.decide([Line(id: "SP1", cents: 29_500, name: "CEDAR DENTAL", account: "GB33BUKB20201555555555", text: "PAYMENT")], as: format)
        let decision = decisions["SP1"]
        #expect(decision?.outcome == .review, "\(decision?.summary ?? "")")
        let named = Set((decision?.proposals ?? []).flatMap(\.invoices))
        #expect(named.isSuperset(of: ["INV-7702", "INV-7703"]))
    }

    @Test("an absurd overpayment is reviewed, not posted with the rest held on account", arguments: formats)
    func absurdOverpayment(format: BankFileFormat) throws {
        let decisions = try Self.decide([
            Line(id: "AO1", cents: 100_000_000, name: "INITECH LLC", account: "US55INIT0000987654321", text: "INV-9100"),
            Line(id: "AO2", cents: 10_500, name: "INITECH LLC", account: "US55INIT0000987654321", text: "INV-9100"),
        ], as: format)
        let absurd = decisions["AO1"]
        #expect(absurd?.outcome == .review, "\(absurd?.summary ?? "")")
        #expect(absurd?.proposals.first?.reasons.joined().contains("too much to hold on account") == true, "\(absurd?.proposals.first?.reasons ?? [])")
        // 5.00 over a 100.00 invoice, from the customer's known account: held on account.
        #expect(Self.applied(decisions["AO2"]) == ["INV-9100": 10_000], "\(decisions["AO2"]?.summary ?? "")")
        #expect(decisions["AO2"]?.applied?.unapplied == Self.money(500))
    }
}
