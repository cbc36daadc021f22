import ARCore

/// Writes transactions as a statement file in the canonical CSV, camt.053 (version 08) or BAI2:
/// for benchmarks and tests that must exercise the real parsers, and for exporting what a
/// statement held. Only credits and debits with their remittance are written; balances are
/// computed from the transactions so that the files are internally consistent.
public enum StatementWriter {
    public static func csv(_ transactions: [BankTransaction]) -> String {
        var out = "transaction_id,booking_date,value_date,amount,currency,payer_name,payer_account,remittance\n"
        out.reserveCapacity(transactions.count * 110)
        for t in transactions {
            let fields = [t.bankReference ?? "", (t.bookingDate ?? t.valueDate)?.iso ?? "", (t.valueDate ?? t.bookingDate)?.iso ?? "",
                          t.amount.decimalString, t.amount.currency.code, t.payerName ?? "", t.payerAccount ?? "", t.remittance ?? ""]
            out += fields.map(quoted).joined(separator: ",") + "\n"
        }
        return out
    }

    public static func camt053(_ transactions: [BankTransaction], account: String, statementID: String, created: CalendarDate) -> String {
        let currency = transactions.first?.amount.currency ?? .usd
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
            <BkToCstmrStmt><GrpHdr><MsgId>\(escaped(statementID))</MsgId><CreDtTm>\(created.iso)T00:00:00</CreDtTm></GrpHdr>
            <Stmt><Id>\(escaped(statementID))</Id><CreDtTm>\(created.iso)T00:00:00</CreDtTm>
            <Acct><Id><IBAN>\(escaped(account))</IBAN></Id><Ccy>\(currency.code)</Ccy></Acct>

            """
        out.reserveCapacity(transactions.count * 900)
        for t in transactions {
            let credit = t.amount.isPositive
            let date = (t.valueDate ?? t.bookingDate)?.iso ?? created.iso
            out += "<Ntry><Amt Ccy=\"\(t.amount.currency.code)\">\((credit ? t.amount : -t.amount).decimalString)</Amt><CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            out += "<BookgDt><Dt>\((t.bookingDate ?? t.valueDate)?.iso ?? created.iso)</Dt></BookgDt><ValDt><Dt>\(date)</Dt></ValDt>"
            out += "<AcctSvcrRef>\(escaped(t.bankReference ?? ""))</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
            out += "<NtryDtls><TxDtls><Refs><AcctSvcrRef>\(escaped(t.bankReference ?? ""))</AcctSvcrRef><EndToEndId>\(escaped(t.endToEndID ?? "NOTPROVIDED"))</EndToEndId></Refs>"
            out += "<Amt Ccy=\"\(t.amount.currency.code)\">\((credit ? t.amount : -t.amount).decimalString)</Amt><RltdPties>"
            if let name = t.payerName { out += "<Dbtr><Nm>\(escaped(name))</Nm></Dbtr>" }
            if let payerAccount = t.payerAccount { out += "<DbtrAcct><Id><Othr><Id>\(escaped(payerAccount))</Id></Othr></Id></DbtrAcct>" }
            out += "</RltdPties>"
            if let remittance = t.remittance { out += "<RmtInf><Ustrd>\(escaped(remittance))</Ustrd></RmtInf>" }
            out += "</TxDtls></NtryDtls></Ntry>\n"
        }
        return out + "</Stmt></BkToCstmrStmt></Document>\n"
    }

    /// BAI2 with one group and account; each transaction a type-16 record whose text carries
    /// the payer and remittance in labelled form, continued on 88 records when long.
    public static func bai2(_ transactions: [BankTransaction], account: String, created: CalendarDate) -> String {
        let date = String(created.iso.replacingOccurrences("-", "").dropFirst(2))
        var lines = ["01,ARAGENT,ARAGENT,\(date),0000,1,80,,2/", "02,ARAGENT,BANK,1,\(date),0000,,2/"]
        let currency = transactions.first?.amount.currency ?? .usd
        lines.append("03,\(account),\(currency.code),010,0,,,015,0,,/")
        var credits: Int64 = 0  // BAI2 control totals add amounts without sign
        for t in transactions {
            let code = t.amount.isPositive ? "195" : "495"
            credits += Int64(t.amount.minorUnits.magnitude)
            var text = ""
            if let name = t.payerName { text += "ORIG CO NAME:\(name.replacingOccurrences("/", " ").replacingOccurrences(",", " ")) " }
            if let payerAccount = t.payerAccount { text += "ORIG ACCT:\(payerAccount) " }
            if let remittance = t.remittance { text += "RMT INFO:\(remittance.replacingOccurrences("/", " ")) " }
            let amount = String(t.amount.minorUnits.magnitude)
            let head = "16,\(code),\(amount),0,\(t.bankReference ?? ""),,"
            // Records are kept under 80 characters; the rest of the text goes on 88 records.
            var remaining = Substring(text.trimmingTrailing())
            var first = true
            repeat {
                let room = first ? max(10, 80 - head.count) : 76
                let chunk = remaining.prefix(room)
                remaining = remaining.dropFirst(chunk.count)
                lines.append((first ? head : "88,") + chunk)
                first = false
            } while !remaining.isEmpty
        }
        let records = lines.count - 2 + 1
        lines.append("49,\(credits),\(records)/")
        lines.append("98,\(credits),1,\(records + 2)/")
        lines.append("99,\(credits),1,\(lines.count + 1)/")
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences("\"", "\"\"") + "\""
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

private extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    func trimmingTrailing() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
