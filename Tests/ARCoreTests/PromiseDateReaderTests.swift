import ARCore
import Testing

/// Promised dates read relative to the message date, English and German (the rules are on
/// ``PromiseDateReader``). The message date is Wednesday 2026-11-04 unless a case says otherwise.
@Suite("Promise date reader")
struct PromiseDateReaderTests {
    static let wednesday = CalendarDate(iso: "2026-11-04")!

    static let english: [(String, String?)] = [
        ("We will pay this Friday.", "2026-11-06"),
        ("Payment on Friday.", "2026-11-06"),
        ("We'll pay next Monday.", "2026-11-09"),
        ("It goes out next Friday.", "2026-11-13"),
        ("will pay tomorrow", "2026-11-05"),
        ("You will have it by the end of the month.", "2026-11-30"),
        ("We pay at month-end.", "2026-11-30"),
        ("Payment by the end of next week.", "2026-11-13"),
        ("Payment date 15/11/2026.", "2026-11-15"),
        ("Funds release 2026-11-15.", "2026-11-15"),
        ("We pay 11/15/2026 by ACH.", "2026-11-15"),
        ("We will pay on 05/11/2026.", "2026-11-05"),
        ("We will pay on 12/01/2026.", "2026-12-01"),
        ("Paying Nov. 5.", "2026-11-05"),
        ("Paying on the 5th of November.", "2026-11-05"),
        ("We pay December 1st, 2026.", "2026-12-01"),
        ("We will pay in two weeks.", "2026-11-18"),
        ("We will settle within 10 days.", "2026-11-14"),
        ("Added to our next payment run.", "2026-11-11"),
        ("Should be with you by the 20th.", "2026-11-20"),
        ("We can pay by the 3rd.", "2026-12-03"),
        ("Early next week.", "2026-11-09"),
        ("We will pay next week.", "2026-11-13"),
        ("By the end of next month.", "2026-12-31"),
        ("Within 5 business days.", "2026-11-11"),
        ("In a fortnight.", "2026-11-18"),
        ("Payment mid-December.", "2026-12-15"),
        ("Paying today.", "2026-11-04"),
        ("We can pay on Jan 10.", "2027-01-10"),
        ("Invoice dated 20.10.2026 will be paid on Friday.", "2026-11-06"),
        ("We paid on 01.11.2026.", nil),
        ("We will pay soon.", nil),
        ("", nil),
    ]

    static let german: [(String, String?)] = [
        ("Wir zahlen diesen Freitag.", "2026-11-06"),
        ("Überweisung am Freitag.", "2026-11-06"),
        ("Zahlung nächsten Montag.", "2026-11-09"),
        ("Wir überweisen morgen.", "2026-11-05"),
        ("Guten Morgen, wir zahlen am Freitag.", "2026-11-06"),
        ("Zahlung bis Ende des Monats.", "2026-11-30"),
        ("Wird zum Monatsende beglichen.", "2026-11-30"),
        ("Wir zahlen Ende nächster Woche.", "2026-11-13"),
        ("Zahlungstermin ist der 15.11.2026.", "2026-11-15"),
        ("Zahlung am 5. November.", "2026-11-05"),
        ("In zwei Wochen haben Sie Ihr Geld.", "2026-11-18"),
        ("Wir gleichen innerhalb von 10 Tagen aus.", "2026-11-14"),
        ("Mit dem nächsten Zahlungslauf.", "2026-11-11"),
        ("Bis zum 20. ist das Geld da.", "2026-11-20"),
        ("Wir zahlen am 15.11.", "2026-11-15"),
        ("Wir zahlen übermorgen.", "2026-11-06"),
        ("Zahlung Anfang nächsten Monats.", "2026-12-01"),
        ("Wir überweisen am 05/11/2026.", "2026-11-05"),
        ("Zahlung bis 20.11.26.", "2026-11-20"),
        ("Zahlung Mitte Dezember.", "2026-12-15"),
        ("Ende nächsten Monats, dann vollständig.", "2026-12-31"),
        ("Wir zahlen in 14 Tagen.", "2026-11-18"),
        ("Zahlung innerhalb von 5 Werktagen.", "2026-11-11"),
        ("Wir zahlen am 10.01.", "2027-01-10"),
        ("Wir haben am 01.11.2026 bezahlt.", nil),
        ("Wir zahlen zeitnah.", nil),
    ]

    @Test("English expressions", arguments: english)
    func englishCase(text: String, expected: String?) {
        #expect(PromiseDateReader.promisedDate(in: text, messageDate: Self.wednesday)?.iso == expected, "\(text)")
    }

    @Test("German expressions", arguments: german)
    func germanCase(text: String, expected: String?) {
        #expect(PromiseDateReader.promisedDate(in: text, messageDate: Self.wednesday)?.iso == expected, "\(text)")
    }

    @Test("A weekday named on that weekday: 'this' is today, alone it is a week later")
    func sameWeekday() {
        let friday = CalendarDate(iso: "2026-11-06")!
        #expect(PromiseDateReader.promisedDate(in: "We pay this Friday", messageDate: friday)?.iso == "2026-11-06")
        #expect(PromiseDateReader.promisedDate(in: "We pay on Friday", messageDate: friday)?.iso == "2026-11-13")
        #expect(PromiseDateReader.promisedDate(in: "Wir zahlen Freitag", messageDate: friday)?.iso == "2026-11-13")
        // "next Monday" on a Tuesday is the Monday of next week, six days later.
        #expect(PromiseDateReader.promisedDate(in: "next Monday", messageDate: CalendarDate(iso: "2026-11-10")!)?.iso == "2026-11-16")
        // "next Thursday" on a Tuesday is next week's, nine days later, not the day after tomorrow.
        #expect(PromiseDateReader.promisedDate(in: "next Thursday", messageDate: CalendarDate(iso: "2026-11-10")!)?.iso == "2026-11-19")
    }

    @Test("Month ends and year ends roll over correctly")
    func rollovers() {
        let december = CalendarDate(iso: "2026-12-20")!
        #expect(PromiseDateReader.promisedDate(in: "end of next month", messageDate: december)?.iso == "2027-01-31")
        #expect(PromiseDateReader.promisedDate(in: "am 10.01.", messageDate: december)?.iso == "2027-01-10")
        #expect(PromiseDateReader.promisedDate(in: "by the 5th", messageDate: december)?.iso == "2027-01-05")
        let january = CalendarDate(iso: "2028-01-31")!
        #expect(PromiseDateReader.promisedDate(in: "Ende nächsten Monats", messageDate: january)?.iso == "2028-02-29")
        #expect(PromiseDateReader.promisedDate(in: "by the 31st", messageDate: CalendarDate(iso: "2026-11-04")!)?.iso == "2026-11-30")
    }
}
