# Date expressions for the corpus generator: (text, function(message_date) -> expected date).
import datetime as dt, random
D = dt.date
def eom(d): return (D(d.year + d.month // 12, d.month % 12 + 1, 1) - dt.timedelta(days=1))
def som_next(d): return D(d.year + d.month // 12, d.month % 12 + 1, 1)
def add_months(d, n):
    m = d.month - 1 + n; y = d.year + m // 12; m = m % 12 + 1
    import calendar
    return D(y, m, min(d.day, calendar.monthrange(y, m)[1]))
def upcoming(d, wd, this=False):
    ahead = (wd - d.weekday()) % 7
    if ahead == 0 and not this: ahead = 7
    return d + dt.timedelta(days=ahead)
def next_week_day(d, wd): return d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=7 + wd)
def friday_this(d): return d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=4 if d.weekday() <= 4 else 11)
def day_of_month(d, day):
    import calendar
    y, m = d.year, d.month
    for _ in range(2):
        last = calendar.monthrange(y, m)[1]
        c = D(y, m, min(day, last))
        if c >= d: return c
        m += 1
        if m == 13: m, y = 1, y + 1
def biz(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5: n -= 1
    return d
EN_WD = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DE_WD = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
EN_M = ["January","February","March","April","May","June","July","August","September","October","November","December"]
EN_MA = ["Jan.","Feb.","Mar.","Apr.","May","Jun.","Jul.","Aug.","Sep.","Oct.","Nov.","Dec."]
DE_M = ["Januar","Februar","März","April","Mai","Juni","Juli","August","September","Oktober","November","Dezember"]
EN_NUM = {2:"two",3:"three",4:"four",5:"five",10:"ten",14:"fourteen"}
DE_NUM = {2:"zwei",3:"drei",4:"vier",5:"fünf",10:"zehn",14:"vierzehn"}
def ordsuf(n): return "th" if 11 <= n % 100 <= 13 else {1:"st",2:"nd",3:"rd"}.get(n % 10, "th")

def future_date(d, r):
    return d + dt.timedelta(days=r.randint(2, 40))

def expr_en(d, r):
    """One English date expression and its date, relative to message date d."""
    k = r.randrange(30)
    if k == 0: return "tomorrow", d + dt.timedelta(days=1)
    if k == 1: wd = r.randrange(5); return f"this {EN_WD[wd]}", upcoming(d, wd, True)
    if k == 2: wd = r.randrange(5); return f"on {EN_WD[wd]}", upcoming(d, wd)
    if k == 3: wd = r.randrange(5); return f"next {EN_WD[wd]}", next_week_day(d, wd)
    if k == 4: return r.choice(["by the end of the month", "end of the month", "by month end", "at month-end", "end of this month", "by the end of this month"]), eom(d)
    if k == 5: return r.choice(["end of next week", "by the end of next week"]), next_week_day(d, 4)
    if k == 6: f = future_date(d, r); return f"on {f.day:02d}/{f.month:02d}/{f.year}", f
    if k == 7: f = future_date(d, r); return f"on {f.isoformat()}", f
    if k == 8:
        f = future_date(d, r)
        if f.day <= 12: f = f.replace(day=13 + f.day % 10)
        return f"by {f.month}/{f.day}/{f.year}", f
    if k == 9: f = future_date(d, r); return f"by {EN_MA[f.month-1]} {f.day}", f
    if k == 10: f = future_date(d, r); return f"on the {f.day}{ordsuf(f.day)} of {EN_M[f.month-1]}", f
    if k == 11: n = r.choice([2,3]); return r.choice([f"in {EN_NUM[n]} weeks", f"in {n} weeks", f"within {EN_NUM[n]} weeks"]), d + dt.timedelta(days=7*n)
    if k == 12: n = r.choice([5,7,10,14,15,30]); return r.choice([f"within {n} days", f"in {n} days", f"within the next {n} days"]), d + dt.timedelta(days=n)
    if k == 13: return r.choice(["with the next payment run", "in our next payment run", "in the next pay run", "on our next check run"]), d + dt.timedelta(days=7)
    if k == 14: f = day_of_month(d, r.choice([15,20,25,28,30,10,5])); return f"by the {f.day}{ordsuf(f.day)}", f
    if k == 15: return "today", d
    if k == 16: f = future_date(d, r); return f"{EN_M[f.month-1]} {f.day}{ordsuf(f.day)}", f
    if k == 17: f = future_date(d, r); return f"{f.day} {EN_M[f.month-1]} {f.year}", f
    if k == 18: return r.choice(["next week", "sometime next week", "during next week"]), next_week_day(d, 4)
    if k == 19: return r.choice(["by the end of the week", "end of this week", "by end of week"]), friday_this(d)
    if k == 20: return r.choice(["early next week", "at the beginning of next week"]), next_week_day(d, 0)
    if k == 21: return r.choice(["by the end of next month", "end of next month"]), eom(som_next(d))
    if k == 22: return r.choice(["in a week", "within a week", "within one week"]), d + dt.timedelta(days=7)
    if k == 23: f = future_date(d, r); return f"{EN_WD[f.weekday()] if f.weekday() < 5 else ''} {f.day:02d}/{f.month:02d}".strip(), f
    if k == 24: f = future_date(d, r); return f"on {f.day}.{f.month}.{f.year}", f
    if k == 25: wd = r.randrange(5); return f"{EN_WD[wd]}", upcoming(d, wd)
    if k == 26: return "beginning of next month", som_next(d)
    if k == 27: n = r.choice([5, 10]); return f"within {n} business days", biz(d, n)
    if k == 28: return "in a fortnight", d + dt.timedelta(days=14)
    wd = r.randrange(5); return f"by {EN_WD[wd]}", upcoming(d, wd)

def expr_de(d, r):
    k = r.randrange(28)
    if k == 0: return "morgen", d + dt.timedelta(days=1)
    if k == 1: wd = r.randrange(5); return f"diesen {DE_WD[wd]}", upcoming(d, wd, True)
    if k == 2: wd = r.randrange(5); return f"am {DE_WD[wd]}", upcoming(d, wd)
    if k == 3: wd = r.randrange(5); return f"nächsten {DE_WD[wd]}", next_week_day(d, wd)
    if k == 4: return r.choice(["Ende des Monats", "zum Monatsende", "bis Monatsende", "Ende dieses Monats", "bis Ende des Monats", "Ende Monat"]), eom(d)
    if k == 5: return r.choice(["Ende nächster Woche", "bis Ende der nächsten Woche", "Ende kommender Woche"]), next_week_day(d, 4)
    if k == 6: f = future_date(d, r); return f"am {f.day:02d}.{f.month:02d}.{f.year}", f
    if k == 7: f = future_date(d, r); return f"bis zum {f.day}.{f.month}.", f
    if k == 8: f = future_date(d, r); return f"am {f.day}. {DE_M[f.month-1]}", f
    if k == 9: n = r.choice([2,3]); return r.choice([f"in {DE_NUM[n]} Wochen", f"in {n} Wochen", f"innerhalb von {DE_NUM[n]} Wochen"]), d + dt.timedelta(days=7*n)
    if k == 10: n = r.choice([5,7,10,14,30]); return r.choice([f"innerhalb von {n} Tagen", f"in {n} Tagen", f"binnen {n} Tagen", f"innerhalb der nächsten {n} Tage"]), d + dt.timedelta(days=n)
    if k == 11: return r.choice(["mit dem nächsten Zahlungslauf", "im nächsten Zahlungslauf", "mit unserem nächsten Zahllauf"]), d + dt.timedelta(days=7)
    if k == 12: f = day_of_month(d, r.choice([15,20,25,10,5,30])); return f"bis zum {f.day}.", f
    if k == 13: return "heute", d
    if k == 14: return "übermorgen", d + dt.timedelta(days=2)
    if k == 15: f = future_date(d, r); return f"am {f.day:02d}.{f.month:02d}.", f
    if k == 16: return r.choice(["nächste Woche", "kommende Woche", "im Laufe der nächsten Woche"]), next_week_day(d, 4)
    if k == 17: return r.choice(["bis Ende der Woche", "Ende dieser Woche", "bis Ende dieser Woche"]), friday_this(d)
    if k == 18: return r.choice(["Anfang nächster Woche", "Anfang der kommenden Woche"]), next_week_day(d, 0)
    if k == 19: return r.choice(["Ende nächsten Monats", "bis Ende des nächsten Monats"]), eom(som_next(d))
    if k == 20: return r.choice(["in einer Woche", "innerhalb einer Woche", "binnen einer Woche"]), d + dt.timedelta(days=7)
    if k == 21: f = future_date(d, r); return f"bis {f.day}.{f.month}.{f.year % 100:02d}", f
    if k == 22: wd = r.randrange(5); return f"{DE_WD[wd]}", upcoming(d, wd)
    if k == 23: return "Anfang nächsten Monats", som_next(d)
    if k == 24: n = r.choice([5, 10]); return f"innerhalb von {n} Werktagen", biz(d, n)
    if k == 25: f = future_date(d, r); return f"{f.year}-{f.month:02d}-{f.day:02d}", f
    if k == 26: return "in 14 Tagen", d + dt.timedelta(days=14)
    wd = r.randrange(5); return f"bis {DE_WD[wd]}", upcoming(d, wd)
