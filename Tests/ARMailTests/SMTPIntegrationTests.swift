import ARMail
import Foundation
import Testing

/// ARMail against a real SMTP server (aiosmtpd) delivering to a Maildir:
/// `eval "$(scripts/start-smtp.sh)"` first.
@Suite(
    "SMTP against a real server",
    .enabled(if: SMTPTestServer.isRunning, "ARAGENT_TEST_SMTP_HOST is not set: run eval \"$(scripts/start-smtp.sh)\" first")
)
struct SMTPIntegrationTests {
    @Test("a reminder to two recipients arrives with its headers, both parts and the invoice figures")
    func reminder() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.port, tls: .none))
        let id = try MessageID(localPart: "reminder.\(UUID().uuidString.lowercased())", domain: "acme.example")
        let message = try Reminders.firstReminder(messageID: id)

        let receipt = try await client.send(message)
        #expect(receipt.reply.code == 250)
        #expect(receipt.reply.description.contains("queued as"))
        #expect(receipt.messageID == id)
        #expect(receipt.recipients == ["ap@customer.example", "controller@customer.example"])

        let delivered = try await SMTPTestServer.delivered(id)
        #expect(delivered.header("X-Test-Envelope-From") == "<ar@acme.example>")
        #expect(delivered.header("X-Test-Envelope-To") == "<ap@customer.example>, <controller@customer.example>")
        #expect(delivered.header("X-Test-TLS") == "no")
        #expect(delivered.header("From") == "Acme Receivables <ar@acme.example>")
        #expect(delivered.header("To") == "ap@customer.example, controller@customer.example")
        #expect(delivered.header("Reply-To") == "Acme AR <replies@acme.example>")
        #expect(delivered.header("Subject") == "Payment reminder: 2 open invoices (1,324.46 EUR)")
        #expect(delivered.header("Message-ID") == id.bracketed)
        #expect(delivered.header("In-Reply-To") == "<first.act-0041@acme.example>")
        #expect(delivered.header("References") == "<statement.7@acme.example> <first.act-0041@acme.example>")
        #expect(delivered.header("List-Unsubscribe") == "<https://ar.acme.example/u/tok123>, <mailto:unsubscribe@acme.example?subject=tok123>")
        #expect(delivered.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(delivered.mediaType == "multipart/alternative")

        let parts = delivered.parts
        try #require(parts.count == 2)
        #expect(parts[0].mediaType == "text/plain")
        #expect(parts[1].mediaType == "text/html")
        for part in parts {
            for invoice in Reminders.invoices {
                #expect(part.decodedBody.contains(invoice.number), "\(invoice.number) in \(part.mediaType ?? "?")")
                #expect(part.decodedBody.contains(invoice.amount), "\(invoice.amount) in \(part.mediaType ?? "?")")
            }
            #expect(part.decodedBody.contains("1,324.46 EUR"))
        }
        #expect(parts[0].decodedBody.contains("\r\n.this line starts with a dot and must survive"), "dot-stuffing undone by the server")
        #expect(parts[1].decodedBody.contains("<td>INV-2024-0042</td><td>2025-10-31</td><td>1,234.56 EUR</td>"))
    }

    @Test("non-ASCII subject and names arrive intact")
    func nonASCII() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.port, tls: .none))
        var message = try Reminders.firstReminder(to: ["buchhaltung@kunde.example"])
        message.subject = "Zahlungserinnerung: Rechnung INV-2024-0042 über 1.234,56 € – bitte prüfen"
        message.from = try EmailAddress("ar@acme.example", name: "Müller & Söhne Forderungsmanagement")
        message.htmlBody = nil
        message.textBody = "Offener Betrag: 1.234,56 € für INV-2024-0042.\n"
        _ = try await client.send(message)
        let delivered = try await SMTPTestServer.delivered(message.messageID)
        #expect(delivered.decodedHeader("Subject") == message.subject)
        #expect(delivered.decodedHeader("From") == "Müller & Söhne Forderungsmanagement <ar@acme.example>")
        #expect(delivered.decodedBody == "Offener Betrag: 1.234,56 € für INV-2024-0042.\r\n")
    }

    @Test("several messages at once over separate connections")
    func concurrent() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.port, tls: .none))
        let ids = try await withThrowingTaskGroup(of: MessageID.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let message = try Reminders.firstReminder(to: ["contact\(index)@customer.example"])
                    return try await client.send(message).messageID
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(ids).count == 6)
        for id in ids {
            _ = try await SMTPTestServer.delivered(id)
        }
    }

    @Test("a refused recipient is a permanent failure and nothing is delivered")
    func permanentRecipient() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.port, tls: .none))
        let message = try Reminders.firstReminder(to: ["ap@customer.example", "reject-me@customer.example"])
        do {
            _ = try await client.send(message)
            Issue.record("the server accepted a recipient it must refuse")
        } catch let error as SMTPError {
            guard case let .recipientRejected(address, reply) = error else {
                Issue.record("expected recipientRejected, got \(error)")
                return
            }
            #expect(address == "reject-me@customer.example")
            #expect(reply.code == 550)
            #expect(reply.enhancedStatus == "5.1.1")
            #expect(error.isPermanent)
        }
        #expect(try SMTPTestServer.findDelivered(message.messageID) == nil, "all or nothing: no partial delivery")
    }

    @Test("a deferred recipient is a transient failure")
    func transientRecipient() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.port, tls: .none))
        let message = try Reminders.firstReminder(to: ["tempfail@customer.example"])
        do {
            _ = try await client.send(message)
            Issue.record("the server accepted a recipient it must defer")
        } catch let error as SMTPError {
            guard case let .recipientRejected(_, reply) = error else {
                Issue.record("expected recipientRejected, got \(error)")
                return
            }
            #expect(reply.code == 451)
            #expect(error.isTransient)
        }
    }

    @Test("nothing listening: connection refused, transient")
    func connectionRefused() async throws {
        let port = try #require(SMTPTestServer.closedPort, "ARAGENT_TEST_SMTP_CLOSED_PORT is not set")
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: port, tls: .none))
        do {
            _ = try await client.send(try Reminders.firstReminder())
            Issue.record("a send to a closed port succeeded")
        } catch let error as SMTPError {
            guard case let .connectionFailed(host, failedPort, _) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(host == SMTPTestServer.host && failedPort == port)
            #expect(error.isTransient)
        }
    }

    /// The reply timeout itself is what the thrown error names; a time limit (not a wall-clock
    /// assertion, which a loaded CI machine breaks) catches a client that would hang instead.
    @Test("a server that never greets: reply timeout, transient", .timeLimit(.minutes(1)))
    func silentServer() async throws {
        let port = try #require(SMTPTestServer.silentPort, "ARAGENT_TEST_SMTP_SILENT_PORT is not set")
        var configuration = try SMTPTestServer.configuration(port: port, tls: .none)
        configuration.replyTimeout = .milliseconds(300)
        let client = try SMTPClient(configuration: configuration)
        await #expect(throws: SMTPError.replyTimedOut(stage: .greeting, after: .milliseconds(300))) {
            try await client.send(try Reminders.firstReminder())
        }
        #expect(SMTPError.replyTimedOut(stage: .greeting, after: .milliseconds(300)).isTransient)
    }

    /// The reply timeout is ten minutes and the test's time limit one: a client that waited for
    /// the timeout instead of honouring the cancellation fails the limit (and would throw
    /// `replyTimedOut`, not `cancelled`). No wall-clock assertion, which a loaded machine breaks.
    @Test("cancelling the task ends a stalled send at once, as transient", .timeLimit(.minutes(1)))
    func cancellation() async throws {
        let port = try #require(SMTPTestServer.silentPort, "ARAGENT_TEST_SMTP_SILENT_PORT is not set")
        var configuration = try SMTPTestServer.configuration(port: port, tls: .none)
        configuration.replyTimeout = .seconds(600)
        let client = try SMTPClient(configuration: configuration)
        let message = try Reminders.firstReminder()
        let task = Task { try await client.send(message) }
        // Cancel once the send is under way; the result is the same if it is not yet.
        await Task.yield()
        task.cancel()
        await #expect(throws: SMTPError.cancelled) { try await task.value }
        #expect(SMTPError.cancelled.isTransient)
    }

    @Test("TLS required but the server offers no STARTTLS: permanent")
    func startTLSRequired() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.port, tls: .startTLS))
        let error = await #expect(throws: SMTPError.self) { try await client.send(try Reminders.firstReminder()) }
        #expect(error == .startTLSNotOffered(host: SMTPTestServer.host ?? ""))
        #expect(error?.isPermanent == true)
    }
}

