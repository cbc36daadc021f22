import ARMail
import Foundation

/// The aiosmtpd server that `scripts/start-smtp.sh` starts, as its exports describe it.
enum SMTPTestServer {
    private static let environment = ProcessInfo.processInfo.environment

    private static func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let host = value("ARAGENT_TEST_SMTP_HOST")
    static let port = value("ARAGENT_TEST_SMTP_PORT").flatMap(Int.init)
    static let maildir = value("ARAGENT_TEST_MAILDIR")
    static let tlsPort = value("ARAGENT_TEST_SMTP_TLS_PORT").flatMap(Int.init)
    static let implicitTLSPort = value("ARAGENT_TEST_SMTP_IMPLICIT_TLS_PORT").flatMap(Int.init)
    static let caFile = value("ARAGENT_TEST_SMTP_CA")
    static let user = value("ARAGENT_TEST_SMTP_USER")
    static let password = value("ARAGENT_TEST_SMTP_PASSWORD")
    static let silentPort = value("ARAGENT_TEST_SMTP_SILENT_PORT").flatMap(Int.init)
    static let closedPort = value("ARAGENT_TEST_SMTP_CLOSED_PORT").flatMap(Int.init)

    static var isRunning: Bool { host != nil && port != nil && maildir != nil }
    static var hasTLS: Bool { isRunning && tlsPort != nil && implicitTLSPort != nil && caFile != nil && user != nil && password != nil }

    static var credentials: SMTPCredentials? {
        guard let user, let password else { return nil }
        return SMTPCredentials(username: user, password: password)
    }

    /// A configuration for one of the server's listeners; short timeouts so a broken run
    /// fails quickly instead of hanging.
    static func configuration(port: Int?, tls: SMTPConfiguration.TLSMode, credentials: SMTPCredentials? = nil,
                              trustCA: Bool = true) throws -> SMTPConfiguration {
        guard let host, let port else { throw SetupError("the SMTP test server is not configured") }
        return SMTPConfiguration(
            host: host, port: port, tls: tls, trustedCAFile: trustCA ? caFile : nil, credentials: credentials,
            clientHostname: "aragent-tests.localhost", connectTimeout: .seconds(5), replyTimeout: .seconds(10),
            messageAcceptanceTimeout: .seconds(20)
        )
    }

    /// The delivered message with `id`, read from the Maildir's new/ folder. The server writes
    /// before it replies 250, so the first look normally finds it; the bounded poll only
    /// covers a slow file system.
    static func delivered(_ id: MessageID) async throws -> ParsedMessage {
        for _ in 0..<100 {
            if let message = try findDelivered(id) { return message }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SetupError("no message with Message-ID \(id) arrived in \(maildir ?? "?")/new")
    }

    /// The delivered message with `id`, if it is there now.
    static func findDelivered(_ id: MessageID) throws -> ParsedMessage? {
        guard let maildir else { throw SetupError("ARAGENT_TEST_MAILDIR is not set") }
        let folder = URL(fileURLWithPath: maildir).appendingPathComponent("new")
        let needle = "Message-ID: \(id.bracketed)"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let text = String(decoding: data, as: UTF8.self)
            if text.contains(needle) { return ParsedMessage(text) }
        }
        return nil
    }

    struct SetupError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
