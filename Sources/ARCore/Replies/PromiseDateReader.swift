/// Reads the dates a reply names ("this Friday", "Ende des Monats", "15.11.2026", "in zwei
/// Wochen", "next payment run") relative to the day the reply was written, and picks the one
/// the writer commits to paying by.
///
/// The rules, in the order a reader needs them:
/// * Numeric dates: `2026-11-15` is year-month-day; with dots or dashes (`15.11.2026`,
///   `15-11-2026`, `15.11.`) day comes first; with slashes a part above 12 decides
///   (`15/11/2026`, `11/15/2026`), and when both readings exist (`05/11/2026`) German text reads
///   day/month, any other the reading on or after the message date nearest to it
///   (day/month if that is not decisive). Two-digit years are 20xx.
/// * A date without a year is in the message's year unless that is more than
///   ``yearlessPastToleranceDays`` before the message, then in the next year.
/// * "by the 20th", "am 20.": that day of this month, or of the next once it has passed.
/// * A weekday alone or "this"/"on"/"am"/"diesen": its next occurrence after the message day
///   ("this Friday" written on a Friday is that day). "next Friday"/"nächsten Freitag": the
///   Friday of next calendar week (weeks start on Monday).
/// * "end of the week": Friday of this week; "next week" and "end of next week": Friday of next
///   week; "early next week": its Monday. "end of the month"/"Monatsende": the month's last day;
///   "next month": the last day of next month; "mid-month": the 15th; "beginning of next month":
///   its first day.
/// * "in two weeks", "within 10 days", "in 14 Tagen": the message date plus that many days;
///   business/working days ("Werktage") skip Saturdays and Sundays.
/// * "next payment run"/"nächster Zahlungslauf": ``paymentRunIntervalDays`` after the message.
/// * Of several dates, past dates and dates more than ``maximumPromiseHorizonDays`` ahead are
///   not promises; a date after a payment word ("pay", "by", "bis", "überweisen") counts more,
///   one after a reference word ("dated", "vom", "received") less; then the more specific
///   (a calendar date over a weekday over a payment run), then the earlier date.
public enum PromiseDateReader {
    /// Days from the message to the customer's "next payment run" when it names no day: most
    /// payables departments run payments weekly, so a week is when the promise is due.
    public static let paymentRunIntervalDays = 7

    /// A day and month without a year this far before the message is read as next year's
    /// ("am 10.01." written on 20 December); closer, it is this year's (a recent past date).
    public static let yearlessPastToleranceDays = 60

    /// A promise further ahead than this is not a payment date but something else (a contract
    /// term, a year-end): no reply to a reminder promises payment more than a year out.
    public static let maximumPromiseHorizonDays = 400

    /// One date named in a reply.
    public struct Mention: Sendable, Hashable {
        public let date: CalendarDate
        /// The first token of the expression.
        public let position: Int
        /// 3: a calendar date; 2: a weekday, a relative day or a period; 1: a default (payment run).
        public let specificity: Int
        /// +1 after a payment word, −1 after a reference word, 0 otherwise.
        public let cue: Int
    }

    /// The date the reply commits to, if any.
    public static func promisedDate(in text: String, messageDate: CalendarDate) -> CalendarDate? {
        let folded = ReplyText.folded(text)
        let tokens = ReplyTokenizer.tokens(folded)
        return pick(mentions(in: tokens, messageDate: messageDate, german: ReplyLanguage.isGerman(tokens)), messageDate: messageDate)
    }

    /// The promise among `mentions` (see the type's rules).
    public static func pick(_ mentions: [Mention], messageDate: CalendarDate) -> CalendarDate? {
        let eligible = mentions.filter { $0.date >= messageDate && $0.date.days(since: messageDate) <= maximumPromiseHorizonDays }
        return eligible.min { a, b in
            if a.cue != b.cue { return a.cue > b.cue }
            if a.specificity != b.specificity { return a.specificity > b.specificity }
            return a.date < b.date
        }?.date
    }

    // MARK: - Reading

