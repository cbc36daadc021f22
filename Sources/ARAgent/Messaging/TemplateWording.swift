import ARCore

/// The words of the built-in templates in one language: the greeting and closing of each tone,
/// the table's labels, and each step's subject and opening.
///
/// Every field is a Mustache fragment written for the plain-text part (`{{{…}}}` inserts a
/// value as it is); the HTML part is built from the same fragments with `{{…}}`, which
/// escapes. Plurals are sections (`{{#several}}…{{/several}}{{^several}}…{{/several}}`), so
/// each language says "the invoice below is" and "the invoices below are" in its own grammar.
/// The layout (the invoice table, the links, the bank block, the signature) is shared, so a
/// message shows the same facts in every language.
struct TemplateWording: Sendable {
    struct Step: Sendable { let subject: String, opening: String }

    /// ISO 639-1 code; English is the fallback for every other language.
    let language: String
    let salutation: String
    /// What follows the greeting before the opening: ": " (French writes " : ").
    let colon: String
    let greetings: [DunningPolicy.Step.Tone: String]
    /// The greetings of tones that speak of a late payment, for a message in which nothing is
    /// past due yet (a late payer's reminder before the due date): never "overdue" before it is.
    let greetingsBeforeDue: [DunningPolicy.Step.Tone: String]
    let closings: [DunningPolicy.Step.Tone: String]
    let issued: String, due: String
    let daysOverdue: String, dueToday: String, dueIn: String
    let total: String, ofWhichOverdue: String
    let payOnline: String, seeAccount: String, byTransfer: String, reference: String, questions: String
    /// The HTML table's column headings: invoice, issued, due, open, days overdue.
    let headings: [String]
    let overdueCell: String
    let steps: [String: Step]
    /// The statement of account: its heading line, the balance, the marker for what is overdue,
    /// and the notes on invoices that are open but not asked for.
    let statementIntro: String, balance: String, overdueMarker: String
    let inDispute: String, promisedFor: String, onHold: String
    let sms: String
    let letterUnpaid: String, letterTotalDue: String, letterDemand: String, letterPayAt: String, letterByTransfer: String

    /// Amounts and dates as a reader of the language writes them. English keeps the plain
    /// `1234.56` and ISO dates the files use; the others group thousands and write the decimal
    /// comma and their day-first dates.
    let transferLabels: TransferLabels
    let decimalSeparator: Character
    let groupingSeparator: Character?
    let dateStyle: DateStyle

    enum DateStyle: Sendable { case iso, dayMonthYear(separator: Character) }

    /// The colon at the end of a line: ":" (French " :").
    var colonAtEnd: String { colon.hasSuffix(" ") ? String(colon.dropLast()) : colon }

    func amount(_ money: Money) -> String {
        let plain = money.decimalString
        guard decimalSeparator != "." || groupingSeparator != nil else { return plain }
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = String(parts[0])
        if let groupingSeparator, whole.count > 3 {
            var grouped = ""
            for (offset, character) in whole.enumerated() {
                if offset > 0, (whole.count - offset) % 3 == 0 { grouped.append(groupingSeparator) }
                grouped.append(character)
            }
            whole = grouped
        }
        let fraction = parts.count > 1 ? String(decimalSeparator) + parts[1] : ""
        return (negative ? "-" : "") + whole + fraction
    }

    func date(_ date: CalendarDate) -> String {
        switch dateStyle {
        case .iso: return date.iso
        case .dayMonthYear(let separator):
            let (year, month, day) = date.components
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return two(day) + String(separator) + two(month) + String(separator) + String(year)
        }
    }

    /// The languages the built-in templates are written in.
    static let all: [TemplateWording] = [.english, .german, .french, .spanish, .dutch]

    /// The wording for a customer's language (`de`, `de-AT`, `DE` all read as German);
    /// English when the customer names none or one the built-in templates are not written in.
    static func of(_ language: String?) -> TemplateWording {
        guard let code = CustomerLanguage.primary(language) else { return .english }
        return all.first { $0.language == code } ?? .english
    }
}

