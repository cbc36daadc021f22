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
        /// For a statement's lines: why an open invoice is listed but not asked for (in
        /// dispute, promised for a date, on hold); false and nil for an invoice asked for.
        public var disputed = false
        public var promisedFor: String?
        public var held = false
        var requested: Bool { !disputed && promisedFor == nil && !held }

        public init(number: String, issueDate: String, dueDate: String, amount: String, open: String, daysOverdue: Int) {
            (self.number, self.issueDate, self.dueDate, self.amount, self.open, self.daysOverdue) = (number, issueDate, dueDate, amount, open, daysOverdue)
        }
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
    /// The customer's language (ISO 639-1) the words are chosen by; nil is English.
    public var language: String?
    /// The day the message is composed for, as the language writes dates.
    public var date: String = ""
    /// A statement of account: every open invoice of the customer in this currency, and their sum.
    public var account: [Line] = []
    public var balance: String = ""

    public init(companyName: String, customerName: String, currency: String, total: String, lines: [Line], paymentLink: String,
                portalLink: String, trackingPixel: String, tone: DunningPolicy.Step.Tone, senderName: String) {
        self.companyName = companyName
        self.customerName = customerName
        self.currency = currency
        self.total = total
        self.lines = lines
        self.paymentLink = paymentLink
        self.portalLink = portalLink
        self.trackingPixel = trackingPixel
        self.tone = tone
        self.senderName = senderName
    }

    /// The dictionary the templates render from (swift-mustache reads dictionaries natively).
    var values: [String: Any] {
        let wording = TemplateWording.of(language)
        func line(_ line: Line) -> [String: Any] {
            let asked = line.requested
            return [
                "number": line.number, "issue_date": line.issueDate, "due_date": line.dueDate, "amount": line.amount, "open": line.open,
                "days_overdue": line.daysOverdue, "overdue": asked && line.daysOverdue > 0, "one_day_overdue": line.daysOverdue == 1,
                "days_until_due": max(0, -line.daysOverdue), "due_tomorrow": line.daysOverdue == -1,
                "due_today": asked && line.daysOverdue == 0, "not_due": asked && line.daysOverdue < 0,
                "disputed": line.disputed, "held": line.held && !line.disputed,
                "promised_for": (line.disputed ? nil : line.promisedFor) ?? false,
            ]
        }
        let hasOverdue = account.isEmpty ? lines.contains { $0.daysOverdue > 0 } : account.contains { $0.requested && $0.daysOverdue > 0 }
        return [
            "company_name": companyName, "customer_name": customerName, "currency": currency, "total": total,
            "invoice_count": lines.count, "several": lines.count > 1,
            "invoices": lines.map(line),
            "payment_link": paymentLink, "portal_link": portalLink, "tracking_pixel": trackingPixel,
            "greeting": (hasOverdue ? nil : wording.greetingsBeforeDue[tone]) ?? wording.greetings[tone] ?? "", "closing": wording.closings[tone] ?? "", "sender_name": senderName, "tone": tone.rawValue,
            "overdue_total": overdueTotal.isEmpty ? total : overdueTotal, "has_overdue": hasOverdue,
            "mixed_stages": lines.contains { $0.daysOverdue > 0 } && lines.contains { $0.daysOverdue <= 0 },
            "company_address": companyAddress, "ar_contact": arContact, "has_contact": !arContact.isEmpty,
            "bank": bankLines.isEmpty ? false : ["lines": bankLines, "reference": paymentReference] as [String: Any],
            "language": wording.language, "date": date,
            "account": account.map(line), "account_count": account.count, "balance": balance.isEmpty ? total : balance,
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
        values["date"] = context.date.isEmpty ? TemplateWording.of(context.language).date(date) : context.date
        guard let letter = firstRendering(values, candidates(template, part: "letter", language: context.language, generic: true)) else {
            throw RenderError.unknownTemplate("\(template).letter", known: Self.templateNames)
        }
        return letter
    }

    /// A short text for the SMS channel (`NAME.sms`, else the generic `sms`).
    public func renderSMS(template: String, context: ReminderContext) throws -> String {
        guard let text = firstRendering(context.values, candidates(template, part: "sms", language: context.language, generic: true)) else {
            throw RenderError.unknownTemplate("\(template).sms", known: Self.templateNames)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static var templateNames: [String] {
        Set(builtIn.keys.map { $0.split(separator: ".").first.map(String.init) ?? $0 }).sorted()
    }

    public func render(template: String, context: ReminderContext) throws -> RenderedMessage {
        let values = context.values
        // All three parts in one language: the customer's if the template is written in it.
        let language = [context.language, nil].first { language in
            ["subject", "txt", "html"].allSatisfy { library.getTemplate(named: candidates(template, part: $0, language: language, generic: false)[0]) != nil }
        } ?? nil
        guard let subject = firstRendering(values, candidates(template, part: "subject", language: language, generic: false)),
              let text = firstRendering(values, candidates(template, part: "txt", language: language, generic: false)),
              let html = firstRendering(values, candidates(template, part: "html", language: language, generic: false)) else {
            throw RenderError.unknownTemplate(template, known: Self.templateNames)
        }
        return RenderedMessage(subject: subject.trimmingCharacters(in: .whitespacesAndNewlines), text: text, html: html)
    }

    /// The template of a statement of account: every open invoice of the customer in the
    /// message's currency, what is past due marked, and what is open but not asked for (in
    /// dispute, promised, on hold) said so and left out of the amount asked.
    public static let statementTemplate = "statement"

    /// The name a template is registered under: `NAME.PART` in English, `NAME.LANG.PART` in
    /// another language (the files of a templates folder are named the same way).
    static func name(_ base: String, _ language: String, _ part: String) -> String {
        language == TemplateWording.english.language ? "\(base).\(part)" : "\(base).\(language).\(part)"
    }

    /// The generic text and letter, used by a step without its own: `sms` and `letter`, or
    /// `sms.LANG` and `letter.LANG`.
    static func generic(_ part: String, _ language: String) -> String {
        language == TemplateWording.english.language ? part : "\(part).\(language)"
    }

    /// The names to try for one part of a message in the customer's language, best first: the
    /// step's own in that language, the generic one in that language, then the English ones.
    /// A language the templates are not written in reads as English.
    func candidates(_ template: String, part: String, language: String?, generic: Bool) -> [String] {
        var names: [String] = []
        if let code = CustomerLanguage.primary(language), code != TemplateWording.english.language {
            names.append(Self.name(template, code, part))
            if generic { names.append(Self.generic(part, code)) }
        }
        names.append(Self.name(template, TemplateWording.english.language, part))
        if generic { names.append(part) }
        return names
    }

    func firstRendering(_ values: [String: Any], _ names: [String]) -> String? {
        for name in names where library.getTemplate(named: name) != nil {
            if let text = library.render(values, withTemplate: name) { return text }
        }
        return nil
    }

    /// Makes a fragment written for the text part fit the HTML part: `{{{value}}}` becomes
    /// `{{value}}`, which escapes it.
    static func html(_ fragment: String) -> String {
        fragment.replacingOccurrences(of: "{{{", with: "{{").replacingOccurrences(of: "}}}", with: "}}")
    }

    /// One invoice's stage in words: overdue, due today, due in N days (and, on a statement,
    /// why an open invoice is not asked for).
    static func stage(_ w: TemplateWording) -> String {
        "{{#overdue}}  (\(w.daysOverdue)){{/overdue}}{{#due_today}}  (\(w.dueToday)){{/due_today}}{{#not_due}}  (\(w.dueIn)){{/not_due}}"
            + "{{#disputed}}  (\(w.inDispute)){{/disputed}}{{#promised_for}}  (\(w.promisedFor)){{/promised_for}}{{#held}}  (\(w.onHold)){{/held}}"
    }

    /// The links, the bank block, the closing and the signature, shared by every step.
    static func textTail(_ w: TemplateWording) -> String {
        """

        \(w.payOnline)\(w.colon){{{payment_link}}}
        \(w.seeAccount)\(w.colon){{{portal_link}}}
        {{#bank}}

        \(w.byTransfer)\(w.colonAtEnd)
        {{#lines}}
          {{{.}}}
        {{/lines}}
          \(w.reference)\(w.colon){{{reference}}}
        {{/bank}}

        {{{closing}}}

        {{{sender_name}}}
        {{{company_name}}}
        {{#has_contact}}
        \(w.questions)\(w.colon){{{ar_contact}}}
        {{/has_contact}}

        """
    }

    static func textTable(_ w: TemplateWording) -> String {
        """
        {{#invoices}}
          {{{number}}}  \(w.issued) {{{issue_date}}}  \(w.due) {{{due_date}}}  {{{open}}} {{{currency}}}\(stage(w))
        {{/invoices}}

          \(w.total)\(w.colon){{{total}}} {{{currency}}}{{#mixed_stages}}, \(w.ofWhichOverdue)\(w.colon){{{overdue_total}}} {{{currency}}}{{/mixed_stages}}

        """ + textTail(w)
    }

    static func statementTable(_ w: TemplateWording) -> String {
        """
        \(w.statementIntro)\(w.colon)
        {{#account}}
        {{#overdue}}\(w.overdueMarker){{/overdue}}{{^overdue}} {{/overdue}} {{{number}}}  \(w.issued) {{{issue_date}}}  \(w.due) {{{due_date}}}  {{{open}}} {{{currency}}}\(stage(w))
        {{/account}}

          \(w.balance)\(w.colon){{{balance}}} {{{currency}}}{{#has_overdue}}, \(w.ofWhichOverdue)\(w.colon){{{overdue_total}}} {{{currency}}}{{/has_overdue}}

        """ + textTail(w)
    }

    static func htmlStageCell(_ w: TemplateWording) -> String {
        html("{{#overdue}}{{days_overdue}}{{/overdue}}{{#due_today}}\(w.dueToday){{/due_today}}{{#not_due}}\(w.dueIn){{/not_due}}"
             + "{{#disputed}}\(w.inDispute){{/disputed}}{{#promised_for}}\(w.promisedFor){{/promised_for}}{{#held}}\(w.onHold){{/held}}")
    }

    static func htmlTail(_ w: TemplateWording) -> String {
        """
        <p><a href="{{payment_link}}">\(w.payOnline)</a> &middot; <a href="{{portal_link}}">\(w.seeAccount)</a></p>
        {{#bank}}<p>\(w.byTransfer)\(w.colonAtEnd)<br>{{#lines}}{{.}}<br>{{/lines}}\(w.reference)\(w.colon)<b>{{reference}}</b></p>{{/bank}}
        <p>{{closing}}</p><p>{{sender_name}}<br>{{company_name}}{{#has_contact}}<br>\(w.questions)\(w.colon){{ar_contact}}{{/has_contact}}</p>
        <img src="{{tracking_pixel}}" width="1" height="1" alt="">
        """
    }

    static func headings(_ w: TemplateWording) -> String {
        "<tr><th align=\"left\">\(w.headings[0])</th><th align=\"left\">\(w.headings[1])</th><th align=\"left\">\(w.headings[2])</th><th align=\"right\">\(w.headings[3])</th><th align=\"right\">\(w.headings[4])</th></tr>"
    }

    static func htmlTable(_ w: TemplateWording) -> String {
        """
        <table style="border-collapse:collapse" cellpadding="6">
        \(headings(w))
        {{#invoices}}<tr><td>{{number}}</td><td>{{issue_date}}</td><td>{{due_date}}</td><td align="right">{{open}} {{currency}}</td><td align="right">\(htmlStageCell(w))</td></tr>
        {{/invoices}}<tr><td colspan="3"><b>\(w.total)</b></td><td align="right"><b>{{total}} {{currency}}</b></td><td>{{#mixed_stages}}\(w.overdueCell): {{overdue_total}} {{currency}}{{/mixed_stages}}</td></tr>
        </table>

        """ + htmlTail(w)
    }

    /// The statement's table: overdue rows in bold red, so they stand out in any mail reader.
    static func htmlStatementTable(_ w: TemplateWording) -> String {
        """
        <p><b>\(w.statementIntro)</b></p>
        <table style="border-collapse:collapse" cellpadding="6">
        \(headings(w))
        {{#account}}<tr{{#overdue}} style="color:#b00020;font-weight:bold"{{/overdue}}><td>{{#overdue}}\(w.overdueMarker) {{/overdue}}{{number}}</td><td>{{issue_date}}</td><td>{{due_date}}</td><td align="right">{{open}} {{currency}}</td><td align="right">\(htmlStageCell(w))</td></tr>
        {{/account}}<tr><td colspan="3"><b>\(w.balance)</b></td><td align="right"><b>{{balance}} {{currency}}</b></td><td>{{#has_overdue}}\(w.overdueCell): {{overdue_total}} {{currency}}{{/has_overdue}}</td></tr>
        </table>

        """ + htmlTail(w)
    }

    static func step(_ base: String, _ w: TemplateWording) -> [String: String] {
        guard let step = w.steps[base] else { return [:] }
        let statement = base == statementTemplate
        let opening = "\(w.salutation)\n\n{{{greeting}}}\(w.colon)\(step.opening)\n\n"
        return [
            name(base, w.language, "subject"): step.subject,
            name(base, w.language, "txt"): opening + (statement ? statementTable(w) : textTable(w)),
            name(base, w.language, "html"): "<html><body><p>\(html(w.salutation))</p><p>{{greeting}}\(w.colon)\(html(step.opening))</p>\n"
                + (statement ? htmlStatementTable(w) : htmlTable(w)) + "\n</body></html>\n",
        ]
    }

    static func letter(_ w: TemplateWording) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(w.language)"><head><meta charset="utf-8"><title>{{company_name}}: {{customer_name}} {{date}}</title>
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
        <p>\(html(w.salutation))</p>
        <p>\(w.letterUnpaid)</p>
        <table>
        <tr><th>\(w.headings[0])</th><th>\(w.headings[1])</th><th>\(w.headings[2])</th><th class="amount">\(w.headings[3])</th><th class="amount">\(w.headings[4])</th></tr>
        {{#invoices}}<tr><td>{{number}}</td><td>{{issue_date}}</td><td>{{due_date}}</td><td class="amount">{{open}} {{currency}}</td><td class="amount">{{days_overdue}}</td></tr>
        {{/invoices}}<tr><td colspan="3"><b>\(w.letterTotalDue)</b></td><td class="amount"><b>{{total}} {{currency}}</b></td><td></td></tr>
        </table>
        <p>\(w.letterDemand) {{closing}}</p>
        <p>\(w.letterPayAt) {{payment_link}}</p>
        {{#bank}}<p>\(w.letterByTransfer): {{#lines}}{{.}}; {{/lines}}\(w.reference) <b>{{reference}}</b>.</p>{{/bank}}
        <div class="signature">{{sender_name}}<br>{{company_name}}</div>
        </body></html>
        """
    }

    /// The built-in steps, in every language of ``TemplateWording``.
    static let stepNames = ["friendly_reminder", "firm_follow_up", "escalation_notice", "final_notice", "demand_letter", "agency_referral", statementTemplate]

    static let builtIn: [String: String] = {
        var templates: [String: String] = [:]
        for wording in TemplateWording.all {
            for base in stepNames { templates.merge(step(base, wording)) { first, _ in first } }
            templates[generic("sms", wording.language)] = wording.sms
            templates[generic("letter", wording.language)] = letter(wording)
        }
        return templates
    }()
}
