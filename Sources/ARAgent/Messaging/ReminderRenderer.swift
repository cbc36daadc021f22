import ARCore
import Foundation
import Mustache

/// A message ready to send: subject, plain text and HTML.
public struct RenderedMessage: Sendable, Hashable {
    public var subject: String
    public var text: String
    public var html: String
}

/// What a reminder template sees. Amounts are formatted decimal strings; nothing is computed in
/// templates, so users can edit the words without touching the numbers.
public struct ReminderContext: Sendable {
    public struct Line: Sendable {
        public var number: String, issueDate: String, dueDate: String, amount: String, open: String, daysOverdue: Int
    }
    public var companyName: String
    public var customerName: String
    public var currency: String
    public var total: String
    public var lines: [Line]
    public var paymentLink: String
    public var portalLink: String
    public var trackingPixel: String
    public var tone: DunningPolicy.Step.Tone
    public var senderName: String
    /// The company's address and AR contact, and how to pay in this currency (empty when the
    /// company gave none: the templates then show only the links).
    public var companyAddress: String = ""
    public var arContact: String = ""
    public var bankLines: [String] = []
    public var paymentReference: String = ""
    /// What of the total is past due on the day the message is composed; a message covering
    /// invoices at several stages says so and never calls an invoice overdue before it is.
    public var overdueTotal: String = ""

    /// The dictionary the templates render from (swift-mustache reads dictionaries natively).
    var values: [String: Any] {
        let greeting: String, closing: String
        switch tone {
        case .gentle: greeting = "Just a quick note"; closing = "Thank you, as always, for your business."
        case .friendly: greeting = "A friendly reminder"; closing = "Thank you for your business."
        case .firm: greeting = "Our records show a payment outstanding"; closing = "Please arrange payment at your earliest convenience."
        case .direct: greeting = "Payment is overdue"; closing = "Please pay now, or tell us today when you will."
        case .formal: greeting = "Formal notice of overdue payment"; closing = "If payment is not received, we will proceed as our terms allow."
        }
        return [
            "company_name": companyName, "customer_name": customerName, "currency": currency, "total": total,
            "invoice_count": lines.count, "several": lines.count > 1,
            "invoices": lines.map { line -> [String: Any] in
                ["number": line.number, "issue_date": line.issueDate, "due_date": line.dueDate, "amount": line.amount, "open": line.open,
                 "days_overdue": line.daysOverdue, "overdue": line.daysOverdue > 0, "days_until_due": max(0, -line.daysOverdue),
                 "due_today": line.daysOverdue == 0, "not_due": line.daysOverdue < 0]
            },
            "payment_link": paymentLink, "portal_link": portalLink, "tracking_pixel": trackingPixel,
            "greeting": greeting, "closing": closing, "sender_name": senderName, "tone": tone.rawValue,
            "overdue_total": overdueTotal.isEmpty ? total : overdueTotal,
            "mixed_stages": lines.contains { $0.daysOverdue > 0 } && lines.contains { $0.daysOverdue <= 0 },
            "company_address": companyAddress, "ar_contact": arContact, "has_contact": !arContact.isEmpty,
            "bank": bankLines.isEmpty ? false : ["lines": bankLines, "reference": paymentReference] as [String: Any],
        ]
    }
}

/// Renders reminders from Mustache templates: the built-in ones, or the user's own files
/// (`NAME.subject.mustache`, `NAME.txt.mustache`, `NAME.html.mustache` in a templates folder)
/// which replace a built-in of the same name.
public struct ReminderRenderer: Sendable {
    public let library: MustacheLibrary

    public enum RenderError: Error, CustomStringConvertible, Sendable {
        case unknownTemplate(String, known: [String])
        case invalidTemplate(String, String)
        case templatesFolder(String, String)
        public var description: String {
            switch self {
            case .templatesFolder(let folder, let why): "the templates folder '\(folder)' \(why); check --templates"
            case .unknownTemplate(let name, let known): "there is no template '\(name)'; the templates are \(known.joined(separator: ", "))"
            case .invalidTemplate(let name, let why): "template '\(name)' cannot be read: \(why)"
            }
        }
    }