extension TemplateWording {
    static let english = TemplateWording(
        language: "en", salutation: "Dear {{{customer_name}}},", colon: ": ",
        greetings: [.gentle: "Just a quick note", .friendly: "A friendly reminder", .firm: "Our records show a payment outstanding",
                    .direct: "Payment is overdue", .formal: "Formal notice of overdue payment"],
        greetingsBeforeDue: [.direct: "Payment is due soon", .formal: "Formal notice of payment due"],
        closings: [.gentle: "Thank you, as always, for your business.", .friendly: "Thank you for your business.",
                   .firm: "Please arrange payment at your earliest convenience.", .direct: "Please pay now, or tell us today when you will.",
                   .formal: "If payment is not received, we will proceed as our terms allow."],
        issued: "issued", due: "due",
        daysOverdue: "{{#one_day_overdue}}1 day overdue{{/one_day_overdue}}{{^one_day_overdue}}{{days_overdue}} days overdue{{/one_day_overdue}}",
        dueToday: "due today",
        dueIn: "{{#due_tomorrow}}due tomorrow{{/due_tomorrow}}{{^due_tomorrow}}due in {{days_until_due}} days{{/due_tomorrow}}",
        total: "Total", ofWhichOverdue: "of which overdue",
        payOnline: "Pay online", seeAccount: "See your account", byTransfer: "Or pay by bank transfer", reference: "Reference", questions: "Questions",
        headings: ["Invoice", "Issued", "Due", "Open", "Days overdue"], overdueCell: "overdue",
        steps: [
            "friendly_reminder": Step(subject: "{{{company_name}}}: {{#several}}{{invoice_count}} invoices{{/several}}{{^several}}invoice {{#invoices}}{{{number}}}{{/invoices}}{{/several}} due soon ({{{total}}} {{{currency}}})",
                                      opening: "the invoice{{#several}}s{{/several}} below will be due shortly."),
            "firm_follow_up": Step(subject: "{{{company_name}}}: payment overdue, {{{overdue_total}}} {{{currency}}}",
                                   opening: "we have not yet received payment for the invoice{{#several}}s{{/several}} below{{#mixed_stages}} that are past due; the others are listed with the day they fall due{{/mixed_stages}}."),
            "escalation_notice": Step(subject: "{{{company_name}}}: second notice, {{{overdue_total}}} {{{currency}}} overdue",
                                      opening: "the invoice{{#several}}s{{/several}} below {{#several}}are{{/several}}{{^several}}is{{/several}} now well past due."),
            "final_notice": Step(subject: "{{{company_name}}}: final notice, {{{total}}} {{{currency}}}",
                                 opening: "this is our final notice before further steps for the invoice{{#several}}s{{/several}} below."),
            "demand_letter": Step(subject: "{{{company_name}}}: demand for payment, {{{total}}} {{{currency}}}",
                                  opening: "we demand payment of the amount below within 10 days of this letter."),
            "agency_referral": Step(subject: "{{{company_name}}}: account referred for collection",
                                    opening: "the account below has been referred to our collection agency."),
            "statement": Step(subject: "{{{company_name}}}: statement of account, {{{balance}}} {{{currency}}}{{#has_overdue}} ({{{overdue_total}}} overdue){{/has_overdue}}",
                              opening: "here is your statement of account on {{{date}}}{{#has_overdue}}; the invoices marked * are past due{{/has_overdue}}."),
        ],
        statementIntro: "Open invoices", balance: "Balance", overdueMarker: "*",
        inDispute: "in dispute, not requested", promisedFor: "payment promised for {{{promised_for}}}", onHold: "on hold",
        sms: "{{{company_name}}}: {{{greeting}}}. {{invoice_count}} invoice{{#several}}s{{/several}}, {{{total}}} {{{currency}}} open ({{#invoices}}{{{number}}} {{/invoices}}). Pay: {{{payment_link}}}",
        letterUnpaid: "Despite our earlier reminders, the following invoice{{#several}}s remain{{/several}}{{^several}} remains{{/several}} unpaid:",
        letterTotalDue: "Total due",
        letterDemand: "We demand payment of <b>{{total}} {{currency}}</b> within 10 days of the date of this letter.",
        letterPayAt: "You can pay at", letterByTransfer: "Or by bank transfer",
        transferLabels: TransferLabels.english,
        decimalSeparator: ".", groupingSeparator: nil, dateStyle: .iso)