/// STARTTLS (and implicit TLS) with AUTH, against the listeners start-smtp.sh adds unless
/// it was given --no-tls.
@Suite(
    "SMTP with TLS and AUTH against a real server",
    .enabled(if: SMTPTestServer.hasTLS, "the TLS listeners are not set up: run eval \"$(scripts/start-smtp.sh)\" without --no-tls")
)
struct SMTPTLSIntegrationTests {
    @Test("STARTTLS, then AUTH, then delivery", arguments: SMTPAuthenticationMechanism.allCases)
    func startTLSWithAuth(mechanism: SMTPAuthenticationMechanism) async throws {
        var configuration = try SMTPTestServer.configuration(port: SMTPTestServer.tlsPort, tls: .startTLS,
                                                             credentials: SMTPTestServer.credentials)
        configuration.authenticationMechanisms = [mechanism]
        let client = try SMTPClient(configuration: configuration)
        let message = try Reminders.firstReminder()
        let receipt = try await client.send(message)
        #expect(receipt.reply.code == 250)
        let delivered = try await SMTPTestServer.delivered(message.messageID)
        #expect(delivered.header("X-Test-TLS") == "yes")
        #expect(delivered.header("X-Test-Auth") == SMTPTestServer.user)
        #expect(delivered.parts.count == 2)
        #expect(delivered.parts[0].decodedBody.contains("INV-2024-0042"))
    }

