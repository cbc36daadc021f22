import Foundation
import NIOCore
import NIOSSL

/// One logged-in conversation with an IMAP server: tagged commands, their untagged data and
/// their completion, over an ``NIOAsyncChannel``. Used by one task at a time (``IMAPMailbox``).
final class IMAPSession {
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var framer = IMAPResponseFramer()
    private var tagNumber = 0
    private(set) var capabilities: Set<String> = []

    init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    func response(while stage: String) async throws -> IMAPResponse {
        while true {
            if let response = try framer.next() { return response }
            let chunk: ByteBuffer?
            do {
                chunk = try await inbound.next()
            } catch let error as NIOSSLError {
                throw IMAPError.tls("\(error)")
            } catch let error as BoringSSLError {
                throw IMAPError.tls("\(error)")
            } catch {
                throw IMAPError.connectionClosed(while: stage)
            }
            guard let chunk else { throw IMAPError.connectionClosed(while: stage) }
            framer.append(chunk.readableBytesView)
        }
    }

    /// The greeting: OK (log in next) or PREAUTH; BYE refuses.
    func greeting() async throws {
        let greeting = try await response(while: "waiting for the greeting")
        guard greeting.kind == .untagged, greeting.status == "OK" || greeting.status == "PREAUTH" else {
            throw IMAPError.refused(command: "the connection", reply: greeting.text)
        }
    }

    /// Sends `command` and collects the untagged responses until its tagged completion, which
    /// must be OK. `shown` is what errors print instead of the command (credentials).
    @discardableResult
    func run(_ command: String, shown: String? = nil, continuation: [UInt8]? = nil) async throws -> [IMAPResponse] {
        tagNumber += 1
        let tag = "A\(tagNumber)"
        try await write("\(tag) \(command)\r\n")
        let label = shown ?? command
        var untagged: [IMAPResponse] = []
        while true {
            let response = try await response(while: "waiting for the answer to \(label)")
            switch response.kind {
            case .untagged:
                if response.status == "BYE" { continue }
                if response.status == "CAPABILITY" { capabilities = Self.words(response.text) }
                untagged.append(response)
            case .continuation:
                guard let continuation else { throw IMAPError.protocolViolation("an unexpected '+' after \(label)") }
                var buffer = channel.channel.allocator.buffer(capacity: continuation.count + 2)
                buffer.writeBytes(continuation)
                buffer.writeString("\r\n")
                try await outbound.write(buffer)
            case let .tagged(answered):
                guard answered == tag else { throw IMAPError.protocolViolation("an answer tagged \(answered) while waiting for \(tag)") }
                if let range = response.text.range(of: "[CAPABILITY ", options: .caseInsensitive),
                   let close = response.text[range.upperBound...].firstIndex(of: "]") {
                    capabilities = Self.words("CAPABILITY " + response.text[range.upperBound..<close])
                }
                guard response.status == "OK" else {
                    if label.hasPrefix("LOGIN") || label.hasPrefix("AUTHENTICATE") { throw IMAPError.authenticationFailed(reply: response.text) }
                    throw IMAPError.refused(command: label, reply: response.text)
                }
                return untagged
            }
        }
    }

    func refreshCapabilities() async throws {
        try await run("CAPABILITY")
    }

    /// STARTTLS, then TLS under the connection before anything else is read or written.
    func startTLS(context: NIOSSLContext, serverName: String?) async throws {
        guard capabilities.contains("STARTTLS") else {
            throw IMAPError.tls("the server does not offer STARTTLS; use imaps:// if it listens for TLS (port 993)")
        }
        try await run("STARTTLS")
        do {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
            try await channel.channel.pipeline.addHandler(handler, position: .first)
        } catch {
            throw IMAPError.tls("\(error)")
        }
        capabilities = []
        try await refreshCapabilities()
    }

    /// AUTHENTICATE PLAIN when offered (in the first line with SASL-IR), else LOGIN.
    func logIn(user: String, password: String) async throws {
        if capabilities.contains("LOGINDISABLED") && !capabilities.contains("AUTH=PLAIN") {
            throw IMAPError.refused(command: "LOGIN", reply: "the server disables LOGIN on this connection (use TLS)")
        }
        if capabilities.contains("AUTH=PLAIN") {
            let token = Data(("\0" + user + "\0" + password).utf8).base64EncodedString()
            if capabilities.contains("SASL-IR") {
                try await run("AUTHENTICATE PLAIN \(token)", shown: "AUTHENTICATE PLAIN")
            } else {
                try await run("AUTHENTICATE PLAIN", shown: "AUTHENTICATE PLAIN", continuation: Array(token.utf8))
            }
        } else {
            try await run("LOGIN \(try Self.quoted(user)) \(try Self.quoted(password))", shown: "LOGIN")
        }
        if !capabilities.contains("UIDPLUS") && !capabilities.contains("MOVE") { try await refreshCapabilities() }
    }

    func logOut() async {
        _ = try? await run("LOGOUT")
    }

    private func write(_ text: String) async throws {
        var buffer = channel.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        do {
            try await outbound.write(buffer)
        } catch {
            throw IMAPError.connectionClosed(while: "sending a command")
        }
    }

    /// An IMAP quoted string; a value with a line break or a byte outside ASCII cannot be one.
    static func quoted(_ value: String) throws(IMAPError) -> String {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw .invalidConfiguration("the IMAP user or password has a character LOGIN cannot carry (a line break, control or non-ASCII character)")
        }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func words(_ text: some StringProtocol) -> Set<String> {
        Set(text.split(separator: " ").dropFirst().map { $0.uppercased() })
    }
}
