import ARAgent
import ARCore
import ARTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// An SMTP server that holds its answer to a message's end of data until the test lets it go:
/// so a test can stop `aragent serve` while a reminder is on the wire, accepted by nobody yet.
/// Plain POSIX sockets on a thread of its own; one connection at a time; counts the messages it
/// accepted (answered 250 to).
final class HeldSMTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var released = false
    private let dataArrived: AsyncStream<Void>.Continuation
    /// One element each time a message's data has fully arrived (its answer is held).
    let arrivals: AsyncStream<Void>

    var acceptedCount: Int { lock.withLock { accepted } }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw TestSetupError("cannot listen on a local port") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: actual.sin_port))
        listener = fd
        (arrivals, dataArrived) = AsyncStream<Void>.makeStream()
        Thread.detachNewThread { [self] in serve() }
    }

    /// Lets every held and later message be accepted.
    func release() { lock.withLock { released = true } }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        dataArrived.finish()
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            handle(connection)
            close(connection)
        }
    }

    private func send(_ fd: Int32, _ text: String) { _ = text.withCString { write(fd, $0, strlen($0)) } }

    private func handle(_ fd: Int32) {
        send(fd, "220 held.test ESMTP\r\n")
        var buffer: [UInt8] = []
        var inData = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return }
            buffer.append(contentsOf: chunk[0..<count])
            if inData {
                guard let end = find([13, 10, 46, 13, 10], in: buffer) else { continue }
                buffer.removeSubrange(0..<(end + 5))
                inData = false
                dataArrived.yield()
                // The answer waits until the test lets it go (or the peer gives up and closes).
                while !lock.withLock({ released }) {
                    var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if poll(&probe, 1, 20) > 0 && (probe.revents & Int16(POLLHUP | POLLERR)) != 0 { return }
                    if probe.revents & Int16(POLLIN) != 0 {
                        var peek: UInt8 = 0
                        if recv(fd, &peek, 1, Int32(MSG_PEEK)) == 0 { return }
                    }
                }
                lock.withLock { accepted += 1 }
                send(fd, "250 2.0.0 accepted\r\n")
                continue
            }
            while let newline = find([13, 10], in: buffer) {
                let line = String(decoding: buffer[0..<newline], as: UTF8.self).uppercased()
                buffer.removeSubrange(0..<(newline + 2))
                if line.hasPrefix("EHLO") || line.hasPrefix("HELO") { send(fd, "250 held.test\r\n") }
                else if line.hasPrefix("MAIL") || line.hasPrefix("RCPT") || line.hasPrefix("RSET") || line.hasPrefix("NOOP") { send(fd, "250 OK\r\n") }
                else if line.hasPrefix("DATA") { send(fd, "354 go ahead\r\n"); inData = true; break }
                else if line.hasPrefix("QUIT") { send(fd, "221 bye\r\n"); return }
                else { send(fd, "502 not here\r\n") }
            }
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        return nil
    }
}

