import ARCore

/// Reads any supported bank or remittance file: detects the format from the content, then
/// hands the bytes to that format's parser.
public enum BankFileReader {
    /// The format of `bytes`, judged from their content; `nil` when it is none we read.
    public static func detect(_ bytes: [UInt8]) -> BankFileFormat? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 4096)], as: UTF8.self)
        if head.hasPrefix("<") {
            if head.contains("camt.053") || head.contains("BkToCstmrStmt") { return .camt053 }
            if head.contains("camt.054") || head.contains("BkToCstmrDbtCdtNtfctn") { return .camt054 }
            if head.contains("camt.052") || head.contains("BkToCstmrAcctRpt") { return .camt052 }
            if head.uppercased().contains("<OFX") || head.contains("OFXHEADER") { return .ofx }
            return nil
        }
        if head.hasPrefix("OFXHEADER") || head.uppercased().contains("<OFX>") { return .ofx }
        // BAI2: comma-separated records led by a two-digit record code ("01,", or a damaged "00,"
        // that the parser then names precisely).
        if head.hasPrefix("01,") { return .bai2 }
        let utf8 = Array(head.utf8.prefix(3))
        if utf8.count == 3, utf8[0] >= 48, utf8[0] <= 57, utf8[1] >= 48, utf8[1] <= 57, utf8[2] == UInt8(ascii: ","),
           head.split(whereSeparator: \.isNewline).first?.contains("/") == true {
            return .bai2
        }
        // MT940/MT942: a known tag at the start of a line (also fragments and files without the
        // {1:…}{4: envelope); checked before the fixed-width formats, which are only digits.
        let lines = head.split(whereSeparator: \.isNewline)
        let mt940Tags = [":20:", ":25:", ":28C:", ":28:", ":60F:", ":60M:", ":61:", ":62F:", ":62M:", ":64:", ":65:", ":86:", ":NS:", ":34F:", ":13D:", ":13:", ":90D:", ":90C:"]
        if lines.contains(where: { line in mt940Tags.contains { line.hasPrefix($0) } }) || head.hasPrefix("{1:") {
            return head.contains(":34F:") || head.contains("MT942") ? .mt942 : .mt940
        }
        // NACHA: a file header record ("1", priority "01") whose record size field (columns
        // 35-37) says 094; a lockbox header can start "101" too.
        if let first = head.split(whereSeparator: \.isNewline).first, first.hasPrefix("1"), first.count >= 37,
           first.dropFirst(34).prefix(3) == "094" {
            return .nacha
        }
        // BAI lockbox: a fixed-width type-1 header (record type, priority, destination) of at
        // least 20 characters, with no comma after the record type, and detail records below.
        if let first = lines.first, first.hasPrefix("1"), !first.hasPrefix("1,"), first.count >= 20,
           lines.contains(where: { $0.hasPrefix("6") || $0.hasPrefix("5") }) {
            return .lockbox
        }
        if let firstLine = head.split(whereSeparator: \.isNewline).first, firstLine.lowercased().contains("transaction_id") {
            return .csv
        }
        return nil
    }

    /// Parses `bytes` as the format they hold (or as `format` when given). A transaction whose
    /// amount is above ``Money/maximumAmount(in:)`` is an error at its line: no real bank line
    /// comes near it, and refusing it keeps every sum over the file's lines exact.
    public static func read(_ bytes: [UInt8], format: BankFileFormat? = nil) throws -> BankFile {
        guard let format = format ?? detect(bytes) else {
            throw BankFileError(line: 1, message: "this is not a bank file ARAgent reads: expected BAI2, camt.052/053/054, MT940/MT942, OFX, NACHA, BAI lockbox, or the CSV of CONTRACTS.md (a header with transaction_id)")
        }
        let file: BankFile
        switch format {
        case .bai2: file = try BAI2Parser.parse(bytes)
        case .camt052, .camt053, .camt054: file = try CamtParser.parse(bytes)
        case .mt940, .mt942: file = try MT940Parser.parse(bytes)
        case .ofx: file = try OFXParser.parse(bytes)
        case .csv: file = try StatementCSVParser.parse(bytes)
        case .nacha: file = try NACHAParser.parse(bytes)
        case .lockbox: file = try LockboxParser.parse(bytes)
        }
        for statement in file.statements {
            for transaction in statement.transactions where !transaction.amount.isWithinImportLimit {
                throw BankFileError(line: transaction.line, field: "amount",
                                    message: "the amount \(transaction.amount) is above the largest amount accepted, \(Money.maximumAmount(in: transaction.amount.currency)); the file is damaged or not a statement: ask the bank for it again")
            }
        }
        return file
    }
}