    public init(userTemplates folder: String? = nil) throws {
        var library = MustacheLibrary()
        for (name, text) in Self.builtIn {
            do { try library.register(text, named: name) } catch { throw RenderError.invalidTemplate(name, "\(error)") }
        }
        if let folder {
            // A mistyped folder must not quietly send the built-in wording instead of the user's.
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
                throw RenderError.templatesFolder(folder, "does not exist")
            }
            guard isFolder.boolValue else { throw RenderError.templatesFolder(folder, "is a file, not a folder") }
            let files: [String]
            do { files = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
                throw RenderError.templatesFolder(folder, "cannot be read (\(error.localizedDescription))")
            }
            guard files.contains(where: { $0.hasSuffix(".mustache") }) else {
                throw RenderError.templatesFolder(folder, "holds no templates (files named NAME.subject.mustache, NAME.txt.mustache, NAME.html.mustache)")
            }
            for file in files.sorted() where file.hasSuffix(".mustache") {
                let name = String(file.dropLast(".mustache".count))
                let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)
                do { try library.register(text, named: name) } catch { throw RenderError.invalidTemplate(file, "\(error)") }
            }
        }
        self.library = library
    }

    /// A printable letter (HTML with print styles: A4, margins, no links needed) for the letter
    /// channel: demand letters, final notices sent by post.
    public func renderLetter(template: String, context: ReminderContext, date: CalendarDate) throws -> String {
        var values = context.values
        values["date"] = date.iso
        let name = library.render(values, withTemplate: "\(template).letter") != nil ? "\(template).letter" : "letter"
        guard let letter = library.render(values, withTemplate: name) else {
            throw RenderError.unknownTemplate("\(template).letter", known: Self.templateNames)
        }
        return letter
    }

    /// A short text for the SMS channel (`NAME.sms`, else the generic `sms`).
    public func renderSMS(template: String, context: ReminderContext) throws -> String {
        let values = context.values
        let name = library.render(values, withTemplate: "\(template).sms") != nil ? "\(template).sms" : "sms"
        guard let text = library.render(values, withTemplate: name) else {
            throw RenderError.unknownTemplate("\(template).sms", known: Self.templateNames)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static var templateNames: [String] {
        Set(builtIn.keys.map { $0.split(separator: ".").first.map(String.init) ?? $0 }).sorted()
    }

    public func render(template: String, context: ReminderContext) throws -> RenderedMessage {
        let values = context.values
        guard let subject = library.render(values, withTemplate: "\(template).subject"),
              let text = library.render(values, withTemplate: "\(template).txt"),
              let html = library.render(values, withTemplate: "\(template).html") else {
            throw RenderError.unknownTemplate(template, known: Self.templateNames)
        }
        return RenderedMessage(subject: subject.trimmingCharacters(in: .whitespacesAndNewlines), text: text, html: html)
    }

    /// The shared invoice table and links; each step's templates differ in their opening.
    static let textTable = """
        {{#invoices}}
          {{{number}}}  issued {{{issue_date}}}  due {{{due_date}}}  {{{open}}} {{{currency}}}{{#overdue}}  ({{days_overdue}} days overdue){{/overdue}}{{#due_today}}  (due today){{/due_today}}{{#not_due}}  (due in {{days_until_due}} days){{/not_due}}
        {{/invoices}}

          Total: {{{total}}} {{{currency}}}{{#mixed_stages}}, of which overdue: {{{overdue_total}}} {{{currency}}}{{/mixed_stages}}

        Pay online: {{{payment_link}}}
        See your account: {{{portal_link}}}
        {{#bank}}

        Or pay by bank transfer:
        {{#lines}}
          {{{.}}}
        {{/lines}}
          Reference: {{{reference}}}
        {{/bank}}

        {{{closing}}}

        {{{sender_name}}}
        {{{company_name}}}
        {{#has_contact}}
        Questions: {{{ar_contact}}}
        {{/has_contact}}

        """
    static let htmlTable = """
        <table style="border-collapse:collapse" cellpadding="6">
        <tr><th align="left">Invoice</th><th align="left">Issued</th><th align="left">Due</th><th align="right">Open</th><th align="right">Days overdue</th></tr>
        {{#invoices}}<tr><td>{{number}}</td><td>{{issue_date}}</td><td>{{due_date}}</td><td align="right">{{open}} {{currency}}</td><td align="right">{{#overdue}}{{days_overdue}}{{/overdue}}{{#due_today}}due today{{/due_today}}{{#not_due}}due in {{days_until_due}} days{{/not_due}}</td></tr>
        {{/invoices}}<tr><td colspan="3"><b>Total</b></td><td align="right"><b>{{total}} {{currency}}</b></td><td>{{#mixed_stages}}overdue: {{overdue_total}} {{currency}}{{/mixed_stages}}</td></tr>
        </table>
        <p><a href="{{payment_link}}">Pay online</a> &middot; <a href="{{portal_link}}">See your account</a></p>
        {{#bank}}<p>Or pay by bank transfer:<br>{{#lines}}{{.}}<br>{{/lines}}Reference: <b>{{reference}}</b></p>{{/bank}}
        <p>{{closing}}</p><p>{{sender_name}}<br>{{company_name}}{{#has_contact}}<br>Questions: {{ar_contact}}{{/has_contact}}</p>
        <img src="{{tracking_pixel}}" width="1" height="1" alt="">
        """

    static func step(_ name: String, subject: String, opening: String) -> [String: String] {
        [
            "\(name).subject": subject,
            "\(name).txt": "Dear {{{customer_name}}},\n\n{{{greeting}}}: \(opening)\n\n" + textTable,
            "\(name).html": "<html><body><p>Dear {{customer_name}},</p><p>{{greeting}}: \(opening)</p>\n" + htmlTable + "\n</body></html>\n",
        ]
    }

    static let builtIn: [String: String] = [
        step("friendly_reminder", subject: "{{{company_name}}}: {{#several}}{{invoice_count}} invoices{{/several}}{{^several}}invoice {{#invoices}}{{{number}}}{{/invoices}}{{/several}} due soon ({{{total}}} {{{currency}}})",
             opening: "the invoice{{#several}}s{{/several}} below will be due shortly."),
        step("firm_follow_up", subject: "{{{company_name}}}: payment overdue, {{{overdue_total}}} {{{currency}}}",
             opening: "we have not yet received payment for the invoice{{#several}}s{{/several}} below{{#mixed_stages}} that are past due; the others are listed with the day they fall due{{/mixed_stages}}."),
        step("escalation_notice", subject: "{{{company_name}}}: second notice, {{{overdue_total}}} {{{currency}}} overdue",
             opening: "the invoice{{#several}}s{{/several}} below {{#several}}are{{/several}}{{^several}}is{{/several}} now well past due."),
        step("final_notice", subject: "{{{company_name}}}: final notice, {{{total}}} {{{currency}}}",
             opening: "this is our final notice before further steps for the invoice{{#several}}s{{/several}} below."),
        step("demand_letter", subject: "{{{company_name}}}: demand for payment, {{{total}}} {{{currency}}}",
             opening: "we demand payment of the amount below within 10 days of this letter."),
        step("agency_referral", subject: "{{{company_name}}}: account referred for collection",
             opening: "the account below has been referred to our collection agency."),
        ["sms": "{{{company_name}}}: {{{greeting}}}. {{invoice_count}} invoice{{#several}}s{{/several}}, {{{total}}} {{{currency}}} open ({{#invoices}}{{{number}}} {{/invoices}}). Pay: {{{payment_link}}}"],
        ["letter": """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>{{company_name}}: {{customer_name}} {{date}}</title>
            <style>
              @page { size: A4; margin: 25mm 20mm; }
              body { font-family: Georgia, serif; font-size: 11pt; color: #000; }
              .sender { text-align: right; margin-bottom: 18mm; }
              table { border-collapse: collapse; width: 100%; margin: 6mm 0; }
              th, td { border-bottom: 1px solid #999; padding: 2mm; text-align: left; }
              td.amount, th.amount { text-align: right; }
              .signature { margin-top: 20mm; }
            </style></head>
            <body>
            <div class="sender">{{company_name}}<br>{{#company_address}}{{company_address}}<br>{{/company_address}}{{sender_name}}<br>{{date}}</div>
            <p>{{customer_name}}</p>
            <h2>{{greeting}}</h2>
            <p>Dear {{customer_name}},</p>
            <p>Despite our earlier reminders, the following invoice{{#several}}s remain{{/several}}{{^several}} remains{{/several}} unpaid:</p>
            <table>
            <tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="amount">Open</th><th class="amount">Days overdue</th></tr>
            {{#invoices}}<tr><td>{{number}}</td><td>{{issue_date}}</td><td>{{due_date}}</td><td class="amount">{{open}} {{currency}}</td><td class="amount">{{days_overdue}}</td></tr>
            {{/invoices}}<tr><td colspan="3"><b>Total due</b></td><td class="amount"><b>{{total}} {{currency}}</b></td><td></td></tr>
            </table>
            <p>We demand payment of <b>{{total}} {{currency}}</b> within 10 days of the date of this letter. {{closing}}</p>
            <p>You can pay at {{payment_link}}.</p>
            {{#bank}}<p>Or by bank transfer: {{#lines}}{{.}}; {{/lines}}reference <b>{{reference}}</b>.</p>{{/bank}}
            <div class="signature">{{sender_name}}<br>{{company_name}}</div>
            </body></html>
            """],
    ].reduce(into: [:]) { $0.merge($1) { first, _ in first } }
}