/// SIGTERM while `aragent serve` is sending a reminder: the send finishes and is recorded, the
/// process exits 0, and nothing goes out twice when it starts again.
@Suite("aragent serve, stopped during a send")
struct ServeShutdownTests {
    @Test("SIGTERM during a send: the message is accepted once, recorded as sent, and a restart sends nothing again")
    func sigtermDuringSend() async throws {
        let binary = try RealBinary()
        let smtp = try HeldSMTPServer()
        defer { smtp.stop() }
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let due = Calendar(identifier: .gregorian).date(byAdding: .day, value: -20, to: Date())!
        let dueDay = String(ISO8601DateFormatter().string(from: due).prefix(10))
        let db = binary.folder.appendingPathComponent("ledger.sqlite").path
        // Send at any hour, any day: the test must not depend on when it runs.
        let policy = "version = \"always\"\nbusiness_days_only = false\nsend_hours = [0, 23]\n" + DunningPolicyFile.render(DunningPolicy())
            .split(separator: "\n").drop { !$0.hasPrefix("[[steps]]") }.joined(separator: "\n")
        for step in [["policy", "set", try binary.write("policy.toml", policy)],
                     ["import", "customers", try binary.write("c.csv", "customer_id,name,email\nC1,Acme,ap@acme.example\nC2,Globex,ap@globex.example\n")],
                     ["import", "invoices", try binary.write("i.csv", """
                        invoice_number,customer_id,issue_date,due_date,currency,amount
                        I1,C1,\(dueDay),\(dueDay),USD,100.00
                        I2,C2,\(dueDay),\(dueDay),USD,200.00

                        """)],
                     ["run", "--as-of", today]] {
            let run = try await binary.run(step + ["--db", db])
            #expect(run.succeeded, "\(step): \(run)")
        }
        let proposed = try await binary.run(["actions", "list", "--status", "proposed", "--format", "json", "--db", db])
        let ids = try #require(try JSONSerialization.jsonObject(with: Data(proposed.out.utf8)) as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.count == 2, "\(proposed)")
        for id in ids { #expect(try await binary.run(["actions", "approve", id, "--db", db]).succeeded) }

        let serve = try await ServedProcess.start(binary: binary, arguments: ["serve", "--db", db, "--port", "0", "--hour", "23", "--every", "1",
                                                                  "--smtp-host", "127.0.0.1", "--smtp-port", String(smtp.port), "--smtp-tls", "none",
                                                                  "--from", "ar@supplier.example"])
        // The first message is on the wire, its answer held: stop the server now.
        for await _ in smtp.arrivals { break }
        serve.terminate()
        // Once serve says it is stopping, the mail server answers, and the send in progress completes.
        try await serve.waitFor("Stopping:")
        smtp.release()
        let status = await serve.exitStatus()
        #expect(status == 0)
        #expect(smtp.acceptedCount == 1, "the message on the wire was accepted; the second was not started")
        let executed = try await binary.run(["actions", "list", "--status", "executed", "--format", "json", "--db", db])
        #expect(try #require(try JSONSerialization.jsonObject(with: Data(executed.out.utf8)) as? [[String: Any]]).count == 1,
                "the accepted send is recorded: \(executed)")
        #expect(try await binary.verify(db).ok)

        // A restart sends the one left, and only it.
        let again = try await binary.run(["send", "--db", db, "--smtp-host", "127.0.0.1", "--smtp-port", String(smtp.port), "--smtp-tls", "none",
                                          "--from", "ar@supplier.example"])
        #expect(again.succeeded, "\(again)")
        #expect(smtp.acceptedCount == 2, "\(again)")
        let all = try await binary.run(["actions", "list", "--status", "executed", "--format", "json", "--db", db])
        #expect(try #require(try JSONSerialization.jsonObject(with: Data(all.out.utf8)) as? [[String: Any]]).count == 2)
    }
}

/// `aragent serve` started in the background: its address and its lines as they come, SIGTERM,
/// and its exit status.
final class ServedProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let lines: AsyncStream<String>
    private let exited: AsyncStream<Int32>

    /// What serve printed up to the line with its address.
    let early: [String]

    private init(process: Process, port: Int, early: [String], lines: AsyncStream<String>, exited: AsyncStream<Int32>) {
        self.port = port
        self.early = early
        self.lines = lines
        self.exited = exited
        _ = process
    }

    /// Starts `aragent ARGUMENTS` in the binary's folder with the test's environment minus the
    /// settings that would point it at the developer's servers, plus `environment`.
    static func start(binary: RealBinary, arguments: [String], environment extra: [String: String] = [:]) async throws -> ServedProcess {
        let process = Process()
        process.executableURL = binary.executable
        process.arguments = arguments
        process.currentDirectoryURL = binary.folder
        var environment = ProcessInfo.processInfo.environment
        environment["ARAGENT_TIMEZONE"] = RealBinary.timeZone
        for name in ["ARAGENT_DB", "ARAGENT_SMTP_HOST", "ARAGENT_MAIL_FROM", "ARAGENT_SERVER_PORT", "ARAGENT_SMTP_USER", "ARAGENT_SMTP_PASSWORD",
                     "ARAGENT_IMAP_URL", "ARAGENT_IMAP_PASSWORD", "ARAGENT_IMAP_MOVE_TO"] { environment[name] = nil }
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let (exited, exit) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            exit.yield(process.terminationStatus)
            exit.finish()
        }
        try process.run()
        let lines = ServeBinaryTests.lines(of: out.fileHandleForReading)
        var port: Int?
        var seen: [String] = []
        for await line in lines {
            seen.append(line)
            if let range = line.range(of: "Listening on http://127.0.0.1:") {
                port = Int(line[range.upperBound...].prefix { $0.isNumber })
                break
            }
        }
        guard let port else { throw TestSetupError("serve ended before it listened: \(seen)") }
        let served = ServedProcess(process: process, port: port, early: seen, lines: lines, exited: exited)
        served.pid = process.processIdentifier
        return served
    }

    private var pid: Int32 = 0

    func terminate() { kill(pid, SIGTERM) }

    /// Reads serve's output until a line contains `text` (a serve that ends first fails the test).
    func waitFor(_ text: String) async throws {
        if early.contains(where: { $0.contains(text) }) { return }
        for await line in lines where line.contains(text) { return }
        throw TestSetupError("serve ended without printing '\(text)'")
    }

    func exitStatus() async -> Int32? {
        for await status in exited { return status }
        return nil
    }
}
