import ARMail
import Testing

@Suite("Quoted-printable and encoded-words")
struct EncodingTests {
    @Test("quoted-printable round-trips and keeps lines at 76", arguments: [
        "",
        "plain ascii",
        "a=b and =3D",
        "tab\tinside and tab at end\t",
        "ümlaut at the very end: ü",
        String(repeating: "é", count: 100),
        String(repeating: "a", count: 75) + "=",
        String(repeating: "a", count: 76),
        String(repeating: "a", count: 77),
        "line one\r\nline two\r\n",
        "😀 emoji 👍🏽 and CJK 請求書",
    ])
    func quotedPrintable(text: String) {
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        for line in encoded.split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= QuotedPrintable.maximumLineLength)
            #expect(line.last != " " && line.last != "\t", "no whitespace at a line end")
        }
        #expect(String(decoding: QuotedPrintable.decode(encoded), as: UTF8.self) == text)
    }

    @Test("quoted-printable writes LF and CR line breaks as CRLF")
    func lineBreaks() {
        #expect(QuotedPrintable.encode("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd")
    }

    @Test("encoded-words stay under 75 characters and never split a character", arguments: [
        "Zahlungserinnerung für Rechnung INV-2024-0042 über 1.234,56 € – bitte prüfen und zahlen",
        String(repeating: "€", count: 40),
        String(repeating: "👍🏽", count: 20),
        "x",
    ])
    func encodedWords(text: String) {
        let words = EncodedWord.encode(text)
        for word in words {
            #expect(word.count <= EncodedWord.maximumLength)
            // Each word decodes on its own to valid UTF-8 (no split character).
            let alone = EncodedWord.decode(word)
            #expect(!alone.contains("\u{FFFD}"))
        }
        #expect(EncodedWord.decode(words.joined(separator: "\r\n ").replacingOccurrences(of: "\r\n", with: "")) == text)
    }

    @Test("decoding handles Q encoding and keeps text between words")
    func decodeVariants() {
        #expect(EncodedWord.decode("=?utf-8?Q?M=C3=BCller_GmbH?= <ap@x.example>") == "Müller GmbH <ap@x.example>")
        #expect(EncodedWord.decode("Re: =?UTF-8?B?w7xi?= =?UTF-8?B?ZXI=?= done") == "Re: über done")
        #expect(EncodedWord.decode("no words here") == "no words here")
    }
}

@Suite("Addresses and Message-IDs")
struct AddressingTests {
    @Test("valid addresses are kept as given", arguments: [
        "ap@customer.example", "first.last+ar@sub.customer.example", "o'brien@x.example", "user@localhost",
    ])
    func validAddresses(address: String) throws {
        #expect(try EmailAddress(address).address == address)
    }

    @Test("invalid addresses are refused with the reason", arguments: [
        "", "no-at-sign", "@customer.example", "ap@", "a b@x.example", "ap@cust omer.example", ".ap@x.example",
        "a..p@x.example", "ap@-x.example", "müller@x.example", "ap@bücher.example", "<ap@x.example>", "ap@x.example\r\nBcc: y",
        "a,b@x.example",
    ])
    func invalidAddresses(address: String) {
        #expect(throws: EmailMessageError.self) { try EmailAddress(address) }
    }

    @Test("the reason for a non-ASCII address suggests punycode")
    func punycodeHint() {
        do {
            _ = try EmailAddress("ap@bücher.example")
            Issue.record("a non-ASCII domain was accepted")
        } catch {
            #expect(error.description.contains("punycode"))
        }
    }

    @Test("random Message-IDs are <hex@domain> and unique")
    func randomIDs() throws {
        let ids = try (0..<100).map { _ in try MessageID.random(domain: "acme.example") }
        #expect(Set(ids).count == 100)
        for id in ids {
            #expect(id.bracketed.hasPrefix("<") && id.bracketed.hasSuffix("@acme.example>"))
            #expect(id.value.split(separator: "@")[0].count == 32)
        }
    }

    @Test("a caller's Message-ID is reused exactly, with or without brackets")
    func callerIDs() throws {
        let derived = try MessageID(localPart: "reminder.act-0042.step-2", domain: "ar.acme.example")
        #expect(derived.bracketed == "<reminder.act-0042.step-2@ar.acme.example>")
        #expect(try MessageID("<reminder.act-0042.step-2@ar.acme.example>") == derived)
        #expect(try MessageID("reminder.act-0042.step-2@ar.acme.example") == derived)
        #expect(throws: EmailMessageError.self) { try MessageID("no-at") }
        #expect(throws: EmailMessageError.self) { try MessageID("<a b@x>") }
        #expect(throws: EmailMessageError.self) { try MessageID(localPart: "x\r\nBcc: y", domain: "x.example") }
        #expect(throws: EmailMessageError.self) { try MessageID.random(domain: "bad domain") }
    }

    @Test("following a message threads In-Reply-To and References")
    func threading() throws {
        var message = try Reminders.firstReminder()
        let first = try MessageID("<r1@acme.example>")
        let second = try MessageID("<r2@acme.example>")
        message.follow(second, parentReferences: [first])
        #expect(message.inReplyTo == second)
        #expect(message.references == [first, second])
    }
}
