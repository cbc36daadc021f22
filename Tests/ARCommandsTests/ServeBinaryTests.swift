import ARTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `aragent serve` as the real process an operator starts: it prints its one-time admin
/// password and the address it listens on, answers /health, and stops on SIGTERM with exit 0.
@Suite("aragent serve, the real binary")
struct ServeBinaryTests {
    /// The lines a child writes to a pipe, as they come (a blocking read on its own thread:
    /// the test waits for output, never for a clock).
    static func lines(of handle: FileHandle) -> AsyncStream<String> {
        AsyncStream { continuation in
            Thread.detachNewThread {
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                        pending = Data(pending[pending.index(after: newline)...])
                    }
                }
                if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
                continuation.finish()
            }
        }
    }

    @Test("serve on a free port from its config file: one-time admin password, GET /health 200, SIGTERM exits 0")
    func serveHealthSigterm() async throws {
        let binary = try RealBinary()
        // The ledger and the port come from the file, as an operator would configure them.
        _ = try binary.write("company.json", """
            {"legalName": "Config Trading GmbH", "address": "Hauptstr. 1, Berlin", "arContact": "ar@config.example",
             "payment": [{"currency": "EUR", "bankName": "Testbank", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX"}]}
            """)
        let config = try binary.write("aragent.toml", "db = \"serve.sqlite\"\n[server]\nport = 0\n[company]\nprofile = \"company.json\"\n")
        let process = Process()
        process.executableURL = binary.executable
        process.arguments = ["serve", "--config", config]
        process.currentDirectoryURL = binary.folder
        var environment = ProcessInfo.processInfo.environment
        environment["ARAGENT_TIMEZONE"] = RealBinary.timeZone
        for name in ["ARAGENT_DB", "ARAGENT_SMTP_HOST", "ARAGENT_MAIL_FROM", "ARAGENT_SERVER_PORT"] { environment[name] = nil }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let (exits, exited) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        try process.run()
        var printed: [String] = [], port: Int?
        for await line in Self.lines(of: out.fileHandleForReading) {
            printed.append(line)
            if let range = line.range(of: "Listening on http://127.0.0.1:") {
                port = Int(line[range.upperBound...].prefix { $0.isNumber })
                break
            }
        }
        guard let port else {
            process.terminate()
            Issue.record("serve printed no address: \(printed)")
            return
        }
        #expect(printed.contains { $0.contains("created 'admin' with the one-time password") })
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("\"ok\""))
        kill(process.processIdentifier, SIGTERM)
        for await _ in exits {}
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: binary.folder.appendingPathComponent("serve.sqlite").path))
        // The profile the configuration names is the ledger's now.
        #expect(printed.contains { $0.contains("Company profile set from company.json: Config Trading GmbH.") }, "\(printed)")
        let shown = try await binary.run(["company", "show", "--db", binary.folder.appendingPathComponent("serve.sqlite").path])
        #expect(shown.out.contains("Config Trading GmbH") && shown.out.contains("DE89 3704 0044 0532 0130 00"), "\(shown)")
    }
}
