import ARBankFormats
import ARCore
import Foundation
import Testing

/// Release-build throughput on large synthetic statements, run on demand:
/// `ARAGENT_THROUGHPUT=1 swift test -c release --filter Throughput`.
@Suite("Throughput", .serialized, .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_THROUGHPUT"] != nil, "set ARAGENT_THROUGHPUT=1 to measure"))
struct ThroughputTests {
    /// Best of five runs, in MB/s (10^6 bytes per second), by wall clock and by the CPU time of
    /// the parsing thread. The second is what the parser costs: on a shared machine (other builds
    /// running) the wall clock also counts the time the thread waited for a core.
    private func throughput(_ bytes: [UInt8], _ parse: ([UInt8]) throws -> BankFile) throws -> (wall: Double, cpu: Double, transactions: Int) {
        var bestWall = Double.infinity
        var bestCPU = Double.infinity
        var count = 0
        for _ in 0..<5 {
            let cpuStart = threadCPUSeconds()
            let start = ContinuousClock.now
            let file = try parse(bytes)
            let elapsed = ContinuousClock.now - start
            bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
            bestWall = min(bestWall, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            count = file.statements.reduce(0) { $0 + $1.transactions.count }
        }
        let megabytes = Double(bytes.count) / 1e6
        return (megabytes / bestWall, megabytes / bestCPU, count)
    }

    private func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test("camt.053 with 100 000 entries reads at 30 MB/s or more")
    func camt() throws {
        var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
        <GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2024-03-01T08:00:00+01:00</CreDtTm></GrpHdr>
        <Stmt><Id>BENCH-1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
        <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>

        """
        for index in 0..<100_000 {
            text += """
            <Ntry><NtryRef>\(index)</NtryRef><Amt Ccy="EUR">\(index % 9000 + 1).\(index % 90 + 10)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-01</Dt></ValDt><AcctSvcrRef>SVC\(index)</AcctSvcrRef>
            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
            <NtryDtls><TxDtls><Refs><EndToEndId>E2E-\(index)</EndToEndId></Refs>
            <RltdPties><Dbtr><Pty><Nm>Customer \(index % 977) GmbH &amp; Co. KG</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Ustrd>Invoice INV-\(index) customer \(index % 977) thank you</Ustrd><Strd><CdtrRefInf><Ref>RF18\(index)</Ref></CdtrRefInf></Strd></RmtInf>
            </TxDtls></NtryDtls><AddtlNtryInf>SEPA credit transfer</AddtlNtryInf></Ntry>

            """
        }
        text += "</Stmt></BkToCstmrStmt></Document>\n"
        let (wall, cpu, count) = try throughput(Array(text.utf8), CamtParser.parse)
        print("camt.053: \(text.utf8.count / 1_000_000) MB, \(count) transactions, \(Int(wall)) MB/s wall clock, \(Int(cpu)) MB/s CPU")
        #expect(count == 100_000)
        #expect(cpu >= 30)
    }

    @Test("MT940 with 200 000 :61:/:86: pairs reads at 100 MB/s or more")
    func mt940() throws {
        var text = ":20:BENCH\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n:60F:C240301EUR1000,00\r\n"
        for index in 0..<200_000 {
            if index % 2 == 0 {
                text += ":61:2403010301CR\(index % 9000 + 1),\(index % 90 + 10)NTRFNONREF//B\(index)\r\n"
                text += ":86:166?00GUTSCHRIFT?100399?20EREF+E2E-\(index)?21SVWZ+Rechnung INV-\(index) Kun?22de \(index % 977)"
                text += "?30COBADEFFXXX?31DE02120300000000202051?32Kunde \(index % 977) GmbH?33 und Co KG\r\n"
            } else {
                text += ":61:2403010301D\(index % 9000 + 1),\(index % 90 + 10)NTRFNONREF//B\(index)\r\nsupplementary \(index)\r\n"
                text += ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL02ABNA0123456789/BIC/ABNANL2A/NAME/SUPPLIER \(index % 311)/REM\r\n"
                text += "I/FACTUUR \(index) PERIODE MAART/EREF/E2E-\(index)\r\n"
            }
        }
        text += ":62F:C240301EUR1000,00\r\n-\r\n"
        let (wall, cpu, count) = try throughput(Array(text.utf8), MT940Parser.parse)
        print("MT940: \(text.utf8.count / 1_000_000) MB, \(count) transactions, \(Int(wall)) MB/s wall clock, \(Int(cpu)) MB/s CPU")
        #expect(count == 200_000)
        #expect(cpu >= 100)
    }
}