    static let german = TemplateWording(
        language: "de", salutation: "Guten Tag {{{customer_name}}},", colon: ": ",
        greetings: [.gentle: "Nur ein kurzer Hinweis", .friendly: "Eine freundliche Erinnerung", .firm: "Laut unseren Unterlagen ist eine Zahlung offen",
                    .direct: "Die Zahlung ist überfällig", .formal: "Förmliche Mahnung wegen Zahlungsverzugs"],
        greetingsBeforeDue: [.direct: "Die Zahlung wird bald fällig", .formal: "Förmlicher Hinweis auf die fällige Zahlung"],
        closings: [.gentle: "Vielen Dank für die stets gute Zusammenarbeit.", .friendly: "Vielen Dank für die Zusammenarbeit.",
                   .firm: "Bitte veranlassen Sie die Zahlung so bald wie möglich.",
                   .direct: "Bitte zahlen Sie jetzt, oder sagen Sie uns noch heute, wann Sie zahlen.",
                   .formal: "Geht die Zahlung nicht ein, leiten wir die Schritte ein, die unsere Bedingungen vorsehen."],
        issued: "ausgestellt", due: "fällig",
        daysOverdue: "{{#one_day_overdue}}1 Tag überfällig{{/one_day_overdue}}{{^one_day_overdue}}{{days_overdue}} Tage überfällig{{/one_day_overdue}}",
        dueToday: "heute fällig",
        dueIn: "{{#due_tomorrow}}morgen fällig{{/due_tomorrow}}{{^due_tomorrow}}fällig in {{days_until_due}} Tagen{{/due_tomorrow}}",
        total: "Gesamt", ofWhichOverdue: "davon überfällig",
        payOnline: "Online bezahlen", seeAccount: "Ihr Kundenkonto", byTransfer: "Oder per Überweisung", reference: "Verwendungszweck", questions: "Fragen",
        headings: ["Rechnung", "Ausgestellt", "Fällig", "Offen", "Tage überfällig"], overdueCell: "überfällig",
        steps: [
            "friendly_reminder": Step(subject: "{{{company_name}}}: {{#several}}{{invoice_count}} Rechnungen{{/several}}{{^several}}Rechnung {{#invoices}}{{{number}}}{{/invoices}}{{/several}} bald fällig ({{{total}}} {{{currency}}})",
                                      opening: "{{#several}}Die unten aufgeführten Rechnungen werden{{/several}}{{^several}}Die unten aufgeführte Rechnung wird{{/several}} in Kürze fällig."),
            "firm_follow_up": Step(subject: "{{{company_name}}}: Zahlung überfällig, {{{overdue_total}}} {{{currency}}}",
                                   opening: "Für {{#several}}die unten aufgeführten Rechnungen{{/several}}{{^several}}die unten aufgeführte Rechnung{{/several}}{{#mixed_stages}}, soweit fällig,{{/mixed_stages}} haben wir noch keine Zahlung erhalten{{#mixed_stages}}; die übrigen stehen mit ihrem Fälligkeitstag in der Liste{{/mixed_stages}}."),
            "escalation_notice": Step(subject: "{{{company_name}}}: zweite Mahnung, {{{overdue_total}}} {{{currency}}} überfällig",
                                      opening: "{{#several}}Die unten aufgeführten Rechnungen sind{{/several}}{{^several}}Die unten aufgeführte Rechnung ist{{/several}} inzwischen deutlich überfällig."),
            "final_notice": Step(subject: "{{{company_name}}}: letzte Mahnung, {{{total}}} {{{currency}}}",
                                 opening: "Dies ist unsere letzte Mahnung vor weiteren Schritten für {{#several}}die unten aufgeführten Rechnungen{{/several}}{{^several}}die unten aufgeführte Rechnung{{/several}}."),
            "demand_letter": Step(subject: "{{{company_name}}}: Zahlungsaufforderung, {{{total}}} {{{currency}}}",
                                  opening: "Wir fordern Sie auf, den unten genannten Betrag innerhalb von 10 Tagen nach dem Datum dieses Schreibens zu zahlen."),
            "agency_referral": Step(subject: "{{{company_name}}}: Forderung an das Inkasso übergeben",
                                    opening: "Die unten aufgeführte Forderung haben wir an unser Inkassobüro übergeben."),
            "statement": Step(subject: "{{{company_name}}}: Kontoauszug, {{{balance}}} {{{currency}}} offen{{#has_overdue}} ({{{overdue_total}}} überfällig){{/has_overdue}}",
                              opening: "Hier ist Ihr Kontoauszug zum {{{date}}}{{#has_overdue}}; die mit * markierten Rechnungen sind überfällig{{/has_overdue}}."),
        ],
        statementIntro: "Offene Rechnungen", balance: "Saldo", overdueMarker: "*",
        inDispute: "strittig, nicht angefordert", promisedFor: "Zahlung zugesagt für {{{promised_for}}}", onHold: "zurückgestellt",
        sms: "{{{company_name}}}: {{{greeting}}}. {{invoice_count}} {{#several}}Rechnungen{{/several}}{{^several}}Rechnung{{/several}}, {{{total}}} {{{currency}}} offen ({{#invoices}}{{{number}}} {{/invoices}}). Zahlen: {{{payment_link}}}",
        letterUnpaid: "Trotz unserer bisherigen Erinnerungen {{#several}}sind die folgenden Rechnungen{{/several}}{{^several}}ist die folgende Rechnung{{/several}} noch unbezahlt:",
        letterTotalDue: "Fälliger Gesamtbetrag",
        letterDemand: "Wir fordern Sie auf, <b>{{total}} {{currency}}</b> innerhalb von 10 Tagen nach dem Datum dieses Schreibens zu zahlen.",
        letterPayAt: "Sie können hier bezahlen:", letterByTransfer: "Oder per Überweisung",
        transferLabels: TransferLabels(holder: "Kontoinhaber", bank: "Bank", account: "Konto", routing: "Bankleitzahl"),
        decimalSeparator: ",", groupingSeparator: ".", dateStyle: .dayMonthYear(separator: "."))