    public static func mentions(in tokens: [ReplyToken], messageDate d: CalendarDate, german: Bool) -> [Mention] {
        var found: [Mention] = []
        var i = 0
        func word(_ k: Int) -> String? { k >= 0 && k < tokens.count && tokens[k].kind == .word ? tokens[k].text : nil }
        func isWord(_ k: Int, _ set: Set<String>) -> Bool { word(k).map(set.contains) ?? false }
        func isPunct(_ k: Int, _ p: String) -> Bool { k >= 0 && k < tokens.count && tokens[k].kind == .punctuation && tokens[k].text == p }
        func add(_ date: CalendarDate?, _ start: Int, _ end: Int, _ specificity: Int) {
            guard let date else { return }
            found.append(Mention(date: date, position: start, specificity: specificity, cue: cue(before: start, tokens)))
            i = max(i, end)
        }
        while i < tokens.count {
            let t = tokens[i]
            let start = i
            switch t.kind {
            case .numeric:
                if let date = numericDate(t.text, messageDate: d, german: german),
                   !(tokens.indices.contains(i + 1) && isCurrency(tokens[i + 1])), !(i > 0 && isCurrency(tokens[i - 1])) {
                    add(date, start, i + 1, 3); continue
                }
            case .number, .ordinal:
                guard let day = t.numberValue, (1...31).contains(day) else { break }
                // "5. November", "5th of November", "5 nov 2026"
                var k = i + 1
                if isPunct(k, "."), !tokens[k].spaceBefore { k += 1 }
                if isWord(k, ["of"]) { k += 1 }
                if let month = word(k).flatMap({ monthNumber($0, strict: true) }) {
                    var end = k + 1
                    if isPunct(end, ".") { end += 1 }
                    var year: Int?
                    if end < tokens.count, tokens[end].kind == .number, let y = tokens[end].numberValue, (2000...2100).contains(y) { year = y; end += 1 }
                    add(dayMonth(day, month, year: year, messageDate: d), start, end, 3); continue
                }
                // "by the 20th", "am 20.", "bis zum 20."
                let ordinalDot = t.kind == .number && isPunct(i + 1, ".") && !tokens[i + 1].spaceBefore
                let lead = isWord(i - 1, ["the", "am", "zum", "bis", "den", "dem", "on", "by", "until", "before"])
                if t.kind == .ordinal || (ordinalDot && lead) {
                    add(dayOfMonth(day, messageDate: d), start, i + 1, 3); continue
                }
            case .word:
                let w = t.text
                if let month = monthNumber(w, strict: false) ?? (w == "may" || w == "mai" ? 5 : nil) {
                    // "Nov. 5", "November 5th, 2026"; "end of November", "Mitte Dezember"
                    var k = i + 1
                    if isPunct(k, ".") { k += 1 }
                    if k < tokens.count, tokens[k].kind == .number || tokens[k].kind == .ordinal, let day = tokens[k].numberValue, (1...31).contains(day) {
                        var end = k + 1
                        if isPunct(end, ".") || isPunct(end, ",") { end += 1 }
                        var year: Int?
                        if end < tokens.count, tokens[end].kind == .number, let y = tokens[end].numberValue, (2000...2100).contains(y) { year = y; end += 1 }
                        let lastWasDayMention = found.last.map { $0.position == i - 1 } ?? false
                        if !lastWasDayMention { add(dayMonth(day, month, year: year, messageDate: d), start, end, 3); continue }
                    }
                    if let part = periodPart(before: i, tokens) {
                        guard let first = dayMonth(1, month, year: nil, messageDate: d) else { break }
                        let date: CalendarDate
                        switch part {
                        case .end: date = first.adding(months: 1).advanced(by: -1)
                        case .middle: date = first.advanced(by: 14)
                        case .start: date = first
                        }
                        add(date, i, i + 1, 2); continue
                    }
                }
                if let matched = relative(at: i, tokens, messageDate: d) { add(matched.date, matched.start, matched.end, matched.specificity); continue }
            default:
                break
            }
            i += 1
        }
        return found
    }

    enum PeriodPart { case start, middle, end }

    /// "end of", "Ende", "mid", "Mitte", "beginning of", "Anfang", "early" just before `index`.
    static func periodPart(before index: Int, _ tokens: [ReplyToken]) -> PeriodPart? {
        func w(_ k: Int) -> String? { k >= 0 && tokens[k].kind == .word ? tokens[k].text : nil }
        var k = index - 1
        if let article = w(k), ["the", "des", "der", "of"].contains(article) { k -= 1 }
        if w(k) == "of" { k -= 1 }
        switch w(k) {
        case "end", "ende", "late", "endof": return .end
        case "mid", "mitte", "middle": return .middle
        case "beginning", "start", "anfang", "early", "beginn": return .start
        default: return nil
        }
    }

