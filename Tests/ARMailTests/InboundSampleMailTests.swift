import ARMail
import ARTestSupport
import Foundation
import Testing

/// Every file under `../shared/data/mail`, read the way `aragent inbox parse` reads it, and
/// checked against what its source project's own tests assert (the `NAME.expected.json`
/// sidecars: sisimai for bounces and auto-replies, mail-mime-parser for MIME decoding,
/// email_reply_parser and talon for reply and signature extraction).
@Suite("Inbound sample mail")
struct InboundSampleMailTests {
    /// Sidecar assertions ARAgent knowingly answers differently, with the reason. Each must
    /// still disagree (so that a fix is noticed and this list shrinks), and nothing else may.
    static let knownDisagreements: [String: String] = [
        "lhost-apachejames-01.eml#1.status":
            "sisimai says 5.0.910 (its 'filtered'); the notice says '550 - ... no such user here', which ARAgent reads as an unknown user (5.0.911)",
        "rfc3464-01.eml#1.smtp_code":
            "sisimai expects no reply code, but the report's Diagnostic-Code is 'SMTP; 550 5.1.1 ...': ARAgent reports the 550 the server gave",
    ]

    struct Tally {
        var checked = 0
        var failures: [String] = []
        var knownSeen: Set<String> = []

        mutating func check(_ id: String, _ ok: Bool, _ detail: @autoclosure () -> String) {
            checked += 1
            if InboundSampleMailTests.knownDisagreements[id] != nil {
                knownSeen.insert(id)
                if ok { failures.append("\(id): now agrees with the sidecar; remove it from knownDisagreements") }
                return
            }
            if !ok { failures.append("\(id): \(detail())") }
        }
    }