    static let french = TemplateWording(
        language: "fr", salutation: "Bonjour {{{customer_name}}},", colon: " : ",
        greetings: [.gentle: "Un petit mot", .friendly: "Un rappel amical", .firm: "Selon nos registres, un paiement reste en attente",
                    .direct: "Le paiement est en retard", .formal: "Avis formel de retard de paiement"],
        greetingsBeforeDue: [.direct: "Le paiement arrive à échéance", .formal: "Avis formel d'échéance de paiement"],
        closings: [.gentle: "Merci, comme toujours, de votre confiance.", .friendly: "Merci de votre confiance.",
                   .firm: "Merci de procéder au règlement dans les meilleurs délais.",
                   .direct: "Merci de régler dès maintenant, ou de nous dire aujourd'hui quand vous le ferez.",
                   .formal: "À défaut de paiement, nous procéderons comme nos conditions le prévoient."],
        issued: "émise le", due: "échéance",
        daysOverdue: "{{#one_day_overdue}}1 jour de retard{{/one_day_overdue}}{{^one_day_overdue}}{{days_overdue}} jours de retard{{/one_day_overdue}}",
        dueToday: "échéance aujourd'hui",
        dueIn: "{{#due_tomorrow}}échéance demain{{/due_tomorrow}}{{^due_tomorrow}}échéance dans {{days_until_due}} jours{{/due_tomorrow}}",
        total: "Total", ofWhichOverdue: "dont en retard",
        payOnline: "Payer en ligne", seeAccount: "Voir votre compte", byTransfer: "Ou par virement bancaire", reference: "Référence", questions: "Questions",
        headings: ["Facture", "Émise le", "Échéance", "Montant dû", "Jours de retard"], overdueCell: "en retard",
        steps: [
            "friendly_reminder": Step(subject: "{{{company_name}}} : {{#several}}{{invoice_count}} factures arrivent{{/several}}{{^several}}la facture {{#invoices}}{{{number}}}{{/invoices}} arrive{{/several}} à échéance ({{{total}}} {{{currency}}})",
                                      opening: "{{#several}}les factures ci-dessous arriveront{{/several}}{{^several}}la facture ci-dessous arrivera{{/several}} bientôt à échéance."),
            "firm_follow_up": Step(subject: "{{{company_name}}} : paiement en retard, {{{overdue_total}}} {{{currency}}}",
                                   opening: "nous n'avons pas encore reçu le paiement {{#several}}des factures ci-dessous{{/several}}{{^several}}de la facture ci-dessous{{/several}}{{#mixed_stages}} arrivées à échéance ; les autres figurent avec leur date d'échéance{{/mixed_stages}}."),
            "escalation_notice": Step(subject: "{{{company_name}}} : deuxième relance, {{{overdue_total}}} {{{currency}}} en retard",
                                      opening: "{{#several}}les factures ci-dessous sont{{/several}}{{^several}}la facture ci-dessous est{{/several}} désormais largement en retard."),
            "final_notice": Step(subject: "{{{company_name}}} : dernier avis, {{{total}}} {{{currency}}}",
                                 opening: "ceci est notre dernier avis avant d'autres démarches pour {{#several}}les factures ci-dessous{{/several}}{{^several}}la facture ci-dessous{{/several}}."),
            "demand_letter": Step(subject: "{{{company_name}}} : mise en demeure de payer, {{{total}}} {{{currency}}}",
                                  opening: "nous vous mettons en demeure de régler le montant ci-dessous dans les 10 jours suivant la date de ce courrier."),
            "agency_referral": Step(subject: "{{{company_name}}} : dossier transmis au recouvrement",
                                    opening: "le compte ci-dessous a été transmis à notre agence de recouvrement."),
            "statement": Step(subject: "{{{company_name}}} : relevé de compte, {{{balance}}} {{{currency}}} ouverts{{#has_overdue}} ({{{overdue_total}}} en retard){{/has_overdue}}",
                              opening: "voici votre relevé de compte au {{{date}}}{{#has_overdue}} ; les factures marquées * sont échues{{/has_overdue}}."),
        ],
        statementIntro: "Factures ouvertes", balance: "Solde", overdueMarker: "*",
        inDispute: "contestée, non réclamée", promisedFor: "paiement promis pour le {{{promised_for}}}", onHold: "en suspens",
        sms: "{{{company_name}}} : {{{greeting}}}. {{invoice_count}} facture{{#several}}s{{/several}}, {{{total}}} {{{currency}}} dus ({{#invoices}}{{{number}}} {{/invoices}}). Payer : {{{payment_link}}}",
        letterUnpaid: "Malgré nos rappels, {{#several}}les factures suivantes restent impayées{{/several}}{{^several}}la facture suivante reste impayée{{/several}} :",
        letterTotalDue: "Total dû",
        letterDemand: "Nous vous mettons en demeure de régler <b>{{total}} {{currency}}</b> dans les 10 jours suivant la date de ce courrier.",
        letterPayAt: "Vous pouvez payer sur", letterByTransfer: "Ou par virement bancaire",
        transferLabels: TransferLabels(holder: "Titulaire", bank: "Banque", account: "Compte", routing: "Code banque"),
        decimalSeparator: ",", groupingSeparator: "\u{00A0}", dateStyle: .dayMonthYear(separator: "/"))

