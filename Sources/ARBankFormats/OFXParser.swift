/// Reads OFX (Open Financial Exchange) bank and credit-card statement downloads: OFX 1.x
/// (SGML with an `OFXHEADER:100` header and unclosed elements) and 2.x (XML), one statement per
/// `STMTRS`/`CCSTMTRS`, several accounts per file.
///
/// `STMTTRN` entries become transactions: `TRNAMT` signed as given, `DTPOSTED` the booking date,
/// `FITID` the bank reference, `NAME` (or `PAYEE`) the counterparty, `MEMO` the remittance,
/// `TRNTYPE` the type code, `CHECKNUM` a structured reference. `LEDGERBAL` is the closing balance;
/// OFX has no opening balance. Entries that lack a date or a readable amount are skipped with a
/// warning, as are empty balances, so one bad line does not block the rest of the download; a
/// statement that names no account is an error, since its lines could not be attributed.
/// A server error response (a `STATUS` with a non-zero code) yields no statement and a warning.
public enum OFXParser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = OFXReader(bytes: buffer)
            return try reader.read()
        }
    }
}
