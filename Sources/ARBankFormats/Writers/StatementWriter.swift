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
            // camt writes the magnitude and says CRDT or DBIT.
            let magnitude = String(t.amount.decimalString.drop { $0 == "-" })
            let date = (t.valueDate ?? t.bookingDate)?.iso ?? created.iso
            out += "<Ntry><Amt Ccy=\"\(t.amount.currency.code)\">\(magnitude)</Amt><CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            out += "<BookgDt><Dt>\((t.bookingDate ?? t.valueDate)?.iso ?? created.iso)</Dt></BookgDt><ValDt><Dt>\(date)</Dt></ValDt>"
            out += "<AcctSvcrRef>\(escaped(t.bankReference ?? ""))</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
            out += "<NtryDtls><TxDtls><Refs><AcctSvcrRef>\(escaped(t.bankReference ?? ""))</AcctSvcrRef><EndToEndId>\(escaped(t.endToEndID ?? "NOTPROVIDED"))</EndToEndId></Refs>"
            out += "<Amt Ccy=\"\(t.amount.currency.code)\">\(magnitude)</Amt><RltdPties>"
            if let name = t.payerName { out += "<Dbtr><Nm>\(escaped(name))</Nm></Dbtr>" }
            if let payerAccount = t.payerAccount { out += "<DbtrAcct><Id><Othr><Id>\(escaped(payerAccount))</Id></Othr></Id></DbtrAcct>" }
            out += "</RltdPties>"
            if let remittance = t.remittance { out += "<RmtInf><Ustrd>\(escaped(remittance))</Ustrd></RmtInf>" }
            out += "</TxDtls></NtryDtls></Ntry>\n"
        }
        return out + "</Stmt></BkToCstmrStmt></Document>\n"
    }

    /// BAI2 with one group and account; each transaction a type-16 record whose text carries
    /// the payer and remittance in labelled form, continued on 88 records when long (broken
    /// between words, as the reader joins continuations with a space). With `labelled: false`
    /// the text is written as banks that do not label it write it: name, account and remittance
    /// one after the other, nothing saying which is which. BAI2 detail records carry no date of
    /// their own; with `groupPerDay` each value date gets its own group (`02` … `98`) with that
    /// as-of date, as a file covering several days has, instead of one group dated `created`.
    public static func bai2(_ transactions: [BankTransaction], account: String, created: CalendarDate, labelled: Bool = true,
                            groupPerDay: Bool = false) -> String {
        func yymmdd(_ day: CalendarDate) -> String { String(day.iso.replacingOccurrences("-", "").dropFirst(2)) }
        var groups: [(day: CalendarDate, transactions: [BankTransaction])] = []
        if groupPerDay {
            var byDay: [CalendarDate: [BankTransaction]] = [:]
            for t in transactions { byDay[t.valueDate ?? t.bookingDate ?? created, default: []].append(t) }
            groups = byDay.keys.sorted().map { ($0, byDay[$0] ?? []) }
        } else {
            groups = [(created, transactions)]
        }
        var lines = ["01,ARAGENT,ARAGENT,\(yymmdd(created)),0000,1,80,,2/"]
        let currency = transactions.first?.amount.currency ?? .usd
        var fileTotal: Int64 = 0  // BAI2 control totals add amounts without sign
        for group in groups {
            let groupStart = lines.count
            lines.append("02,ARAGENT,BANK,1,\(yymmdd(group.day)),0000,,2/")
            lines.append("03,\(account),\(currency.code),010,0,,,015,0,,/")
            var credits: Int64 = 0
            for t in group.transactions {
                let code = t.amount.isPositive ? "195" : "495"
                credits += Int64(t.amount.minorUnits.magnitude)
                var text = ""
                if !labelled {
                    text = [t.payerName, t.payerAccount, t.remittance].compactMap { $0 }.map { $0.replacingOccurrences("/", " ") }.joined(separator: " ")
                }
                if labelled, let name = t.payerName { text += "ORIG CO NAME:\(name.replacingOccurrences("/", " ").replacingOccurrences(",", " ")) " }
                if labelled, let payerAccount = t.payerAccount { text += "ORIG ACCT:\(payerAccount) " }
                if labelled, let remittance = t.remittance { text += "RMT INFO:\(remittance.replacingOccurrences("/", " ")) " }
                let amount = String(t.amount.minorUnits.magnitude)
                let head = "16,\(code),\(amount),0,\(t.bankReference ?? ""),,"
                // Records are kept under 80 characters; the rest of the text goes on 88 records,
                // broken at a space where there is one, so no label or reference is cut in two.
                var remaining = Substring(text.trimmingTrailing())
                var first = true
                repeat {
                    let room = first ? max(10, 80 - head.count) : 76
                    var chunk = remaining.prefix(room)
                    if chunk.count < remaining.count, let space = chunk.lastIndex(of: " "), space > chunk.startIndex {
                        chunk = remaining[remaining.startIndex..<space]
                        remaining = remaining[remaining.index(after: space)...]
                    } else {
                        remaining = remaining.dropFirst(chunk.count)
                    }
                    lines.append((first ? head : "88,") + chunk)
                    first = false
                } while !remaining.isEmpty
            }
            let accountRecords = lines.count - (groupStart + 1) + 1
            lines.append("49,\(credits),\(accountRecords)/")
            lines.append("98,\(credits),1,\(lines.count - groupStart + 1)/")
            fileTotal += credits
        }
        lines.append("99,\(fileTotal),\(groups.count),\(lines.count + 1)/")
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

extension StatementWriter {
    /// MT940 with one statement: :61: lines (value date, credit/debit mark, amount with a
    /// decimal comma, transaction type NTRF, the bank reference) and :86: lines in the
    /// slash-keyed form (/NAME/, /IBAN/, /REMI/) many banks use, wrapped at 65 characters, at
    /// most 6 lines. With `keyed: false`, `:86:` is free text (name, account and remittance one
    /// after the other), as banks without a structured layout write it.
    public static func mt940(_ transactions: [BankTransaction], account: String, statementID: String, created: CalendarDate, keyed: Bool = true) -> String {
        let currency = transactions.first?.amount.currency ?? .usd
        func yymmdd(_ date: CalendarDate) -> String { String(date.iso.filter { $0 != "-" }.dropFirst(2)) }
        func amount(_ minor: Int64) -> String { MoneyFormat.decimalString(minorUnits: Int64(minor.magnitude), digits: currency.minorUnitDigits).replacingOccurrences(".", ",") }
        var balance: Int64 = 0
        var out = ":20:\(statementID.prefix(16))\n:25:\(account)\n:28C:1/1\n:60F:C\(yymmdd(created))\(currency.code)0,00\n"
        out.reserveCapacity(transactions.count * 200)
        for t in transactions {
            let date = t.valueDate ?? t.bookingDate ?? created
            balance += t.amount.minorUnits
            out += ":61:\(yymmdd(date))\(t.amount.isNegative ? "D" : "C")\(amount(t.amount.minorUnits))NTRFNONREF//\((t.bankReference ?? "").prefix(16))\n"
            var details = ""
            if !keyed { details = clean([t.payerName, t.payerAccount, t.remittance].compactMap { $0 }.joined(separator: " ")) }
            if keyed, let name = t.payerName { details += "/NAME/\(clean(name))" }
            if keyed, let payerAccount = t.payerAccount { details += "/IBAN/\(clean(payerAccount))" }
            if keyed, let remittance = t.remittance { details += "/REMI/\(clean(remittance))" }
            if details.isEmpty { details = "NONE" }
            var lines: [Substring] = []
            var rest = Substring(details)
            while !rest.isEmpty && lines.count < 6 {
                lines.append(rest.prefix(65))
                rest = rest.dropFirst(65)
            }
            out += ":86:" + lines.joined(separator: "\n") + "\n"
        }
        out += ":62F:\(balance < 0 ? "D" : "C")\(yymmdd(created))\(currency.code)\(amount(balance))\n-\n"
        return out
    }

    /// OFX 1.02 (SGML) with one bank statement: STMTTRN with TRNTYPE, DTPOSTED, TRNAMT, FITID, NAME and MEMO.
    public static func ofx(_ transactions: [BankTransaction], account: String, created: CalendarDate) -> String {
        let currency = transactions.first?.amount.currency ?? .usd
        func day(_ date: CalendarDate) -> String { date.iso.filter { $0 != "-" } }
        var out = """
            OFXHEADER:100
            DATA:OFXSGML
            VERSION:102
            SECURITY:NONE
            ENCODING:USASCII
            CHARSET:1252
            COMPRESSION:NONE
            OLDFILEUID:NONE
            NEWFILEUID:NONE

            <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>\(day(created))<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
            <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>\(currency.code)
            <BANKACCTFROM><BANKID>000000000<ACCTID>\(account)<ACCTTYPE>CHECKING</BANKACCTFROM>
            <BANKTRANLIST><DTSTART>\(day(created))<DTEND>\(day(created))

            """
        var balance: Int64 = 0
        for t in transactions {
            balance += t.amount.minorUnits
            out += "<STMTTRN><TRNTYPE>\(t.amount.isNegative ? "DEBIT" : "CREDIT")<DTPOSTED>\(day(t.valueDate ?? t.bookingDate ?? created))"
            out += "<TRNAMT>\(t.amount.decimalString)<FITID>\(t.bankReference ?? "")<NAME>\(escaped(String((t.payerName ?? "").prefix(32))))"
            out += "<MEMO>\(escaped(t.remittance ?? ""))</STMTTRN>\n"
        }
        out += "</BANKTRANLIST><LEDGERBAL><BALAMT>\(MoneyFormat.decimalString(minorUnits: balance, digits: currency.minorUnitDigits))<DTASOF>\(day(created))</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
        return out
    }

    /// SWIFT's character set has no ':' at a line start or '-' alone; keep text plain.
    static func clean(_ text: String) -> String {
        String(text.map { character -> Character in
            character.isLetter || character.isNumber || " .,-()+?'".contains(character) ? character : " "
        })
    }
}