    @Test("by host name: Happy Eyeballs picks the listening address, the certificate is checked by name")
    func byHostName() async throws {
        var configuration = try SMTPTestServer.configuration(port: SMTPTestServer.tlsPort, tls: .startTLS,
                                                             credentials: SMTPTestServer.credentials)
        configuration.host = "localhost"
        let client = try SMTPClient(configuration: configuration)
        let message = try Reminders.firstReminder()
        _ = try await client.send(message)
        #expect(try await SMTPTestServer.delivered(message.messageID).header("X-Test-TLS") == "yes")
    }

    @Test("STARTTLS if available upgrades when offered")
    func startTLSIfAvailable() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(
            port: SMTPTestServer.tlsPort, tls: .startTLSIfAvailable, credentials: SMTPTestServer.credentials))
        let message = try Reminders.firstReminder()
        _ = try await client.send(message)
        #expect(try await SMTPTestServer.delivered(message.messageID).header("X-Test-TLS") == "yes")
    }

    @Test("implicit TLS from the first byte, then AUTH")
    func implicitTLS() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(
            port: SMTPTestServer.implicitTLSPort, tls: .implicitTLS, credentials: SMTPTestServer.credentials))
        let message = try Reminders.firstReminder()
        _ = try await client.send(message)
        let delivered = try await SMTPTestServer.delivered(message.messageID)
        #expect(delivered.header("X-Test-TLS") == "yes")
        #expect(delivered.header("X-Test-Auth") == SMTPTestServer.user)
    }

    @Test("a wrong password is refused: permanent")
    func wrongPassword() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(
            port: SMTPTestServer.tlsPort, tls: .startTLS,
            credentials: SMTPCredentials(username: SMTPTestServer.user ?? "", password: "not-the-password")))
        let error = await #expect(throws: SMTPError.self) { try await client.send(try Reminders.firstReminder()) }
        guard case let .authenticationFailed(reply)? = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(reply.code == 535)
        #expect(error?.isPermanent == true)
        #expect(error?.description.contains("not-the-password") == false)
    }

    @Test("a certificate from an untrusted CA fails the handshake: permanent")
    func untrustedCertificate() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(
            port: SMTPTestServer.tlsPort, tls: .startTLS, credentials: SMTPTestServer.credentials, trustCA: false))
        let error = await #expect(throws: SMTPError.self) { try await client.send(try Reminders.firstReminder()) }
        guard case .tlsFailed? = error else {
            Issue.record("expected tlsFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.isPermanent == true)
    }

    @Test("without TLS the server's demand for STARTTLS is a permanent refusal")
    func plainTextRefused() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(port: SMTPTestServer.tlsPort, tls: .none))
        let error = await #expect(throws: SMTPError.self) { try await client.send(try Reminders.firstReminder()) }
        #expect(error?.isPermanent == true, "\(String(describing: error))")
    }

    @Test("credentials are not sent when TLS is not in place")
    func noCredentialsInClear() async throws {
        let client = try SMTPClient(configuration: try SMTPTestServer.configuration(
            port: SMTPTestServer.port, tls: .startTLSIfAvailable, credentials: SMTPTestServer.credentials))
        await #expect(throws: SMTPError.authenticationWouldBeUnencrypted) { try await client.send(try Reminders.firstReminder()) }
    }
}