    static let spanish = TemplateWording(
        language: "es", salutation: "Estimados señores de {{{customer_name}}}:", colon: ": ",
        greetings: [.gentle: "Solo un breve aviso", .friendly: "Un recordatorio amistoso", .firm: "Según nuestros registros, hay un pago pendiente",
                    .direct: "El pago está vencido", .formal: "Aviso formal de pago vencido"],
        greetingsBeforeDue: [.direct: "El pago vence pronto", .formal: "Aviso formal de vencimiento de pago"],
        closings: [.gentle: "Gracias, como siempre, por su confianza.", .friendly: "Gracias por su confianza.",
                   .firm: "Les rogamos que realicen el pago a la mayor brevedad.",
                   .direct: "Por favor, paguen ahora o indíquennos hoy cuándo lo harán.",
                   .formal: "Si no recibimos el pago, procederemos según lo previsto en nuestras condiciones."],
        issued: "emitida", due: "vence",
        daysOverdue: "{{#one_day_overdue}}1 día de retraso{{/one_day_overdue}}{{^one_day_overdue}}{{days_overdue}} días de retraso{{/one_day_overdue}}",
        dueToday: "vence hoy",
        dueIn: "{{#due_tomorrow}}vence mañana{{/due_tomorrow}}{{^due_tomorrow}}vence en {{days_until_due}} días{{/due_tomorrow}}",
        total: "Total", ofWhichOverdue: "de lo cual vencido",
        payOnline: "Pagar en línea", seeAccount: "Ver su cuenta", byTransfer: "O por transferencia bancaria", reference: "Referencia", questions: "Consultas",
        headings: ["Factura", "Emitida", "Vencimiento", "Pendiente", "Días de retraso"], overdueCell: "vencido",
        steps: [
            "friendly_reminder": Step(subject: "{{{company_name}}}: {{#several}}{{invoice_count}} facturas vencen{{/several}}{{^several}}la factura {{#invoices}}{{{number}}}{{/invoices}} vence{{/several}} pronto ({{{total}}} {{{currency}}})",
                                      opening: "{{#several}}las facturas siguientes vencerán{{/several}}{{^several}}la factura siguiente vencerá{{/several}} en breve."),
            "firm_follow_up": Step(subject: "{{{company_name}}}: pago vencido, {{{overdue_total}}} {{{currency}}}",
                                   opening: "aún no hemos recibido el pago {{#several}}de las facturas siguientes{{/several}}{{^several}}de la factura siguiente{{/several}}{{#mixed_stages}} ya vencidas; las demás figuran con su fecha de vencimiento{{/mixed_stages}}."),
            "escalation_notice": Step(subject: "{{{company_name}}}: segundo aviso, {{{overdue_total}}} {{{currency}}} vencidos",
                                      opening: "{{#several}}las facturas siguientes llevan{{/several}}{{^several}}la factura siguiente lleva{{/several}} ya bastante tiempo vencida{{#several}}s{{/several}}."),
            "final_notice": Step(subject: "{{{company_name}}}: último aviso, {{{total}}} {{{currency}}}",
                                 opening: "este es nuestro último aviso antes de tomar otras medidas por {{#several}}las facturas siguientes{{/several}}{{^several}}la factura siguiente{{/several}}."),
            "demand_letter": Step(subject: "{{{company_name}}}: requerimiento de pago, {{{total}}} {{{currency}}}",
                                  opening: "les requerimos el pago del importe siguiente en un plazo de 10 días a partir de la fecha de esta carta."),
            "agency_referral": Step(subject: "{{{company_name}}}: cuenta remitida a cobro",
                                    opening: "la cuenta siguiente ha sido remitida a nuestra agencia de cobros."),
            "statement": Step(subject: "{{{company_name}}}: extracto de cuenta, {{{balance}}} {{{currency}}} pendientes{{#has_overdue}} ({{{overdue_total}}} vencidos){{/has_overdue}}",
                              opening: "este es su extracto de cuenta a {{{date}}}{{#has_overdue}}; las facturas marcadas con * están vencidas{{/has_overdue}}."),
        ],
        statementIntro: "Facturas pendientes", balance: "Saldo", overdueMarker: "*",
        inDispute: "en disputa, no reclamada", promisedFor: "pago prometido para el {{{promised_for}}}", onHold: "en espera",
        sms: "{{{company_name}}}: {{{greeting}}}. {{invoice_count}} factura{{#several}}s{{/several}}, {{{total}}} {{{currency}}} pendientes ({{#invoices}}{{{number}}} {{/invoices}}). Pagar: {{{payment_link}}}",
        letterUnpaid: "A pesar de nuestros recordatorios anteriores, {{#several}}las facturas siguientes siguen impagadas{{/several}}{{^several}}la factura siguiente sigue impagada{{/several}}:",
        letterTotalDue: "Total adeudado",
        letterDemand: "Les requerimos el pago de <b>{{total}} {{currency}}</b> en un plazo de 10 días a partir de la fecha de esta carta.",
        letterPayAt: "Pueden pagar en", letterByTransfer: "O por transferencia bancaria",
        transferLabels: TransferLabels(holder: "Titular", bank: "Banco", account: "Cuenta", routing: "Código bancario"),
        decimalSeparator: ",", groupingSeparator: ".", dateStyle: .dayMonthYear(separator: "/"))

