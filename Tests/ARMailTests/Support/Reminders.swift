import ARMail
import Foundation

/// Messages shaped like the reminders ARAgent sends, for the MIME and SMTP tests.
enum Reminders {
    static let invoices: [(number: String, amount: String)] = [
        ("INV-2024-0042", "1,234.56 EUR"),
        ("INV-2024-0057", "89.90 EUR"),
    ]

    static func firstReminder(
        to recipients: [String] = ["ap@customer.example", "controller@customer.example"],
        messageID: MessageID? = nil,
        date: Date = Date(timeIntervalSince1970: 1_764_381_660)
    ) throws -> EmailMessage {
        let lines = invoices.map { "  \($0.number)   due 2025-10-31   \($0.amount)" }.joined(separator: "\n")
        let text = """
            Dear Customer Accounts Payable,

            our records show the following invoices as open:

            \(lines)

            Total open: 1,324.46 EUR. If you have already paid, please reply with the payment date.
            .this line starts with a dot and must survive SMTP's transparency rule
            Kind regards, Acme Receivables
            """
        let rows = invoices.map { "<tr><td>\($0.number)</td><td>2025-10-31</td><td>\($0.amount)</td></tr>" }.joined()
        let html = """
            <html><body><p>Dear Customer Accounts Payable,</p>
            <p>our records show the following invoices as open:</p>
            <table>\(rows)</table>
            <p>Total open: <b>1,324.46 EUR</b>.</p></body></html>
            """
        var message = EmailMessage(
            from: try EmailAddress("ar@acme.example", name: "Acme Receivables"),
            to: try recipients.map { try EmailAddress($0) },
            replyTo: [try EmailAddress("replies@acme.example", name: "Acme AR")],
            subject: "Payment reminder: 2 open invoices (1,324.46 EUR)",
            textBody: text,
            htmlBody: html,
            messageID: try messageID ?? .random(domain: "acme.example"),
            listUnsubscribe: ListUnsubscribe(oneClickURL: "https://ar.acme.example/u/tok123", mailto: "mailto:unsubscribe@acme.example?subject=tok123"),
            extraHeaders: [EmailHeader("X-ARAgent-Action", "act-0042")],
            date: date
        )
        message.follow(try MessageID("<first.act-0041@acme.example>"), parentReferences: [try MessageID("<statement.7@acme.example>")])
        return message
    }
}
