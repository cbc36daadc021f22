import ARAgent
import ARCore
import Testing

/// Reading a file in two parts must give exactly what reading it whole gives: the same records
/// in the same order with the same lines, and for a bad file the same errors.
@Suite("Reading a large file in two parts")
struct ImportParserPartsTests {
    static let header = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,paid_date,disputed,customer_name,po_number"

    /// Rows with what makes cutting a CSV file hard: quoted fields with commas, doubled quotes
    /// and line breaks, CRLF and LF line ends, blank lines.
    static func file(rows: Int, bom: Bool = false, tamper: ((Int, String) -> String)? = nil) -> [UInt8] {
        var text = (bom ? "\u{FEFF}" : "") + header + "\r\n"
        for index in 0..<rows {
            let name = index % 7 == 0 ? "\"Acme, \"\"North\"\"\nDivision\"" : "Customer \(index % 50)"
            let po = index % 5 == 0 ? "\"PO\r\n\(index)\"" : "PO\(index)"
            var row = "INV-\(index),C\(index % 50),2026-05-01,2026-05-31,USD,\(100 + index).25,,,\(index % 11 == 0),\(name),\(po)"
            if let tamper { row = tamper(index, row) }
            text += row + (index % 3 == 0 ? "\r\n" : "\n")
            if index % 97 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    func expectSame(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let parser = ImportParser(kind: .invoices, options: ImportOptions())
        let whole: Result<ParsedImport, any Error> = Result(catching: { try parser.parse(bytes: bytes, file: "f.csv") })
        let parts: Result<ParsedImport, any Error>
        do { parts = .success(try await parser.parseInParts(bytes: bytes, file: "f.csv", minimumBytes: 0)) } catch { parts = .failure(error) }
        switch (whole, parts) {
        case (.success(let a), .success(let b)):
            guard case .invoices(let invoicesA, let namesA) = a.records, case .invoices(let invoicesB, let namesB) = b.records else {
                Issue.record("not invoices", sourceLocation: sourceLocation)
                return
            }
            #expect(invoicesA.count > 100, sourceLocation: sourceLocation)
            #expect(invoicesA == invoicesB, "the same invoices in the same order", sourceLocation: sourceLocation)
            #expect(namesA == namesB, sourceLocation: sourceLocation)
            #expect(a.lines == b.lines, "each record keeps its line in the file", sourceLocation: sourceLocation)
            #expect(a.rowsRead == b.rowsRead, sourceLocation: sourceLocation)
            #expect(a.skipped == b.skipped, sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(String(describing: a) == String(describing: b), "the same errors", sourceLocation: sourceLocation)
        default:
            Issue.record("one reading failed and the other did not: \(whole) vs \(parts)", sourceLocation: sourceLocation)
        }
    }

    @Test("a file with quoted line breaks, CRLF and blank lines reads the same in parts", arguments: [false, true])
    func sameRecords(bom: Bool) async throws {
        for rows in [301, 1_000, 1_777] {
            try await expectSame(Self.file(rows: rows, bom: bom))
        }
    }

    @Test("an invoice number repeated across the cut, or a bad row in the second part, is reported as reading the whole file reports it")
    func sameErrors() async throws {
        // The last row repeats the first row's number: the two are in different parts.
        try await expectSame(Self.file(rows: 900) { index, row in index == 899 ? row.replacingOccurrences(of: "INV-899,", with: "INV-1,") : row })
        try await expectSame(Self.file(rows: 900) { index, row in index == 850 ? row.replacingOccurrences(of: "2026-05-31", with: "2026-02-31") : row })
        try await expectSame(Self.file(rows: 900) { index, row in index == 880 ? row + ",extra" : row })
        // A quote never closed near the end.
        try await expectSame(Self.file(rows: 900) { index, row in index == 871 ? row.replacingOccurrences(of: "PO871", with: "\"PO871") : row })
    }
}