    static let dutch = TemplateWording(
        language: "nl", salutation: "Beste {{{customer_name}}},", colon: ": ",
        greetings: [.gentle: "Even een korte herinnering", .friendly: "Een vriendelijke herinnering", .firm: "Volgens onze administratie staat er een betaling open",
                    .direct: "De betaling is achterstallig", .formal: "Formele aanmaning wegens achterstallige betaling"],
        greetingsBeforeDue: [.direct: "De betaling vervalt binnenkort", .formal: "Formele kennisgeving van een vervallende betaling"],
        closings: [.gentle: "Zoals altijd dank voor de prettige samenwerking.", .friendly: "Dank voor de samenwerking.",
                   .firm: "Wij verzoeken u de betaling zo spoedig mogelijk te voldoen.",
                   .direct: "Betaal nu, of laat ons vandaag weten wanneer u betaalt.",
                   .formal: "Blijft de betaling uit, dan nemen wij de stappen die onze voorwaarden toestaan."],
        issued: "datum", due: "vervalt",
        daysOverdue: "{{#one_day_overdue}}1 dag te laat{{/one_day_overdue}}{{^one_day_overdue}}{{days_overdue}} dagen te laat{{/one_day_overdue}}",
        dueToday: "vervalt vandaag",
        dueIn: "{{#due_tomorrow}}vervalt morgen{{/due_tomorrow}}{{^due_tomorrow}}vervalt over {{days_until_due}} dagen{{/due_tomorrow}}",
        total: "Totaal", ofWhichOverdue: "waarvan achterstallig",
        payOnline: "Online betalen", seeAccount: "Uw rekening bekijken", byTransfer: "Of betaal per overschrijving", reference: "Betalingskenmerk", questions: "Vragen",
        headings: ["Factuur", "Datum", "Vervaldatum", "Openstaand", "Dagen te laat"], overdueCell: "achterstallig",
        steps: [
            "friendly_reminder": Step(subject: "{{{company_name}}}: {{#several}}{{invoice_count}} facturen vervallen{{/several}}{{^several}}factuur {{#invoices}}{{{number}}}{{/invoices}} vervalt{{/several}} binnenkort ({{{total}}} {{{currency}}})",
                                      opening: "{{#several}}de onderstaande facturen vervallen{{/several}}{{^several}}de onderstaande factuur vervalt{{/several}} binnenkort."),
            "firm_follow_up": Step(subject: "{{{company_name}}}: betaling achterstallig, {{{overdue_total}}} {{{currency}}}",
                                   opening: "wij hebben nog geen betaling ontvangen voor {{#several}}de onderstaande facturen{{/several}}{{^several}}de onderstaande factuur{{/several}}{{#mixed_stages}} die vervallen zijn; de overige staan vermeld met hun vervaldatum{{/mixed_stages}}."),
            "escalation_notice": Step(subject: "{{{company_name}}}: tweede herinnering, {{{overdue_total}}} {{{currency}}} achterstallig",
                                      opening: "{{#several}}de onderstaande facturen zijn{{/several}}{{^several}}de onderstaande factuur is{{/several}} inmiddels ruim over de vervaldatum."),
            "final_notice": Step(subject: "{{{company_name}}}: laatste aanmaning, {{{total}}} {{{currency}}}",
                                 opening: "dit is onze laatste aanmaning voordat wij verdere stappen nemen voor {{#several}}de onderstaande facturen{{/several}}{{^several}}de onderstaande factuur{{/several}}."),
            "demand_letter": Step(subject: "{{{company_name}}}: sommatie tot betaling, {{{total}}} {{{currency}}}",
                                  opening: "wij sommeren u het onderstaande bedrag binnen 10 dagen na de datum van deze brief te betalen."),
            "agency_referral": Step(subject: "{{{company_name}}}: vordering uit handen gegeven",
                                    opening: "de onderstaande vordering is uit handen gegeven aan ons incassobureau."),
            "statement": Step(subject: "{{{company_name}}}: rekeningoverzicht, {{{balance}}} {{{currency}}} open{{#has_overdue}} ({{{overdue_total}}} achterstallig){{/has_overdue}}",
                              opening: "hierbij uw rekeningoverzicht per {{{date}}}{{#has_overdue}}; de facturen met * zijn vervallen{{/has_overdue}}."),
        ],
        statementIntro: "Openstaande facturen", balance: "Saldo", overdueMarker: "*",
        inDispute: "betwist, niet gevraagd", promisedFor: "betaling toegezegd voor {{{promised_for}}}", onHold: "aangehouden",
        sms: "{{{company_name}}}: {{{greeting}}}. {{invoice_count}} {{#several}}facturen{{/several}}{{^several}}factuur{{/several}}, {{{total}}} {{{currency}}} open ({{#invoices}}{{{number}}} {{/invoices}}). Betalen: {{{payment_link}}}",
        letterUnpaid: "Ondanks onze eerdere herinneringen {{#several}}zijn de volgende facturen{{/several}}{{^several}}is de volgende factuur{{/several}} nog niet betaald:",
        letterTotalDue: "Totaal verschuldigd",
        letterDemand: "Wij sommeren u <b>{{total}} {{currency}}</b> binnen 10 dagen na de datum van deze brief te betalen.",
        letterPayAt: "U kunt betalen via", letterByTransfer: "Of per overschrijving",
        transferLabels: TransferLabels(holder: "Rekeninghouder", bank: "Bank", account: "Rekening", routing: "Routingnummer"),
        decimalSeparator: ",", groupingSeparator: ".", dateStyle: .dayMonthYear(separator: "-"))
}