    struct Relative { let date: CalendarDate; let start: Int; let end: Int; let specificity: Int }

    static let next: Set<String> = ["next", "naechsten", "naechste", "naechster", "naechstem", "nachsten", "nachste", "nachster", "following", "folgenden", "folgende"]
    static let this: Set<String> = ["this", "diesen", "diese", "dieser", "diesem", "coming", "kommenden", "kommende", "kommender", "current", "laufenden"]
    static let weekWords: Set<String> = ["week", "woche", "weeks", "wochen"]
    static let monthWords: Set<String> = ["month", "monat", "monats", "months", "monate", "monaten"]

    /// Weekdays, relative days, periods and spans starting at or around `i` (a word token).
    static func relative(at i: Int, _ tokens: [ReplyToken], messageDate d: CalendarDate) -> Relative? {
        func w(_ k: Int) -> String? { k >= 0 && k < tokens.count && tokens[k].kind == .word ? tokens[k].text : nil }
        func isW(_ k: Int, _ set: Set<String>) -> Bool { w(k).map(set.contains) ?? false }
        let word = tokens[i].text
        let weekday = d.weekdayIndex
        let mondayThisWeek = d.advanced(by: -weekday)
        let mondayNextWeek = mondayThisWeek.advanced(by: 7)
        let endOfMonth = d.startOfMonth.adding(months: 1).advanced(by: -1)

        switch word {
        case "today", "heute", "tonight", "heut": return Relative(date: d, start: i, end: i + 1, specificity: 2)
        case "tomorrow", "tmrw", "tomorow", "tommorow", "tommorrow":
            return Relative(date: d.advanced(by: 1), start: i, end: i + 1, specificity: 2)
        case "morgen":
            if isW(i - 1, ["guten", "gutenmorgen"]) { return nil }
            return Relative(date: d.advanced(by: 1), start: i, end: i + 1, specificity: 2)
        case "uebermorgen", "ubermorgen": return Relative(date: d.advanced(by: 2), start: i, end: i + 1, specificity: 2)
        case "monatsende", "monthend", "endofmonth", "monatsultimo", "ultimo", "eom":
            return Relative(date: isW(i - 1, next) ? d.startOfMonth.adding(months: 2).advanced(by: -1) : endOfMonth, start: i, end: i + 1, specificity: 2)
        case "wochenende", "weekend":
            // "by the weekend": Friday, the last working day before it.
            let friday = weekday <= 4 ? mondayThisWeek.advanced(by: 4) : mondayNextWeek.advanced(by: 4)
            return Relative(date: isW(i - 1, next) ? friday.advanced(by: weekday <= 4 ? 7 : 0) : friday, start: i, end: i + 1, specificity: 2)
        case "fortnight": return Relative(date: d.advanced(by: 14), start: i, end: i + 1, specificity: 2)
        case "day" where w(i + 1) == "after" && w(i + 2) == "tomorrow":
            return Relative(date: d.advanced(by: 2), start: i, end: i + 3, specificity: 2)
        default: break
        }
        // "mid-November" and "mid-month" arrive as one word once the hyphen is dropped.
        if word.hasPrefix("mid"), word.count > 3 {
            let rest = String(word.dropFirst(3))
            if let month = monthNumber(rest, strict: true), let first = dayMonth(1, month, year: nil, messageDate: d) {
                return Relative(date: first.advanced(by: 14), start: i, end: i + 1, specificity: 2)
            }
        }
        if word == "midmonth" || word == "monatsmitte" {
            let middle = d.startOfMonth.advanced(by: 14)
            return Relative(date: middle >= d ? middle : middle.adding(months: 1), start: i, end: i + 1, specificity: 2)
        }
        if let target = weekdayNumber(word) {
            var explicitNext = isW(i - 1, next)
            let explicitThis = isW(i - 1, this)
            var end = i + 1
            // "Friday next week", "Freitag nächster Woche", "Freitag der kommenden Woche"
            var k = i + 1
            if isW(k, ["der", "in", "of"]) { k += 1 }
            if isW(k, next.union(["kommender", "kommenden"])), isW(k + 1, weekWords) { explicitNext = true; end = k + 2 }
            let date: CalendarDate
            if explicitNext {
                date = mondayNextWeek.advanced(by: target)
            } else {
                var ahead = (target - weekday + 7) % 7
                if ahead == 0 && !explicitThis { ahead = 7 }
                date = d.advanced(by: ahead)
            }
            return Relative(date: date, start: explicitNext || explicitThis ? i - 1 : i, end: end, specificity: 2)
        }
        if weekWords.contains(word) && (word == "week" || word == "woche") {
            let nextWeek = isW(i - 1, next) || (isW(i - 1, ["kommende", "kommenden", "kommender", "coming"]) && !isW(i - 2, ["this"]))
            let thisWeek = isW(i - 1, ["this", "diese", "dieser", "current", "laufenden"])
            guard nextWeek || thisWeek || isW(i - 1, ["the", "der"]) && periodPart(before: i, tokens) == .end else { return nil }
            let monday = nextWeek ? mondayNextWeek : (weekday <= 4 ? mondayThisWeek : mondayNextWeek)
            let start = max(0, i - 3)
            switch periodPart(before: nextWeek || thisWeek ? i - 1 : i, tokens) {
            case .start: return Relative(date: monday, start: start, end: i + 1, specificity: 2)
            case .middle: return Relative(date: monday.advanced(by: 2), start: start, end: i + 1, specificity: 2)
            default: return Relative(date: monday.advanced(by: 4), start: start, end: i + 1, specificity: 2)
            }
        }
        if monthWords.contains(word) && (word == "month" || word == "monat" || word == "monats") {
            let nextMonth = isW(i - 1, next) || isW(i - 1, ["kommenden", "coming"])
            let thisMonth = isW(i - 1, ["this", "diesen", "dieses", "des", "the", "current", "laufenden"]) || word == "monats" && isW(i - 1, ["ende"])
            let part = periodPart(before: nextMonth || isW(i - 1, ["this", "diesen", "dieses", "current", "laufenden"]) ? i - 1 : i, tokens)
            let named = isW(i - 1, ["this", "diesen", "dieses", "current", "laufenden"])
            guard nextMonth || named || (part != nil && (thisMonth || isW(i - 1, ["end", "ende", "of"]))) else { return nil }
            let first = nextMonth ? d.startOfMonth.adding(months: 1) : d.startOfMonth
            let start = max(0, i - 3)
            switch part {
            case .start: return Relative(date: first, start: start, end: i + 1, specificity: 2)
            case .middle: return Relative(date: first.advanced(by: 14), start: start, end: i + 1, specificity: 2)
            default: return Relative(date: first.adding(months: 1).advanced(by: -1), start: start, end: i + 1, specificity: 2)
            }
        }
        // "in two weeks", "within 10 days", "innerhalb von 10 Tagen", "in 14 Tagen", "binnen einer Woche"
        if ["in", "within", "innerhalb", "binnen", "innert", "next"].contains(word) {
            var k = i + 1
            while isW(k, ["von", "der", "den", "naechsten", "nachsten", "the", "next", "ca", "about", "approx", "etwa", "rund"]) { k += 1 }
            var count: Int?
            if k < tokens.count, tokens[k].kind == .number, let n = tokens[k].numberValue, (1...120).contains(n) { count = n }
            else if let n = w(k).flatMap({ numberWords[$0] }) { count = n }
            guard let n = count else {
                return nil
            }
            k += 1
            var business = false
            if isW(k, ["business", "working", "banking", "bank"]) { business = true; k += 1 }
            guard let unit = w(k) else { return nil }
            let date: CalendarDate
            switch unit {
            case "day", "days", "tag", "tage", "tagen", "dayz": date = d.advanced(by: n)
            case "werktag", "werktage", "werktagen", "arbeitstage", "arbeitstagen", "bankarbeitstagen", "bankarbeitstage", "geschaeftstagen", "geschaeftstage":
                business = true; date = addingBusinessDays(n, to: d)
            case "week", "weeks", "woche", "wochen", "wks", "wk": date = d.advanced(by: 7 * n)
            case "month", "months", "monat", "monate", "monaten": date = d.adding(months: n)
            default: return nil
            }
            return Relative(date: business ? addingBusinessDays(n, to: d) : date, start: i, end: k + 1, specificity: 2)
        }
        // "next payment run", "nächsten Zahlungslauf", "next pay run", "next check run"
        if ["zahlungslauf", "zahllauf", "zahlungslaufs", "zahlungslaeufe", "zahlungslaufes"].contains(word)
            || (["run", "cycle", "batch"].contains(word) && isW(i - 1, ["payment", "pay", "check", "cheque", "payments"])) {
            return Relative(date: d.advanced(by: paymentRunIntervalDays), start: i, end: i + 1, specificity: 1)
        }
        return nil
    }

