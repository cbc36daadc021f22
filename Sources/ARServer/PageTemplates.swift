import Mustache

/// The server-rendered pages' templates. `{{name}}` escapes HTML, so text from customer data
/// (names, reasons, notes) can never become markup. The one unescaped form, `{{{…}}}`, is used
/// only for charts that ``SVGChart`` drew, which escapes every text it writes.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        MustacheContentTypes.register(FastHTMLContentType(), named: FastHTMLContentType.name)
        for (name, text) in [("layout-head", head), ("layout-header", header), ("login", login), ("approvals", approvals), ("error", errorPage),
                             ("dashboard", dashboard), ("worklist", worklist), ("customer", customer), ("invoices", invoices),
                             ("invoice", invoice), ("cash", cash), ("cash-decide", cashDecide), ("audit", audit), ("policy", policy),
                             ("imports", imports), ("action", action), ("settings", settings),
                             ("portal-head", portalHead), ("portal", portal), ("portal-refused", portalRefused), ("portal-invoice", portalInvoice)] {
            // The templates are constants of this file, checked by every page test: one that does
            // not parse is a programming error, reported by name at the first page.
            // Each template names the pages' escaping first (partials too: each sets its own).
            if let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: \(FastHTMLContentType.name)}}" + text) {
                library.register(template, named: name)
            }
        }
        return library
    }()

    static func render(_ name: String, _ object: [String: Any]) throws -> String {
        guard let html = library.render(object, withTemplate: name) else {
            throw Problem(.internalServerError, title: "Internal Server Error", detail: "the page template '\(name)' does not parse")
        }
        return html
    }

    static let head = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ARAgent</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#1d2430;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff;margin-right:.6rem}header a[aria-current]{text-decoration:none;border-bottom:2px solid #7a9cc6}header .who{margin-left:auto}
        main{padding:1rem;max-width:76rem;margin:auto}small{color:#667}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.7rem}.card{background:#fff;padding:.2rem .8rem;border:1px solid #dde}
        .card h2{font-size:.9rem;margin:.5rem 0 0}.big{font-size:1.35rem;margin:.3rem 0}.num{text-align:right;white-space:nowrap}
        .chart svg{width:100%;max-width:44rem;height:auto;background:#fff;border:1px solid #dde}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.5rem}
        .scroll{overflow-x:auto}table.narrow{width:auto}.tag{background:#e3ebf6;padding:0 .3rem;font-size:.8rem}.tag.warn{background:#fde2c8}
        .notice{background:#e8f5e9;padding:.5rem;border:1px solid #9c9}.filters label,.pair{display:inline-block;margin-right:.8rem}
        .forms{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.8rem}.forms form{background:#fff;padding:.5rem .8rem;border:1px solid #dde}
        .timeline{list-style:none;padding:0}.timeline li{background:#fff;border-left:4px solid #7a9cc6;margin:.3rem 0;padding:.3rem .6rem}
        .timeline li.payment,.timeline li.paid{border-color:#4caf50}.timeline li.dispute,.timeline li.hold{border-color:#e08a2c}.timeline li.note{border-color:#8e6bbf}
        .line{background:#fff;border:1px solid #dde;padding:.2rem .8rem;margin:.6rem 0}textarea{width:100%}
        .code{font-family:ui-monospace,monospace;font-size:.85rem}ol.code li.wrong{background:#fee;outline:1px solid #f99}ul.problems{margin:.2rem 0}
        @media (max-width:40rem){main{padding:.5rem}td,th{padding:.3rem}}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:.4rem .5rem;border-bottom:1px solid #dde;text-align:left;vertical-align:top}
        .error{color:#a00;background:#fee;padding:.5rem;border:1px solid #f99}form.inline{display:inline}
        label{display:block;margin:.5rem 0}input[type=text],input[type=password]{padding:.4rem;width:16rem}
        </style></head><body>
        """

    static let login = """
        {{> layout-head}}
        <header><strong>ARAgent</strong></header>
        <main>
        <h1>Sign in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>User name <input type="text" name="name" value="{{name}}" autocomplete="username" required autofocus></label>
        <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        </main></body></html>
        """

    static let approvals = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Approvals</h1>
        {{^actions}}<p>Nothing waits for approval.</p>{{/actions}}
        {{#hasActions}}
        {{#canDecide}}<form id="bulk" method="post" action="/approvals/bulk"><input type="hidden" name="csrf" value="{{csrf}}">
        <p><label class="pair">Note for the chosen (optional) <input type="text" name="note" maxlength="500"></label>
        <button type="submit" name="decision" value="approve">Approve chosen</button> <button type="submit" name="decision" value="reject">Reject chosen</button></p></form>{{/canDecide}}
        <div class="scroll"><table><thead><tr>{{#canDecide}}<th></th>{{/canDecide}}<th>Customer</th><th>Action</th><th>Invoices</th><th>Amount</th><th>Why</th><th></th></tr></thead><tbody>
        {{#actions}}
        <tr>{{#canDecide}}<td><input type="checkbox" name="id" value="{{id}}" form="bulk" aria-label="choose"></td>{{/canDecide}}
        <td>{{customerName}} <small>{{customerID}}</small></td><td><a href="/approvals/{{encodedID}}">{{kind}} by {{channel}} ({{tone}})</a></td><td>{{invoices}}</td><td>{{amount}}</td><td>{{reason}}</td>
        <td>{{#canDecide}}
        <form class="inline" method="post" action="/approvals/{{encodedID}}/approve"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Approve</button></form>
        <form class="inline" method="post" action="/approvals/{{encodedID}}/reject"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Reject</button></form>
        {{/canDecide}}</td></tr>
        {{/actions}}
        </tbody></table></div>
        {{/hasActions}}
        </main></body></html>
        """
}
