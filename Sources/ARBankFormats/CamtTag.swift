/// The camt element names the parser acts on, matched on local names so that every version
/// (camt.05x.001.01 to .08) and any namespace prefix read the same. Everything else is `.other`.
enum CamtTag: UInt8, CaseIterable, Sendable {
    case other
    case bkToCstmrStmt, bkToCstmrDbtCdtNtfctn, bkToCstmrAcctRpt
    case stmt, ntfctn, rpt
    case id, acct, iban, othr, ccy
    case bal, tp, cdOrPrtry, cd, prtry, amt, cdtDbtInd, dt, dtTm
    case ntry, ntryRef, bookgDt, valDt, acctSvcrRef, addtlNtryInf
    case bkTxCd, domn, fmly, subFmlyCd
    case ntryDtls, txDtls, refs, endToEndId, amtDtls, txAmt
    case rltdPties, dbtr, cdtr, ultmtDbtr, ultmtCdtr, pty, nm, dbtrAcct, cdtrAcct
    case rmtInf, ustrd, strd, cdtrRefInf, ref, rfrdDocInf, nb, addtlTxInf
    case prtryAcct, bban, agt, finInstnId

    /// The element's name as the schemas spell it.
    var elementName: String {
        switch self {
        case .other: ""
        case .bkToCstmrStmt: "BkToCstmrStmt"
        case .bkToCstmrDbtCdtNtfctn: "BkToCstmrDbtCdtNtfctn"
        case .bkToCstmrAcctRpt: "BkToCstmrAcctRpt"
        case .stmt: "Stmt"
        case .ntfctn: "Ntfctn"
        case .rpt: "Rpt"
        case .id: "Id"
        case .acct: "Acct"
        case .iban: "IBAN"
        case .othr: "Othr"
        case .ccy: "Ccy"
        case .bal: "Bal"
        case .tp: "Tp"
        case .cdOrPrtry: "CdOrPrtry"
        case .cd: "Cd"
        case .prtry: "Prtry"
        case .amt: "Amt"
        case .cdtDbtInd: "CdtDbtInd"
        case .dt: "Dt"
        case .dtTm: "DtTm"
        case .ntry: "Ntry"
        case .ntryRef: "NtryRef"
        case .bookgDt: "BookgDt"
        case .valDt: "ValDt"
        case .acctSvcrRef: "AcctSvcrRef"
        case .addtlNtryInf: "AddtlNtryInf"
        case .bkTxCd: "BkTxCd"
        case .domn: "Domn"
        case .fmly: "Fmly"
        case .subFmlyCd: "SubFmlyCd"
        case .ntryDtls: "NtryDtls"
        case .txDtls: "TxDtls"
        case .refs: "Refs"
        case .endToEndId: "EndToEndId"
        case .amtDtls: "AmtDtls"
        case .txAmt: "TxAmt"
        case .rltdPties: "RltdPties"
        case .dbtr: "Dbtr"
        case .cdtr: "Cdtr"
        case .ultmtDbtr: "UltmtDbtr"
        case .ultmtCdtr: "UltmtCdtr"
        case .pty: "Pty"
        case .nm: "Nm"
        case .dbtrAcct: "DbtrAcct"
        case .cdtrAcct: "CdtrAcct"
        case .rmtInf: "RmtInf"
        case .ustrd: "Ustrd"
        case .strd: "Strd"
        case .cdtrRefInf: "CdtrRefInf"
        case .ref: "Ref"
        case .rfrdDocInf: "RfrdDocInf"
        case .nb: "Nb"
        case .addtlTxInf: "AddtlTxInf"
        case .prtryAcct: "PrtryAcct"
        case .bban: "BBAN"
        case .agt: "Agt"
        case .finInstnId: "FinInstnId"
        }
    }

    var isRecord: Bool { self == .stmt || self == .ntfctn || self == .rpt }

    /// The tag whose name is `bytes[range]`. Version .01 messages name their message element with a
    /// `V01` suffix (`BkToCstmrAcctRptV01`); it is read as the plain name.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CamtTag {
        let tag = hashLookup(bytes, range)
        if tag == .other, range.count > 3, bytes[range.upperBound - 3] == UInt8(ascii: "V"),
           isDigit(bytes[range.upperBound - 2]), isDigit(bytes[range.upperBound - 1]) {
            let base = hashLookup(bytes, range.lowerBound..<(range.upperBound - 3))
            if base == .bkToCstmrStmt || base == .bkToCstmrDbtCdtNtfctn || base == .bkToCstmrAcctRpt { return base }
        }
        return tag
    }

    /// An open-addressing hash table over the known names,
    /// so each element costs one short hash and one byte comparison, with no string built.
    private static func hashLookup(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CamtTag {
        let hash = CamtTag.hash(bytes, range)
        var slot = Int(hash & CamtTag.mask)
        let table = CamtTag.table
        while true {
            let candidate = table.slots[slot]
            guard candidate != 0 else { return .other }
            if table.hashes[slot] == hash, let tag = CamtTag(rawValue: candidate) {
                let name = table.names[Int(candidate)]
                if name.count == range.count {
                    var equal = true
                    var offset = 0
                    for index in range {
                        if bytes[index] != name[offset] { equal = false; break }
                        offset += 1
                    }
                    if equal { return tag }
                }
            }
            slot = (slot + 1) & Int(CamtTag.mask)
        }
    }

    private static let mask: UInt32 = 255

    private struct Table: Sendable {
        var slots = [UInt8](repeating: 0, count: 256)
        var hashes = [UInt32](repeating: 0, count: 256)
        var names: [[UInt8]] = CamtTag.allCases.map { Array($0.elementName.utf8) }
    }

    private static let table: Table = {
        var table = Table()
        for tag in CamtTag.allCases where tag != .other {
            let name = table.names[Int(tag.rawValue)]
            let hash = name.withUnsafeBufferPointer { CamtTag.hash($0, 0..<$0.count) }
            var slot = Int(hash & mask)
            while table.slots[slot] != 0 { slot = (slot + 1) & Int(mask) }
            table.slots[slot] = tag.rawValue
            table.hashes[slot] = hash
        }
        return table
    }()

    /// FNV-1a: short names, few collisions, no allocation.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for index in range {
            hash = (hash ^ UInt32(bytes[index])) &* 16_777_619
        }
        return hash
    }
}
