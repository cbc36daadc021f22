import ARCore
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("round-trips ISO dates across centuries and leap days", arguments: [
        "1970-01-01", "2000-02-29", "2024-02-29", "1999-12-31", "2100-03-01", "1900-02-28", "2026-11-29",
    ])
    func roundTrips(text: String) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.iso == text)
    }

    @Test("rejects days that do not exist", arguments: ["2023-02-29", "2100-02-29", "2026-13-01", "2026-04-31", "2026-1-1", "20260101", "2026-00-10"])
    func rejects(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test("days between dates and month arithmetic")
    func arithmetic() throws {
        let due = try #require(CalendarDate(iso: "2026-01-31"))
        let asOf = try #require(CalendarDate(iso: "2026-03-02"))
        #expect(asOf.days(since: due) == 30)
        #expect(due.adding(months: 1).iso == "2026-02-28")
        #expect(CalendarDate(iso: "2024-01-31")!.adding(months: 1).iso == "2024-02-29")
        #expect(asOf.startOfMonth.iso == "2026-03-01")
        #expect(asOf.endOfPreviousMonth.iso == "2026-02-28")
        #expect(CalendarDate(iso: "2026-11-29")!.weekdayIndex == 6)  // a Sunday
        #expect(CalendarDate(iso: "1970-01-01")!.daysSinceEpoch == 0)
    }
}
