/// The workbench pages' templates (see ``PageTemplates`` for the rules: `{{name}}` escapes, and
/// the only unescaped value is `{{{chart}}}`-style SVG that ``SVGChart`` drew and escaped).
extension PageTemplates {
    static let header = """
        <header><strong>ARAgent</strong>
        <nav>{{#nav}}<a href="{{path}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a> {{/nav}}</nav>
        <span class="who">{{user}} ({{role}})</span>
        <form class="inline" method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Sign out</button></form></header>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        """

    static let errorPage = """
        {{> layout-head}}
        {{#user}}{{> layout-header}}{{/user}}{{^user}}<header><strong>ARAgent</strong></header>{{/user}}
        <main><h1>{{heading}}</h1><p>{{detail}}</p><p><a href="/dashboard">Back to the dashboard</a></p></main></body></html>
        """

    static let dashboard = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Dashboard <small>as of {{asOf}}</small></h1>
        {{#stale}}<p class="notice" role="status">{{stale}}</p>{{/stale}}
        <section class="cards">
        <div class="card"><h2>Open</h2><p class="big">{{open}}</p><p>{{overdue}} overdue</p></div>
        <div class="card"><h2>Approvals waiting</h2><p class="big"><a href="/approvals">{{approvals}}</a></p></div>
        <div class="card"><h2>Unapplied cash</h2>{{#unapplied}}<p class="big">{{.}}</p>{{/unapplied}}{{^unapplied}}<p class="big">none</p>{{/unapplied}}<p><a href="/cash">{{review}} in review, {{unmatched}} unmatched</a></p></div>
        <div class="card"><h2>Auto-applied</h2><p class="big">{{autoRate}}</p><p>{{autoApplied}} by the agent, {{byPeople}} by people</p></div>
        <div class="card"><h2>Promises</h2><p class="big">{{promisesDueCount}} due</p><p>{{promisesBroken}} broken</p></div>
        <div class="card"><h2>Contact rate</h2><p class="big">{{contactRate}}</p><p>{{contacted}} of {{customersOverdue}} overdue customers in {{contactWindow}} days</p></div>
        </section>
        <h2>Aging{{#currency}} ({{currency}}){{/currency}}</h2>
        <div class="chart">{{{agingChart}}}</div>
        {{#otherCurrencies}}<p>Also open: {{.}}</p>{{/otherCurrencies}}
        <h2>Trends, month by month</h2>
        <div class="charts">{{#trendCharts}}<div class="chart">{{{svg}}}</div>{{/trendCharts}}</div>
        <h2>Disputes by age</h2>
        <table class="narrow"><tbody>{{#disputes}}<tr><td>{{label}}</td><td class="num">{{count}}</td></tr>{{/disputes}}</tbody></table>
        {{#hasPromisesDue}}<h2>Promises due</h2>
        <table><thead><tr><th>Promised by</th><th>Invoice</th><th>Customer</th><th>Amount</th></tr></thead><tbody>
        {{#promisesDue}}<tr><td>{{date}}</td><td><a href="{{invoiceLink}}">{{invoice}}</a></td><td><a href="{{customerLink}}">{{customer}}</a></td><td class="num">{{amount}}</td></tr>{{/promisesDue}}
        </tbody></table>{{/hasPromisesDue}}
        <h2>Top customers by balance</h2>
        <div class="scroll"><table><thead><tr><th>Customer</th><th class="num">Open</th><th class="num">Overdue</th><th class="num">Over 90 days</th></tr></thead><tbody>
        {{#top}}<tr><td><a href="{{link}}">{{name}}</a> <small>{{id}}</small></td><td class="num">{{total}}</td><td class="num">{{overdue}}</td><td class="num">{{over90}}</td></tr>{{/top}}
        </tbody></table></div>
        </main></body></html>
        """

    static let worklist = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Worklist</h1>
        {{#stale}}<p class="notice" role="status">{{stale}}</p>{{/stale}}
        <p>Customers with money overdue, ranked by the amount overdue times how likely the payment profile says further delay is, raised for key accounts and broken promises; ranked within {{currency}}.</p>
        <form method="get" action="/worklist" class="filters">
        <label>Currency <select name="currency">{{#currencies}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}}</option>{{/currencies}}</select></label>
        <label>Owner <select name="owner"><option value="">anyone</option>{{#owners}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/owners}}</select></label>
        <label>Segment <select name="segment"><option value="">any</option>{{#segments}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/segments}}</select></label>
        <label>Oldest bucket at least <select name="bucket"><option value="">any</option>{{#buckets}}<option value="{{key}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/buckets}}</select></label>
        <button type="submit">Filter</button>
        </form>
        {{#hasContacts}}<section id="contacts-to-fix"><h2>Contacts to fix</h2>
        <p>Email to these addresses bounced: no email goes to them (the next step is a text or a call) until the customer's address is corrected in the customers file you import.</p>
        <div class="scroll"><table><thead><tr><th>Customer</th><th>Failing address</th><th>Since</th><th>Last report</th></tr></thead><tbody>
        {{/hasContacts}}{{#contacts}}<tr><td><a href="{{link}}">{{name}}</a> <small>{{id}}</small></td><td>{{address}}</td><td>{{since}}</td><td>{{detail}}</td></tr>{{/contacts}}{{#hasContacts}}
        </tbody></table></div></section>{{/hasContacts}}
        <p>{{count}} customer(s){{#hasPages}}, page {{page}} of {{pages}}{{/hasPages}}.</p>
        <div class="scroll"><table><thead><tr><th>#</th><th>Customer</th><th class="num">Overdue</th><th>Oldest</th><th>Segment</th><th>Owner</th><th>Why here</th></tr></thead><tbody>
        {{#entries}}<tr><td>{{rank}}</td><td><a href="{{link}}">{{name}}</a> <small>{{id}}</small>{{#key}} <span class="tag">key account</span>{{/key}}</td><td class="num">{{overdue}}</td><td>{{oldest}}</td><td>{{segment}}</td><td>{{owner}}</td><td>{{reason}}</td></tr>{{/entries}}
        </tbody></table></div>
        <p>{{#previous}}<a href="{{previous}}">Previous</a> {{/previous}}{{#next}}<a href="{{next}}">Next</a>{{/next}}</p>
        </main></body></html>
        """

    static let customer = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>{{name}} <small>{{id}}</small>{{#key}} <span class="tag">key account</span>{{/key}}{{#onHold}} <span class="tag warn">on hold</span>{{/onHold}}</h1>
        <section class="cards">
        <div class="card"><h2>Contact</h2><p>{{email}}</p><p>{{phone}}</p><p>Owner: {{owner}}</p></div>
        <div class="card"><h2>Terms</h2><p>{{terms}}</p><p>Credit limit: {{creditLimit}}</p></div>
        {{#balances}}<div class="card"><h2>{{currency}}</h2><p class="big">{{open}}</p><p>{{overdue}} overdue</p></div>{{/balances}}
        <div class="card"><h2>Segment: {{segment}}</h2><p>{{segmentReason}}</p></div>
        </section>
        <h2>Invoices</h2>
        <p>{{invoiceCount}} invoice(s){{#invoicesTruncated}}, the newest {{shown}} shown{{/invoicesTruncated}}.</p>
        <div class="scroll"><table><thead><tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="num">Amount</th><th class="num">Open</th><th>Status</th></tr></thead><tbody>
        {{#invoices}}<tr><td><a href="{{link}}">{{number}}</a></td><td>{{issued}}</td><td>{{due}}</td><td class="num">{{amount}}</td><td class="num">{{open}}</td><td>{{status}}{{#disputed}} <span class="tag warn">disputed</span>{{/disputed}}</td></tr>{{/invoices}}
        </tbody></table></div>
        {{#canCollect}}
        <h2>Act</h2>
        <div class="forms">
        <form method="post" action="{{self}}/note"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Add a note</h3>
        <label>Note <textarea name="text" required maxlength="4000" rows="3"></textarea></label><button type="submit">Add note</button></form>
        <form method="post" action="{{self}}/promise"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Record a promise to pay</h3>
        <label>Invoice <select name="invoice">{{#openInvoices}}<option>{{.}}</option>{{/openInvoices}}</select></label>
        <label>Pay by <input type="date" name="date" required></label>
        <label>Amount (blank: in full) <input type="text" name="amount" inputmode="decimal"></label><button type="submit">Record promise</button></form>
        <form method="post" action="{{self}}/dispute"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Open a dispute</h3>
        <label>Invoice <select name="invoice">{{#openInvoices}}<option>{{.}}</option>{{/openInvoices}}</select></label>
        <label>Type <select name="type">{{#disputeTypes}}<option>{{.}}</option>{{/disputeTypes}}</select></label>
        <label>Note <input type="text" name="note" maxlength="2000"></label><button type="submit">Open dispute</button></form>
        {{#canHold}}
        <form method="post" action="{{self}}/{{holdAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><h3>{{holdTitle}}</h3>
        <label>{{holdLabel}} <input type="text" name="reason" required maxlength="2000"></label><button type="submit">{{holdTitle}}</button></form>
        {{/canHold}}
        <form method="post" action="{{self}}/revoke-portal"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Withdraw portal links</h3>
        <p><small>Links in the messages sent so far stop opening the portal (a forwarded or leaked message); later messages carry new ones.</small></p>
        <button type="submit">Withdraw the links</button></form>
        </div>
        {{/canCollect}}
        {{#hasAttachments}}<h2>Files the customer sent</h2>
        <table id="attachments"><tr><th>Received</th><th>Invoice</th><th>File</th><th class="num">Size</th></tr>
        {{#attachments}}<tr><td>{{at}}</td><td>{{invoice}}</td><td><a href="{{link}}">{{filename}}</a> <small>{{type}}</small></td><td class="num">{{size}}</td></tr>{{/attachments}}
        </table>{{/hasAttachments}}
        <h2>Timeline</h2>
        <ol class="timeline">
        {{#events}}<li class="{{kind}}"><time>{{at}}</time> <strong>{{title}}</strong>{{#invoiceLink}} <a href="{{invoiceLink}}">{{invoice}}</a>{{/invoiceLink}}<br><span>{{detail}}</span></li>{{/events}}
        </ol>
        </main></body></html>
        """

    static let invoices = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Invoices</h1>
        <form method="get" action="/invoices" class="filters">
        <label>Status <select name="status"><option value="">all</option>{{#statuses}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/statuses}}</select></label>
        <label>After invoice number <input type="text" name="after" value="{{after}}"></label>
        <button type="submit">Show</button></form>
        <div class="scroll"><table><thead><tr><th>Invoice</th><th>Customer</th><th>Issued</th><th>Due</th><th class="num">Amount</th><th class="num">Open</th><th>Status</th></tr></thead><tbody>
        {{#invoices}}<tr><td><a href="{{link}}">{{number}}</a></td><td><a href="{{customerLink}}">{{customer}}</a></td><td>{{issued}}</td><td>{{due}}</td><td class="num">{{amount}}</td><td class="num">{{open}}</td><td>{{status}}</td></tr>{{/invoices}}
        </tbody></table></div>
        {{^invoices}}<p>No invoices.</p>{{/invoices}}
        <p>{{#next}}<a href="{{next}}">Next page</a>{{/next}}</p>
        </main></body></html>
        """

    static let invoice = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Invoice {{number}}</h1>
        <p>Customer <a href="{{customerLink}}">{{customer}}</a></p>
        <table class="narrow"><tbody>
        <tr><th>Issued</th><td>{{issued}}</td></tr><tr><th>Due</th><td>{{due}}</td></tr><tr><th>Amount</th><td class="num">{{amount}}</td></tr>
        <tr><th>Open</th><td class="num" id="open-amount">{{open}}</td></tr><tr><th>Status</th><td>{{status}}{{#disputed}} (disputed){{/disputed}}</td></tr>
        <tr><th>PO</th><td>{{po}}</td></tr><tr><th>Paid</th><td>{{paid}}</td></tr>
        </tbody></table>
        <h2>Payments</h2>
        {{^payments}}<p>No payment is applied to this invoice.</p>{{/payments}}
        {{#hasPayments}}<div class="scroll"><table><thead><tr><th>Allocation</th><th>Value date</th><th>Payer</th><th class="num">Amount</th><th>By</th><th>Why</th><th></th></tr></thead><tbody>
        {{#payments}}<tr><td>{{id}}{{#reverses}} (reverses {{reverses}}){{/reverses}}</td><td>{{date}}</td><td>{{payer}}</td><td class="num">{{amount}}</td><td>{{by}}</td><td>{{reason}}</td>
        <td>{{#canReverse}}<form method="post" action="/cash/allocations/{{id}}/reverse"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="{{back}}">
        <input type="text" name="reason" placeholder="why" required maxlength="500"><button type="submit">Reverse</button></form>{{/canReverse}}</td></tr>{{/payments}}
        </tbody></table></div>{{/hasPayments}}
        <h2>History</h2>
        <ol class="timeline">{{#audit}}<li><time>{{at}}</time> <strong>{{action}}</strong> by {{actor}}<br><span>{{details}}</span></li>{{/audit}}</ol>
        </main></body></html>
        """

    static let cash = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Cash application</h1>
        <p>{{reviewCount}} payment(s) wait for review, {{unmatchedCount}} are unmatched. Unapplied: {{#unapplied}}{{.}} {{/unapplied}}{{^unapplied}}none{{/unapplied}}.</p>
        <h2>Review queue</h2>
        {{^review}}<p>Nothing waits for review.</p>{{/review}}
        {{#review}}<article class="line" id="line-{{id}}">
        <h3>Bank line {{id}}: {{amount}} on {{date}}</h3>
        <p>From {{payer}}{{#account}} (account {{account}}){{/account}}. Remittance: <q>{{remittance}}</q></p>
        <p><small>{{summary}}</small></p>
        <ol>{{#suggestions}}<li><strong>{{confidence}}%</strong> {{allocations}}<ul>{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>
        {{#stale}}<p class="error">{{stale}}</p>{{/stale}}
        {{#applies}}{{#canDecide}}<form method="post" action="/cash/{{lineID}}/accept" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="suggestion" value="{{rank}}"><button type="submit">Accept suggestion {{rank}}</button></form>{{/canDecide}}{{/applies}}</li>{{/suggestions}}</ol>
        {{#canDecide}}{{> cash-decide}}{{/canDecide}}
        </article>{{/review}}
        <p>{{#next}}<a href="{{next}}">More</a>{{/next}}</p>
        <h2>Unmatched</h2>
        {{^unmatched}}<p>No unmatched payment.</p>{{/unmatched}}
        {{#unmatched}}<article class="line" id="line-{{id}}"><h3>Bank line {{id}}: {{amount}} on {{date}}</h3>
        <p>From {{payer}}. Remittance: <q>{{remittance}}</q></p><p><small>{{summary}}</small></p>
        {{#canDecide}}{{> cash-decide}}{{/canDecide}}</article>{{/unmatched}}
        </main><script src="/static/workbench.js"></script></body></html>
        """

    /// Split by hand (amounts checked in the browser before submitting, and again on the server)
    /// and reject as not customer cash.
    static let cashDecide = """
        <details><summary>Split by hand or reject</summary>
        <form method="post" action="/cash/{{id}}/split" data-split-limit="{{unappliedMinor}}" data-split-decimals="{{decimals}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p>Apply up to {{unapplied}}:</p>
        {{#splitRows}}<label class="pair">Invoice <input type="text" name="invoice{{.}}"> amount <input type="text" name="amount{{.}}" inputmode="decimal"></label>{{/splitRows}}
        <label>Note <input type="text" name="note" maxlength="500"></label>
        <p class="split-error error" hidden></p>
        <button type="submit">Apply split</button></form>
        <form method="post" action="/cash/{{id}}/reject"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>Why it is not customer cash <input type="text" name="note" required maxlength="500"></label><button type="submit">Reject</button></form>
        </details>
        """

    static let audit = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Audit log</h1>
        <form method="get" action="/audit" class="filters">
        <label>Entity <select name="entity"><option value="">any</option>{{#entities}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/entities}}</select></label>
        <label>Id <input type="text" name="entity_id" value="{{entityID}}"></label>
        <label>By <input type="text" name="actor" value="{{actor}}"></label>
        <button type="submit">Filter</button></form>
        <div class="scroll"><table><thead><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Action</th><th>Details</th></tr></thead><tbody>
        {{#entries}}<tr><td>{{id}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{entity}} {{entityID}}</td><td>{{action}}</td><td>{{details}}</td></tr>{{/entries}}
        </tbody></table></div>
        {{^entries}}<p>No entries.</p>{{/entries}}
        <p>{{#next}}<a href="{{next}}">Older</a>{{/next}}</p>
        </main></body></html>
        """

    static let policy = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Dunning policy</h1>
        {{#errorLine}}<p>The error is at <a href="#line-{{errorLine}}">line {{errorLine}}</a>:</p>{{/errorLine}}
        {{#canEdit}}
        <form method="post" action="/policy/preview"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>The policy file (TOML; every key is described in the README) <textarea name="policy" rows="24" spellcheck="false" class="code">{{policy}}</textarea></label>
        <button type="submit">Check and preview</button>
        <button type="submit" formaction="/policy/activate">Activate</button>
        </form>
        {{/canEdit}}
        <details{{#errorLine}} open{{/errorLine}}><summary>The file with line numbers</summary>
        <ol class="code">{{#lines}}<li id="line-{{number}}"{{#wrong}} class="wrong" aria-invalid="true"{{/wrong}}><code>{{text}}</code></li>{{/lines}}</ol></details>
        {{#preview}}
        <h2>Preview: today's cycle under version {{version}}</h2>
        <p>{{count}} action(s) for {{customers}} customer(s) (the first {{shown}} below), {{proposed}} waiting for approval; under the active policy today's cycle plans {{currentCount}}. Nothing is stored until you activate.</p>
        <table class="narrow"><tbody>{{#kinds}}<tr><td>{{kind}}</td><td class="num">{{count}}</td></tr>{{/kinds}}</tbody></table>
        {{#hasSkips}}<h3>Most common reasons nothing was planned</h3>{{/hasSkips}}
        <table class="narrow"><tbody>{{#skips}}<tr><td>{{reason}}</td><td class="num">{{count}}</td></tr>{{/skips}}</tbody></table>
        <div class="scroll"><table><thead><tr><th>Customer</th><th>Step</th><th>Action</th><th>Invoices</th><th class="num">Amount</th><th>Status</th><th>Why</th></tr></thead><tbody>
        {{#actions}}<tr><td>{{customer}}</td><td>{{step}}</td><td>{{kind}} by {{channel}}</td><td>{{invoices}}</td><td class="num">{{amount}}</td><td>{{status}}</td><td>{{reason}}</td></tr>{{/actions}}
        </tbody></table></div>
        {{/preview}}
        </main></body></html>
        """

    static let imports = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Imports</h1>
        {{#result}}<section class="{{#ok}}notice{{/ok}}{{^ok}}error{{/ok}}" role="{{#ok}}status{{/ok}}{{^ok}}alert{{/ok}}"><ul class="problems">{{#lines}}<li>{{.}}</li>{{/lines}}</ul></section>{{/result}}
        {{#canImport}}
        <form method="post" action="/imports" enctype="multipart/form-data"><input type="hidden" name="csrf" value="{{csrf}}">
        <label>The file holds <select name="kind">{{#kinds}}<option>{{.}}</option>{{/kinds}}</select></label>
        <label>File (CSV in the layouts the README describes, or a bank statement in any format ARAgent reads; at most {{maximum}}) <input type="file" name="file" required></label>
        <button type="submit">Import</button>
        </form>
        <p>An import is all or nothing: a file with a bad row changes nothing, and every problem is listed with its row and field.</p>
        {{/canImport}}
        <h2>Recent imports</h2>
        <ol class="timeline">{{#recent}}<li><time>{{at}}</time> <strong>{{action}}</strong> by {{actor}}<br><span>{{details}}</span></li>{{/recent}}</ol>
        {{^recent}}<p>No import yet.</p>{{/recent}}
        </main></body></html>
        """

    static let action = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>{{kind}} by {{channel}} <small>{{id}}</small></h1>
        <p>For <a href="{{customerLink}}">{{customer}}</a>: {{amount}} on {{#invoices}}<a href="{{link}}">{{number}}</a> {{/invoices}}— step {{step}}, template {{template}}, status {{status}}.</p>
        <p>Why: {{reason}}</p>
        {{#decided}}<p>{{decided}}</p>{{/decided}}
        {{#preview}}
        <h2>The message</h2>
        {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
        {{#subject}}<p><strong>Subject:</strong> {{subject}}</p>
        <h3>Plain text</h3><pre class="code message-text">{{text}}</pre>
        <h3>HTML</h3><iframe class="message-html" sandbox title="The HTML part" srcdoc="{{html}}" style="width:100%;height:28rem;border:1px solid #dde;background:#fff"></iframe>{{/subject}}
        {{/preview}}
        {{#canDecide}}
        <div class="forms">
        <form method="post" action="/approvals/{{encodedID}}/edit"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Change before approving</h3>
        <label>Tone <select name="tone">{{#tones}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/tones}}</select></label>
        <label>Template <input type="text" name="template" value="{{template}}"></label><button type="submit">Save</button></form>
        <form method="post" action="/approvals/{{encodedID}}/approve"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Decide</h3>
        <label>Note (optional) <input type="text" name="note" maxlength="500"></label><button type="submit">Approve</button>
        <button type="submit" formaction="/approvals/{{encodedID}}/reject">Reject</button></form>
        </div>
        {{/canDecide}}
        </main></body></html>
        """

    static let settings = """
        {{> layout-head}}
        {{> layout-header}}
        <main>
        <h1>Settings</h1>
        {{#token}}<section class="notice" role="status"><p>API token <strong>{{name}}</strong> created. Copy it now: it is shown only this once.</p>
        <p><code class="token">{{value}}</code></p><p>Requests carry it as <code>Authorization: Bearer …</code>.</p></section>{{/token}}
        <h2>Company identity and links</h2>
        <p>From the server's configuration (flags, environment, or the config file; see the README), read at start.</p>
        <table class="narrow"><tbody>{{#identity}}<tr><th>{{name}}</th><td>{{value}}</td></tr>{{/identity}}</tbody></table>
        <h2>People</h2>
        <div class="scroll"><table><thead><tr><th>Name</th><th>Role</th><th>State</th><th></th></tr></thead><tbody>
        {{#users}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{#disabled}}disabled{{/disabled}}{{^disabled}}active{{/disabled}}</td>
        <td>{{^disabled}}{{^isSelf}}<form class="inline" method="post" action="/settings/users/{{encoded}}/disable"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Disable</button></form>{{/isSelf}}{{/disabled}}</td></tr>{{/users}}
        </tbody></table></div>
        <div class="forms">
        <form method="post" action="/settings/users"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Add a person</h3>
        <label>Name <input type="text" name="name" required maxlength="64" autocomplete="off"></label>
        <label>Role <select name="role">{{#roles}}<option>{{.}}</option>{{/roles}}</select></label>
        <label>Password (at least 8 characters) <input type="password" name="password" required minlength="8" autocomplete="new-password"></label>
        <button type="submit">Add</button></form>
        <form method="post" action="/settings/tokens"><input type="hidden" name="csrf" value="{{csrf}}"><h3>Create an API token</h3>
        <label>Name (what uses it) <input type="text" name="name" required maxlength="64"></label>
        <label>Role <select name="role">{{#roles}}<option>{{.}}</option>{{/roles}}</select></label>
        <button type="submit">Create</button></form>
        </div>
        </main></body></html>
        """

    /// The one script: checks a split's amounts before it is sent (the server checks them again).
    /// Amounts are compared in minor units parsed from the text, never as floating point.
    static let script = """
        "use strict";
        function minorUnits(text, decimals) {
          var t = text.trim().replace(/,/g, "");
          if (!/^\\d+(\\.\\d+)?$/.test(t)) return null;
          var parts = t.split(".");
          var frac = (parts[1] || "");
          if (frac.length > decimals) return null;
          while (frac.length < decimals) frac += "0";
          return BigInt(parts[0] + frac);
        }
        document.querySelectorAll("form[data-split-limit]").forEach(function (form) {
          form.addEventListener("submit", function (event) {
            var limit = BigInt(form.dataset.splitLimit), decimals = Number(form.dataset.splitDecimals);
            var total = 0n, problem = null, any = false;
            form.querySelectorAll("input[name^=amount]").forEach(function (input) {
              if (!input.value.trim()) return;
              any = true;
              var units = minorUnits(input.value, decimals);
              if (units === null || units <= 0n) { problem = "'" + input.value + "' is not a positive amount"; return; }
              total += units;
            });
            if (!problem && !any) problem = "enter at least one invoice and amount";
            if (!problem && total > limit) problem = "the amounts add up to more than the payment's unapplied amount";
            var box = form.querySelector(".split-error");
            if (problem) { event.preventDefault(); box.textContent = problem; box.hidden = false; }
          });
        });
        """
}