    @Test("every sample parses and meets its sidecar's assertions",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: the sample mail cannot be checked, skipped"))
    func everySample() throws {
        let data = try #require(TestEnvironment.sharedData)
        let root = data.appendingPathComponent("mail")
        guard FileManager.default.fileExists(atPath: root.path) else {
            print("skipped: \(root.path) is absent")
            return
        }
        let files = try samples(under: root)
        #expect(files.count >= 75, "expected the 75 sample files of SOURCES.md, found \(files.count)")
        var tally = Tally()
        for file in files {
            let name = file.lastPathComponent
            let bytes = Array(try Data(contentsOf: file))
            let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: file.appendingPathExtension("expected.json"))) as? [String: Any]
            let asserted = sidecar?["asserted"] as? [String: Any] ?? [:]
            let folder = file.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
            switch folder {
            case "bounces", "autoreplies":
                checkSisimai(name, bytes, asserted, &tally)
            case "mime":
                checkMIME(name, bytes, asserted, &tally)
            case "replies" where name.hasSuffix(".eml"):
                checkTalonMessage(name, bytes, asserted, &tally)
            case "replies" where name.hasSuffix(".html"):
                checkTalonHTML(name, bytes, asserted, &tally)
            case "replies":
                checkReplyParser(name, bytes, asserted, &tally)
            case "signatures":
                checkSignature(name, bytes, asserted, &tally)
            default:
                Issue.record("\(name): a sample in an unknown folder \(folder)")
            }
        }
        let missingKnown = Set(Self.knownDisagreements.keys).subtracting(tally.knownSeen)
        for id in missingKnown.sorted() { tally.failures.append("\(id): listed as a known disagreement but never checked") }
        let agreed = tally.checked - tally.knownSeen.count - tally.failures.count
        print("inbound sample mail: \(files.count) files, \(agreed) of \(tally.checked) sidecar assertions met, "
            + "\(Self.knownDisagreements.count) known disagreements, \(tally.failures.count) unexpected failures")
        for failure in tally.failures { Issue.record(Comment(rawValue: failure)) }
    }

    // MARK: - Per source

    /// sisimai: kind, the number of bounced recipients, and per recipient its DSN status and
    /// SMTP reply code ("vacation" = an auto-reply).
    func checkSisimai(_ name: String, _ bytes: [UInt8], _ asserted: [String: Any], _ tally: inout Tally) {
        guard let message = parse(name, bytes, &tally) else { return }
        let expected = asserted["per_recipient"] as? [[String: Any]] ?? []
        if expected.allSatisfy({ ($0["reason"] as? String) == "vacation" }) {
            tally.check("\(name).kind", message.kind == .autoReply, "kind \(message.kind.rawValue), expected auto_reply")
            return
        }
        tally.check("\(name).kind", message.kind == .bounce, "kind \(message.kind.rawValue), expected bounce")
        tally.check("\(name).recipients", message.bounces.count == expected.count,
                    "\(message.bounces.count) bounced recipients \(message.bounces.map(\.recipient)), expected \(expected.count)")
        for (index, recipient) in expected.enumerated() where index < message.bounces.count {
            let got = message.bounces[index]
            let status = recipient["deliverystatus"] as? String ?? ""
            let code = recipient["replycode"] as? String ?? ""
            tally.check("\(name)#\(index + 1).status", got.status == status, "status \(got.status), expected \(status)")
            tally.check("\(name)#\(index + 1).smtp_code", (got.smtpCode ?? "") == code, "reply code \(got.smtpCode ?? "none"), expected \(code.isEmpty ? "none" : code)")
        }
    }

    /// mail-mime-parser: From name and address, Subject, Message-ID, the decoded text and HTML
    /// (compared as its tests do: runs of white space as one space; HTML as text), and the
    /// number of attachments.
    func checkMIME(_ name: String, _ bytes: [UInt8], _ asserted: [String: Any], _ tally: inout Tally) {
        guard let message = parse(name, bytes, &tally) else { return }
        if let from = asserted["From"] as? [String: String] {
            tally.check("\(name).from", message.from == from["email"], "from \(message.from ?? "nil")")
            tally.check("\(name).from_name", message.fromName == from["name"], "from name \(message.fromName ?? "nil")")
        }
        if let subject = asserted["Subject"] as? String {
            tally.check("\(name).subject", message.subject == subject, "subject \(message.subject ?? "nil")")
        }
        if let id = asserted["Message-ID"] as? String {
            tally.check("\(name).message_id", message.messageID == id, "message id \(message.messageID ?? "nil")")
        }
        if let expected = expectedContent(asserted["text"]) {
            tally.check("\(name).text", collapsed(message.text) == collapsed(expected), "text differs: \(message.text.prefix(120))")
        }
        if let expected = expectedContent(asserted["html"]) {
            let html = message.root.allParts.first { $0.contentType == "text/html" }.map { HTMLText.text(fromHTML: $0.text) } ?? ""
            tally.check("\(name).html", collapsed(html) == collapsed(expected), "HTML as text differs: \(html.prefix(120))")
        }
        if let count = asserted["attachments"] as? Int {
            tally.check("\(name).attachments", message.attachments.count == count,
                        "\(message.attachments.count) attachments \(message.attachments.map { $0.filename ?? "?" }), expected \(count)")
        }
    }

    /// talon, whole messages: the reply extracted from the first text/plain part.
    func checkTalonMessage(_ name: String, _ bytes: [UInt8], _ asserted: [String: Any], _ tally: inout Tally) {
        guard let message = parse(name, bytes, &tally) else { return }
        let plain = message.root.allParts.first { $0.contentType == "text/plain" }.map { $0.text } ?? message.text
        if let expected = asserted["extract_from_plain_of_first_text_plain_part_equals"] as? String {
            let reply = ReplyText.withoutQuotedHistory(plain)
            tally.check("\(name).reply", lineTrimmed(reply) == lineTrimmed(expected), "reply \(reply.debugDescription)")
            tally.check("\(name).kind", message.kind == .reply, "kind \(message.kind.rawValue)")
        }
        if asserted["extract_from_plain_of_whole_file"] as? String == "non-empty" {
            let reply = ReplyText.withoutQuotedHistory(message.text)
            tally.check("\(name).reply_non_empty", !reply.isEmpty, "the reply is empty")
            if let forbidden = asserted["must_not_contain"] as? String {
                tally.check("\(name).reply_without_\(forbidden)", !reply.contains(forbidden), "the reply contains \(forbidden): \(reply.debugDescription)")
                tally.check("\(name).visible_without_\(forbidden)", !message.visibleText.contains(forbidden), "visible_text contains \(forbidden)")
            }
        }
    }

    /// talon, HTML bodies: the reply as text, compared ignoring all white space.
    func checkTalonHTML(_ name: String, _ bytes: [UInt8], _ asserted: [String: Any], _ tally: inout Tally) {
        guard let expected = asserted["html_reply_as_text_equals_ignoring_all_whitespace"] as? String else { return }
        let reply = ReplyText.withoutQuotedHistory(HTMLText.text(fromHTML: MailCharset.decode(bytes, charset: "utf-8")))
        let squeeze = { (text: String) in text.filter { !$0.isWhitespace } }
        tally.check("\(name).reply", squeeze(reply) == squeeze(expected), "reply \(reply.debugDescription)")
    }

    /// email_reply_parser bodies: the visible reply, and which fragments it shows or hides.
    func checkReplyParser(_ name: String, _ bytes: [UInt8], _ asserted: [String: Any], _ tally: inout Tally) {
        let body = MailCharset.decode(bytes, charset: "utf-8")
        let visible = ReplyText.visibleText(body)
        if let expected = asserted["parse_reply_equals"] as? String {
            tally.check("\(name).visible_text", visible == expected, "visible text \(visible.debugDescription)")
        }
        let hidden = asserted["hidden"] as? [Bool]
        let quoted = asserted["quoted"] as? [Bool]
        for index in 0..<10 {
            var probes: [(String, isPattern: Bool)] = []
            if let pattern = asserted["fragment_\(index)_matches"] as? String { probes.append((pattern, true)) }
            if let patterns = asserted["fragment_\(index)_matches"] as? [String] { probes += patterns.map { ($0, true) } }
            if let text = asserted["fragment_\(index)_equals"] as? String { probes.append((text, false)) }
            if let text = asserted["fragment_\(index)_contains"] as? String { probes.append((text, false)) }
            let isHidden = hidden.map { index < $0.count ? $0[index] : false } ?? (index > 0)
            let isQuoted = quoted.map { index < $0.count ? $0[index] : false } ?? false
            for (probe, isPattern) in probes {
                let trimmed = probe.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                let found = isPattern ? matchesLine(probe, visible) : visible.contains(trimmed)
                if isHidden {
                    tally.check("\(name).fragment_\(index)_hidden:\(probe)", !found, "hidden fragment \(probe.debugDescription) shows in \(visible.debugDescription)")
                } else if !isQuoted {
                    // A quoted fragment the sender kept between own lines is dropped by ARAgent on purpose.
                    tally.check("\(name).fragment_\(index)_shown:\(probe)", found, "fragment \(probe.debugDescription) missing from \(visible.debugDescription)")
                }
            }
        }
    }

    /// talon signature bodies: the text without the signature its tests extract.
    func checkSignature(_ name: String, _ bytes: [UInt8], _ asserted: [String: Any], _ tally: inout Tally) {
        guard let signature = asserted["extracted_signature_equals_stripped"] as? String else { return }
        let body = MailCharset.decode(bytes, charset: "utf-8").trimmingCharacters(in: .whitespacesAndNewlines)
        let sender = asserted["sender"] as? String
        var expected = body
        if !signature.isEmpty, body.hasSuffix(signature) { expected = String(body.dropLast(signature.count)) }
        let got = ReplyText.withoutSignature(body, sender: sender)
        tally.check("\(name).without_signature", lineTrimmed(got) == lineTrimmed(expected),
                    "text \(got.suffix(160).debugDescription), expected it to end \(expected.suffix(80).debugDescription)")
    }

    // MARK: - Helpers

    func parse(_ name: String, _ bytes: [UInt8], _ tally: inout Tally) -> InboundMessage? {
        do {
            let message = try InboundMessage(parsing: bytes)
            tally.check("\(name).parses", true, "")
            return message
        } catch {
            tally.check("\(name).parses", false, "does not parse: \(error)")
            return nil
        }
    }

    func samples(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            guard !name.hasSuffix(".expected.json"), !name.hasPrefix("LICENSE"), !name.hasSuffix(".md"),
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    func expectedContent(_ value: Any?) -> String? {
        guard let object = value as? [String: Any], let content = object["expected_decoded_content"] as? [String: Any] else { return nil }
        return content["content"] as? String ?? content["content_latin1"] as? String
    }

    func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Lines without trailing white space, blank lines at the ends dropped.
    func lineTrimmed(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()) }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A Ruby-style regex (`^` at every line start) found in `text`.
    func matchesLine(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
