/// Reads ISO 20022 bank-to-customer cash management messages: camt.053 statements
/// (`BkToCstmrStmt`), camt.054 debit/credit notifications (`BkToCstmrDbtCdtNtfctn`) and camt.052
/// account reports (`BkToCstmrAcctRpt`), versions .01 to .08.
///
/// Each `Stmt`, `Ntfctn` or `Rpt` becomes a ``BankStatement``; each `Ntry` a ``BankTransaction``,
/// except a batch entry whose `TxDtls` carry their own amounts, which becomes one transaction per
/// `TxDtls` so that each payment can be matched to its own invoice. Amounts are read digit by digit
/// into minor units of the `Ccy` the file gives; extra fraction digits are accepted only as zeros.
/// The reader is a byte-level scanner (no DOM, no Foundation) because statements run to hundreds
/// of megabytes.
public enum CamtParser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = CamtReader(source: bytes, bytes: buffer)
            return try reader.read()
        }
    }
}
