/// The customer portal's pages: the company's own look, no workbench navigation, readable on a
/// phone and printable (the statement and each invoice print without the forms).
extension PageTemplates {
    static let portalHead = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <title>{{title}} · {{company}}</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#fff;border-bottom:1px solid #dde;padding:.8rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header img{max-height:3rem}header .who{margin-left:auto;text-align:right}
        main{padding:1rem;max-width:60rem;margin:auto}small,.muted{color:#667}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:.4rem .5rem;border-bottom:1px solid #dde;text-align:left;vertical-align:top}
        .num{text-align:right;white-space:nowrap}.overdue{color:#a33;font-weight:600}.scroll{overflow-x:auto}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.8rem}.card{background:#fff;padding:.4rem .9rem;border:1px solid #dde}
        .forms{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.8rem}.forms form{background:#fff;padding:.5rem .9rem;border:1px solid #dde}
        label{display:block;margin:.5rem 0}textarea{width:100%}input[type=text],input[type=email]{width:95%;padding:.3rem}
        .notice{background:#e8f5e9;padding:.5rem;border:1px solid #9c9}.error{color:#a00;background:#fee;padding:.5rem;border:1px solid #f99}
        .button{display:inline-block;background:#1d4f91;color:#fff;padding:.5rem 1rem;text-decoration:none;border-radius:3px}
        @media print{.forms,.noprint,.button{display:none}body{background:#fff}header{border:0}}
        </style></head><body>
        <header>{{#logo}}<img src="{{logo}}" alt="{{company}}">{{/logo}}<div><strong>{{company}}</strong><br><small>{{#address}}{{.}} {{/address}}</small></div>
        <div class="who">{{customer}}{{#contact}}<br><small>Questions: {{contact}}</small>{{/contact}}</div></header>
        """

    static let portalRefused = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow"><title>{{title}}</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430}</style></head><body>
        <main><h1>{{title}}</h1><p role="alert">{{message}}</p></main>
        </body></html>
        """

    static let portal = """
        {{> portal-head}}
        <main>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <h1>Your account</h1>
        <p class="muted">As of {{today}}. <a href="{{self}}/statement.csv">Download the statement (CSV)</a> · <span class="noprint">Print this page from your browser for a statement on paper.</span></p>
        <div class="cards">
        {{#currencies}}<div class="card"><h2>{{currency}}</h2><p>Open: <b>{{total}}</b>{{#hasOverdue}}<br><span class="overdue">Overdue: {{overdue}}</span>{{/hasOverdue}}</p></div>{{/currencies}}
        </div>
        <h2>Open invoices</h2>
        {{^hasInvoices}}<p>Nothing is open. Thank you!</p>{{/hasInvoices}}
        {{#hasInvoices}}<div class="scroll"><table id="invoices">
        <tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="num">Amount</th><th class="num">Open</th><th>Status</th></tr>
        {{#invoices}}<tr><td><a href="{{link}}">{{number}}</a></td><td>{{issued}}</td><td>{{due}}</td><td class="num">{{amount}}</td><td class="num">{{open}}</td>
        <td{{#overdue}} class="overdue"{{/overdue}}>{{stage}}</td></tr>
        {{/invoices}}</table></div>{{/hasInvoices}}
        <h2 id="pay">How to pay</h2>
        {{#currencies}}<div class="card"><h3>{{currency}}: {{total}}</h3>
        {{#payURL}}<p><a class="button" href="{{payURL}}">Pay {{total}} online</a></p>{{/payURL}}
        {{#bank}}<p>By bank transfer:<br>{{#lines}}{{.}}<br>{{/lines}}Reference: <b>{{reference}}</b></p>{{/bank}}
        {{^bank}}{{^payURL}}<p>Please contact us for payment details.</p>{{/payURL}}{{/bank}}
        </div>{{/currencies}}
        {{#hasInvoices}}
        <h2 class="noprint">Tell us</h2>
        <div class="forms">
        <form method="post" action="{{self}}/promise" id="promise-form"><h3>I will pay by a date</h3>
        {{#invoices}}<label><input type="checkbox" name="invoice" value="{{number}}"> {{number}} ({{open}})</label>{{/invoices}}
        <label>Date <input type="date" name="date" min="{{today}}" max="{{latest}}" required></label>
        <label>Amount (empty: in full) <input type="text" name="amount" inputmode="decimal" placeholder="in full"></label>
        <button type="submit">Record my promise</button></form>
        <form method="post" action="{{self}}/dispute" enctype="multipart/form-data" id="dispute-form"><h3>Something is wrong with an invoice</h3>
        <label>Invoice <select name="invoice">{{#invoices}}<option value="{{number}}">{{number}}</option>{{/invoices}}</select></label>
        <label>What is wrong <select name="type">{{#disputeTypes}}<option value="{{value}}">{{label}}</option>{{/disputeTypes}}</select></label>
        <label>Comment <textarea name="comment" rows="3" maxlength="4000"></textarea></label>
        <label>Documents (PDF, PNG, JPEG, GIF, text or CSV; up to 3 files of 5 MB) <input type="file" name="file" multiple accept=".pdf,.png,.jpg,.jpeg,.gif,.txt,.csv"></label>
        <button type="submit">Send the dispute</button></form>
        <form method="post" action="{{self}}/copy" id="copy-form"><h3>Send me a copy</h3>
        <label>Invoice <select name="invoice">{{#invoices}}<option value="{{number}}">{{number}}</option>{{/invoices}}</select></label>
        <button type="submit">Ask for a copy</button></form>
        <form method="post" action="{{self}}/contact" id="contact-form"><h3>Our AR contact changed</h3>
        <label>Name <input type="text" name="name" maxlength="200"></label>
        <label>Email <input type="email" name="email" maxlength="254"></label>
        <label>Phone <input type="text" name="phone" maxlength="50"></label>
        <button type="submit">Send the new contact</button></form>
        </div>
        {{/hasInvoices}}
        </main></body></html>
        """

    static let portalInvoice = """
        {{> portal-head}}
        <main>
        <p class="noprint"><a href="{{back}}">Back to your account</a></p>
        <h1>Invoice {{number}}</h1>
        <table class="narrow">
        <tr><th>Issued</th><td>{{issued}}</td></tr><tr><th>Due</th><td>{{due}}</td></tr>
        {{#po}}<tr><th>Your PO</th><td>{{po}}</td></tr>{{/po}}
        <tr><th>Amount</th><td class="num">{{amount}}</td></tr><tr><th>Open</th><td class="num">{{open}}</td></tr>
        <tr><th>Status</th><td{{#overdue}} class="overdue"{{/overdue}}>{{stage}}</td></tr>
        </table>
        </main></body></html>
        """
}
