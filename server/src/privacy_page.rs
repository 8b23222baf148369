//! The readable copy of a customer's data export (CUST-6): one HTML page,
//! every value escaped, to hand to the customer or print to PDF.

use std::fmt::Write;

use fiido_protocol::privacy::CustomerExport;
use html_escape::encode_text as esc;

/// A Unix-ms time as UTC, e.g. "2030-03-05 09:30 UTC".
fn when(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

/// The export as a self-contained HTML document.
pub fn render(export: &CustomerExport) -> String {
    let c = &export.customer;
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Your data at {store}</title>\
         <style>body{{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#1f2937}}\
         h1{{font-size:1.5rem}}h2{{margin-top:2rem;border-bottom:1px solid #e5e7eb}}\
         table{{border-collapse:collapse}}td,th{{padding:.2rem .8rem .2rem 0;text-align:left;vertical-align:top}}\
         .msg{{margin:.4rem 0}}.who{{color:#6b7280;font-size:.85rem}}</style></head><body>\
         <h1>Everything we keep about you</h1><p>Exported {at}.</p>",
        store = esc(&c.store_id),
        at = when(export.exported_at),
    );
    html.push_str("<h2>Profile</h2><table>");
    let rows = [
        ("Name", Some(c.nickname.clone())),
        ("E-mail", c.email.clone()),
        ("Country", c.country.clone()),
        ("City", c.city.clone()),
        ("Time zone", c.timezone.clone()),
        ("Language", c.language.clone()),
        ("Device", c.device.clone()),
        ("Customer since", Some(when(c.created_at))),
    ];
    for (label, value) in rows {
        if let Some(value) = value {
            let _ = write!(html, "<tr><th>{label}</th><td>{}</td></tr>", esc(&value));
        }
    }
    for a in &export.addresses {
        let _ = write!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(&a.channel),
            esc(&a.address)
        );
    }
    html.push_str("</table>");

    let _ = write!(
        html,
        "<h2>Conversations ({})</h2>",
        export.conversations.len()
    );
    for conv in &export.conversations {
        let _ = write!(
            html,
            "<h3>{} · {}</h3>",
            when(conv.conversation.created_at),
            esc(&crate::db::codec::enum_to_text(&conv.conversation.channel))
        );
        for m in &conv.messages {
            let _ = write!(
                html,
                "<div class=\"msg\"><div class=\"who\">{} · {}</div><div>{}</div></div>",
                esc(&m.author_name),
                when(m.created_at),
                esc(&m.body).replace('\n', "<br>")
            );
        }
    }

    let _ = write!(html, "<h2>Orders ({})</h2><table>", export.orders.len());
    for o in &export.orders {
        let items: Vec<String> = o
            .items
            .iter()
            .map(|i| format!("{} × {}", i.quantity, i.name))
            .collect();
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.number),
            when(o.created_at),
            esc(&crate::db::codec::enum_to_text(&o.status)),
            esc(&items.join(", ")),
            esc(&o.shipping_address)
        );
    }
    html.push_str("</table>");

    let _ = write!(html, "<h2>Tickets ({})</h2><table>", export.tickets.len());
    for t in &export.tickets {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.number),
            esc(&t.title),
            esc(&t.description)
        );
    }
    html.push_str("</table>");

    let _ = write!(html, "<h2>Ratings ({})</h2><table>", export.ratings.len());
    for r in &export.ratings {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{} / 5</td><td>{}</td></tr>",
            when(r.at),
            r.score,
            esc(r.comment.as_deref().unwrap_or(""))
        );
    }
    html.push_str("</table></body></html>");
    html
}