    static func addingBusinessDays(_ count: Int, to date: CalendarDate) -> CalendarDate {
        var day = date
        var left = count
        while left > 0 {
            day = day.advanced(by: 1)
            if day.weekdayIndex < 5 { left -= 1 }
        }
        return day
    }

    static let numberWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "couple": 2,
        "ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5, "funf": 5, "sechs": 6,
        "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwoelf": 12, "vierzehn": 14, "fuenfzehn": 15, "zwanzig": 20, "dreissig": 30,
    ]

    static func weekdayNumber(_ word: String) -> Int? {
        switch word {
        case "monday", "montag": 0
        case "tuesday", "dienstag", "tues": 1
        case "wednesday", "mittwoch", "wednsday", "wendsday": 2
        case "thursday", "donnerstag", "thurs": 3
        case "friday", "freitag", "fri", "freitags": 4
        case "saturday", "samstag", "sonnabend": 5
        case "sunday", "sonntag": 6
        default: nil
        }
    }

    /// A month's number from its English or German name or abbreviation; `strict` also accepts
    /// "may"/"mai" (safe only right after a day number, where it cannot be the verb).
    static func monthNumber(_ word: String, strict: Bool) -> Int? {
        switch word {
        case "january", "jan", "januar", "jaenner", "janner": 1
        case "february", "feb", "februar", "febr": 2
        case "march", "mar", "maerz", "marz", "mrz", "maer": 3
        case "april", "apr": 4
        case "may", "mai": strict ? 5 : nil
        case "june", "jun", "juni": 6
        case "july", "jul", "juli": 7
        case "august", "aug": 8
        case "september", "sep", "sept": 9
        case "october", "oct", "oktober", "okt": 10
        case "november", "nov": 11
        case "december", "dec", "dezember", "dez": 12
        default: nil
        }
    }

    static func isCurrency(_ token: ReplyToken) -> Bool {
        token.kind == .currencySign || (token.kind == .word && ["eur", "euro", "usd", "chf", "gbp", "dollar", "dollars", "euros"].contains(token.text))
    }

    /// `2026-11-15`, `15.11.2026`, `15.11.26`, `15.11`, `15/11/2026`, `11/15/2026`, `15-11-2026`.
    static func numericDate(_ text: String, messageDate d: CalendarDate, german: Bool) -> CalendarDate? {
        let separator: Character
        if text.contains(".") { separator = "." } else if text.contains("/") { separator = "/" } else if text.contains("-") { separator = "-" } else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }), let numbers = Optional(parts.compactMap { Int($0) }),
              numbers.count == parts.count, (2...3).contains(parts.count) else { return nil }
        func year(_ index: Int) -> Int? {
            guard parts.count == 3 else { return nil }
            let text = parts[index]
            if text.count == 4 { return numbers[index] }
            if text.count == 2 { return 2000 + numbers[index] }
            return nil
        }
        if parts.count == 3, parts[0].count == 4 {
            return CalendarDate(year: numbers[0], month: numbers[1], day: numbers[2])
        }
        guard parts[0].count <= 2, parts[1].count <= 2 else { return nil }
        let a = numbers[0], b = numbers[1]
        let explicitYear = year(2)
        if parts.count == 3 && explicitYear == nil { return nil }
        func make(day: Int, month: Int) -> CalendarDate? {
            if let explicitYear { return CalendarDate(year: explicitYear, month: month, day: day) }
            return dayMonth(day, month, year: nil, messageDate: d)
        }
        if separator != "/" { return make(day: a, month: b) }
        let dayFirst = make(day: a, month: b)
        let monthFirst = make(day: b, month: a)
        switch (dayFirst, monthFirst) {
        case (let x?, nil): return x
        case (nil, let y?): return y
        case (let x?, let y?):
            if x == y || german { return x }
            let xAhead = x >= d, yAhead = y >= d
            if xAhead != yAhead { return xAhead ? x : y }
            return abs(x.days(since: d)) <= abs(y.days(since: d)) ? x : y
        default: return nil
        }
    }

    static func dayMonth(_ day: Int, _ month: Int, year: Int?, messageDate d: CalendarDate) -> CalendarDate? {
        if let year { return CalendarDate(year: year, month: month, day: day) }
        guard let thisYear = CalendarDate(year: d.year, month: month, day: day) ?? (month == 2 && day == 29 ? CalendarDate(year: d.year, month: 2, day: 28) : nil) else { return nil }
        if d.days(since: thisYear) > yearlessPastToleranceDays {
            return CalendarDate(year: d.year + 1, month: month, day: min(day, CalendarDate.daysIn(month: month, year: d.year + 1)))
        }
        return thisYear
    }

    /// The next day `day` of a month on or after the message date; a day the month lacks (the
    /// 31st in November) is that month's last day.
    static func dayOfMonth(_ day: Int, messageDate d: CalendarDate) -> CalendarDate? {
        var month = d.startOfMonth
        for _ in 0..<2 {
            let length = CalendarDate.daysIn(month: month.month, year: month.year)
            let date = month.advanced(by: min(day, length) - 1)
            if date >= d { return date }
            month = month.adding(months: 1)
        }
        return nil
    }

    static let commitCues: Set<String> = [
        "pay", "paying", "payment", "settle", "settlement", "transfer", "remit", "wire", "release", "process", "processed", "paid",
        "by", "until", "till", "before", "latest", "on", "scheduled", "planned", "expect", "expected",
        "zahlen", "zahlung", "bezahlen", "bezahlt", "begleichen", "beglichen", "ueberweisen", "ueberweisung", "ueberwiesen", "anweisen", "angewiesen",
        "bis", "am", "zum", "spaetestens", "erfolgt", "freigeben", "freigegeben", "ausgleichen", "ausgeglichen", "termin", "voraussichtlich", "geplant",
        "rate", "instalment", "installment", "first", "starting", "ab", "beginning", "erste", "ersten", "erst",
    ]
    static let referenceCues: Set<String> = [
        "dated", "issued", "from", "vom", "datiert", "rechnungsdatum", "received", "erhalten", "sent", "geschickt", "gesendet",
        "due", "faellig", "ago", "since", "seit", "ordered", "bestellt", "delivered", "geliefert", "lieferung", "delivery", "was", "were", "war", "wurde",
        "letter", "schreiben", "mahnung", "reminder", "email", "mail", "back", "zurueck", "office", "buero", "returning", "return",
    ]

    /// +1 when one of the three words before `start` promises payment, −1 when one refers to an
    /// earlier event (an invoice's date, a delivery, an absence); the nearest cue wins.
    static func cue(before start: Int, _ tokens: [ReplyToken]) -> Int {
        var k = start - 1
        var seen = 0
        while k >= 0 && seen < 3 {
            let token = tokens[k]
            if token.kind == .punctuation, token.text != "," { break }
            if token.kind == .word {
                if referenceCues.contains(token.text) { return -1 }
                if commitCues.contains(token.text) { return 1 }
                seen += 1
            }
            k -= 1
        }
        return 0
    }
}

/// A rough language guess from function words: enough to read `05/11` day-first in German text.
public enum ReplyLanguage {
    static let germanWords: Set<String> = ["und", "die", "der", "das", "wir", "ich", "ist", "nicht", "sie", "bitte", "rechnung", "zahlung", "mit", "den", "fuer", "ihre", "haben", "werden", "wird", "vielen", "dank", "gruesse", "grusse", "bis", "am", "uns"]
    static let englishWords: Set<String> = ["and", "the", "we", "i", "is", "not", "you", "please", "invoice", "payment", "with", "for", "your", "have", "will", "thanks", "thank", "regards", "by", "on", "us"]

    public static func isGerman(_ tokens: [ReplyToken]) -> Bool {
        var german = 0, english = 0
        for token in tokens where token.kind == .word {
            if germanWords.contains(token.text) { german += 1 }
            if englishWords.contains(token.text) { english += 1 }
        }
        return german > english
    }
}
