import ARAgent
import ARCore
import Testing

@Suite("Column mappings and presets")
struct MappingPresetTests {
    func parse(_ text: String, preset: String, dateFormat: DateFormat? = nil) throws -> ParsedImport {
        var mapping = try #require(BuiltInPresets.all()[preset])
        if let dateFormat { mapping.dateFormat = dateFormat }
        return try ImportParser(kind: .invoices, options: ImportOptions(mapping: mapping)).parse(bytes: Array(text.utf8), file: "\(preset).csv")
    }

    func invoices(_ parsed: ParsedImport) -> ([Invoice], [CustomerID: String]) {
        guard case .invoices(let invoices, let names) = parsed.records else { return ([], [:]) }
        return (invoices, names)
    }

    @Test("the built-in presets parse, and each maps every required invoice field")
    func builtIns() throws {
        let presets = try MappingFile.parse(BuiltInPresets.text, file: "built-in")
        #expect(Set(presets.keys) == ["ibm", "xero", "quickbooks"])
        for (name, mapping) in presets {
            #expect(mapping.kind == .invoices, "\(name)")
            for field in ImportKind.invoices.fields where field.isRequired {
                #expect(mapping.sources[field.name] != nil, "\(name) does not map \(field.name)")
            }
        }
    }

    @Test("a mapping file's mistakes name the line and the key")
    func mappingErrors() {
        #expect(throws: MappingFileError(file: "m.ini", line: 3, message: "unknown date_format 'DD-MM'; use one of YYYY-MM-DD, M/D/YYYY, D/M/YYYY, D.M.YYYY, YYYYMMDD")) {
            try MappingFile.parse("[erp]\nkind = invoices\ndate_format = DD-MM\n", file: "m.ini")
        }
        #expect(throws: MappingFileError.self) { try MappingFile.parse("invoice_number = No\n", file: "m.ini") }
        #expect(throws: MappingFileError.self) { try MappingFile.parse("[x]\ninvoice_numbr = No\n", file: "m.ini") }
    }

    @Test("a user's mapping renames columns, sets constants and a date format")
    func userMapping() throws {
        let mapping = try #require(try MappingFile.parse("""
            [erp]
            kind = invoices
            invoice_number = Beleg
            customer_id = Kunde
            issue_date = Datum
            due_date = Faellig
            amount = Betrag
            currency = =EUR
            date_format = D.M.YYYY
            """, file: "erp.ini")["erp"])
        let parsed = try ImportParser(kind: .invoices, options: ImportOptions(mapping: mapping))
            .parse(bytes: Array("Beleg,Kunde,Datum,Faellig,Betrag\nRE-1,K9,31.01.2026,2.3.2026,99.90\n".utf8), file: "erp.csv")
        let invoice = try #require(invoices(parsed).0.first)
        #expect(invoice.currency == .eur)
        #expect(invoice.dueDate.iso == "2026-03-02")
        #expect(invoice.amount.minorUnits == 9990)
    }

    @Test("Xero: one row per line item merges into one invoice; credit notes and drafts are skipped and counted")
    func xero() throws {
        let header = "ContactName,EmailAddress,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Description,Quantity,UnitAmount,LineAmount,Currency,Type,Sent,Status"
        let text = [
            header,
            "Ridgeway University,,INV-0001,PO 99,05/01/2026,04/02/2026,1580.9400,0.0000,1580.9400,Consulting,1,1000.00,1000.00,GBP,Sales invoice,Sent,Awaiting Payment",
            "Ridgeway University,,INV-0001,PO 99,05/01/2026,04/02/2026,1580.9400,0.0000,1580.9400,Travel,1,580.94,580.94,GBP,Sales invoice,Sent,Awaiting Payment",
            "Bayside Club,,INV-0002,,10/01/2026,09/02/2026,230.00,30.00,200.00,Room,1,230.00,230.00,GBP,Sales invoice,Sent,Awaiting Payment",
            "Bayside Club,,CN-0001,,11/01/2026,11/01/2026,50.00,0.00,50.00,Refund,1,50.00,50.00,GBP,Sales credit note,Sent,Awaiting Payment",
            "Bayside Club,,INV-0003,,12/01/2026,11/02/2026,75.00,0.00,75.00,Room,1,75.00,75.00,GBP,Sales invoice,Unsent,Draft",
        ].joined(separator: "\r\n")
        let parsed = try parse(text, preset: "xero")
        let (rows, names) = invoices(parsed)
        #expect(rows.map(\.number) == ["INV-0001", "INV-0002"])
        #expect(rows[0].amount == Money(minorUnits: 158_094, currency: Currency(code: "GBP")!))
        #expect(rows[0].issueDate.iso == "2026-01-05")
        #expect(rows[0].poNumber == "PO 99")
        #expect(rows[1].openAmount.minorUnits == 20_000)
        #expect(names["Ridgeway University"] == "Ridgeway University")
        #expect(parsed.skipped["repeated rows of the same invoice_number merged"] == 1)
        #expect(parsed.skipped.values.reduce(0, +) == 3)
    }

    @Test("Xero: repeated rows that disagree are an error, not a silent pick")
    func xeroConflict() {
        let text = """
            InvoiceNumber,ContactName,InvoiceDate,DueDate,Total,InvoiceAmountDue,Currency,Type,Status
            INV-1,A,05/01/2026,04/02/2026,100.00,100.00,GBP,Sales invoice,Awaiting Payment
            INV-1,A,05/01/2026,04/02/2026,120.00,120.00,GBP,Sales invoice,Awaiting Payment
            """
        #expect(throws: ImportRejected.self) { try parse(text, preset: "xero") }
    }

    @Test("QuickBooks Online: a title block above the header, thousands commas, a TOTAL footer")
    func quickbooks() throws {
        let text = [
            "Invoice List", "Craig's Design and Landscaping Services", "All Dates", "",
            "Date,Transaction type,Num,Name,Memo,Due date,Amount,Open balance",
            "1/19/2026,Invoice,1037,Sonnenschein Family Store,,2/18/2026,\"1,362.50\",\"1,362.50\"",
            "12/3/2025,Invoice,1036,Freeman Sporting Goods:0969 Ocean View Road,,1/2/2026,477.50,0.00",
            "1/20/2026,Payment,,Sonnenschein Family Store,,,\"-100.00\",0.00",
            "TOTAL,,,,,,\"$1,840.00\",\"$1,362.50\"", "", "", "", "Monday, January 26, 2026 09:12 AM GMT-08:00",
        ].joined(separator: "\r\n")
        let parsed = try parse(text, preset: "quickbooks")
        let (rows, names) = invoices(parsed)
        #expect(rows.map(\.number) == ["1037", "1036"])
        #expect(rows[0].amount.minorUnits == 136_250)
        #expect(rows[0].dueDate.iso == "2026-02-18")
        #expect(rows[1].openAmount.isZero)
        #expect(rows[1].status == .paid)
        #expect(names[CustomerID("Sonnenschein Family Store")] == "Sonnenschein Family Store")
        #expect(parsed.skipped.values.reduce(0, +) == 1)  // the payment row
    }
}
