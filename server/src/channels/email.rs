//! The e-mail channel (PLAT-5): an SMTP listener takes mail addressed to a
//! store's domain into conversations, threading replies by Message-ID,
//! In-Reply-To and References; agents' replies leave through an SMTP relay
//! with the thread's headers. The SMTP dialogue is the `mailin` state
//! machine, the mail is read with `mail-parser` and written with `lettre`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use fiido_protocol::limits::MESSAGE_MAX_CHARS;
use fiido_protocol::model::{
    Conversation, ConversationChannel, Customer, CustomerSource, Message, Store,
};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use mail_parser::MessageParser;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use super::{customer_for, receive, Sender};
use crate::app::AppState;
use crate::db;
use crate::error::{AppError, AppResult};

/// The largest mail taken (headers and attachments included).
const MAX_MAIL_BYTES: usize = 10 * 1024 * 1024;
/// The longest SMTP command line read before the client is cut off.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Listens for mail on `listener` until shutdown.
pub async fn listen(state: AppState, listener: TcpListener) {
    let mut shutdown = state.shutdown.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((socket, peer)) => {
                    tokio::spawn(session(state.clone(), socket, peer));
                }
                Err(error) => tracing::warn!(%error, "accepting an SMTP connection"),
            },
            _ = shutdown.changed() => return,
        }
    }
}

/// One mail in the making, shared between the SMTP state machine (sync
/// callbacks) and the connection's task, which stores it before answering.
#[derive(Default)]
struct Envelope {
    recipients: Vec<String>,
    data: Vec<u8>,
    too_big: bool,
    finished: Option<(Vec<String>, Vec<u8>)>,
}

struct Handler {
    /// Store ids by their mail domain, read when the connection opened.
    domains: Arc<HashMap<String, String>>,
    mail: Arc<Mutex<Envelope>>,
}

impl mailin::Handler for Handler {
    fn rcpt(&mut self, to: &str) -> mailin::Response {
        let domain = to
            .rsplit('@')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !self.domains.contains_key(&domain) {
            return mailin::response::NO_MAILBOX;
        }
        lock(&self.mail).recipients.push(to.to_ascii_lowercase());
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let mut mail = lock(&self.mail);
        if mail.data.len() + buf.len() > MAX_MAIL_BYTES {
            mail.too_big = true;
        } else {
            mail.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> mailin::Response {
        let mut mail = lock(&self.mail);
        if std::mem::take(&mut mail.too_big) {
            mail.data.clear();
            mail.recipients.clear();
            return mailin::response::NO_STORAGE;
        }
        let recipients = std::mem::take(&mut mail.recipients);
        let data = std::mem::take(&mut mail.data);
        mail.finished = Some((recipients, data));
        mailin::response::OK
    }
}

fn lock(mail: &Mutex<Envelope>) -> std::sync::MutexGuard<'_, Envelope> {
    mail.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The stores by mail domain: mail to anything@fiido.de reaches fiido.de.
async fn store_domains(state: &AppState) -> AppResult<HashMap<String, String>> {
    let stores = db::stores::visible(state.db.pool(), &db::Scope::everyone()).await?;
    Ok(stores
        .into_iter()
        .map(|s| (s.domain.to_ascii_lowercase(), s.id))
        .collect())
}

async fn session(state: AppState, socket: TcpStream, peer: SocketAddr) {
    if let Err(error) = converse(&state, socket, peer).await {
        tracing::debug!(%error, %peer, "SMTP session ended");
    }
}

async fn converse(state: &AppState, socket: TcpStream, peer: SocketAddr) -> anyhow::Result<()> {
    let mut stream = BufReader::new(socket);
    let domains = match store_domains(state).await {
        Ok(d) => Arc::new(d),
        Err(error) => {
            tracing::warn!(%error, "SMTP: reading the stores");
            write(&mut stream, &mailin::response::NO_SERVICE).await?;
            return Ok(());
        }
    };
    let mail = Arc::new(Mutex::new(Envelope::default()));
    let handler = Handler {
        domains: domains.clone(),
        mail: mail.clone(),
    };
    let mut smtp = mailin::SessionBuilder::new("fiido-desk").build(peer.ip(), handler);
    write(&mut stream, &smtp.greeting()).await?;
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        let read = (&mut stream)
            .take(MAX_LINE_BYTES as u64)
            .read_until(b'\n', &mut line)
            .await?;
        if read == 0 {
            return Ok(());
        }
        let mut response = smtp.process(&line);
        let finished = lock(&mail).finished.take();
        if let Some((recipients, data)) = finished {
            // The mail is stored before the client hears 250: a failure
            // answers 451 and the sending server tries again later.
            if let Err(error) = ingest(state, &domains, &recipients, &data).await {
                tracing::warn!(%error, "SMTP: storing a mail");
                response = mailin::response::INTERNAL_ERROR;
            }
        }
        write(&mut stream, &response).await?;
        if matches!(response.action, mailin::Action::Close) {
            return Ok(());
        }
    }
}

async fn write(
    stream: &mut BufReader<TcpStream>,
    response: &mailin::Response,
) -> anyhow::Result<()> {
    if matches!(response.action, mailin::Action::NoReply) {
        return Ok(());
    }
    let bytes = response.buffer()?;
    stream.get_mut().write_all(&bytes).await?;
    stream.get_mut().flush().await?;
    Ok(())
}

/// A Message-ID without its angle brackets, lower-cased for matching.
fn bare_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_ascii_lowercase()
}

/// The customer's own words: the text part without the quoted history
/// (">" lines and everything after "On … wrote:" or "-----Original Message-----").
fn own_words(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if (t.starts_with("On ") && t.ends_with("wrote:"))
            || t.starts_with("-----Original Message-----")
            || (t.starts_with("Am ") && t.ends_with("schrieb:"))
            || (t.starts_with("Le ") && t.ends_with("a écrit :"))
        {
            break;
        }
        if !t.starts_with('>') {
            kept.push(line.trim_end());
        }
    }
    let text = kept.join("\n").trim().to_owned();
    if text.chars().count() > MESSAGE_MAX_CHARS {
        let mut cut: String = text.chars().take(MESSAGE_MAX_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

/// Stores one received mail: the sender becomes (or is) a customer of the
/// store the mail was addressed to; a reply to a known Message-ID continues
/// that conversation, anything else opens a new one.
async fn ingest(
    state: &AppState,
    domains: &HashMap<String, String>,
    recipients: &[String],
    raw: &[u8],
) -> AppResult<()> {
    let Some(parsed) = MessageParser::default().parse(raw) else {
        tracing::info!("SMTP: a mail that is not a message was dropped");
        return Ok(());
    };
    let Some(store_id) = recipients
        .iter()
        .filter_map(|r| domains.get(r.rsplit('@').next().unwrap_or_default()))
        .next()
    else {
        return Ok(());
    };
    let Some(from) = parsed.from().and_then(|a| a.first()) else {
        tracing::info!("SMTP: a mail without a sender was dropped");
        return Ok(());
    };
    let Some(address) = from.address().map(str::to_ascii_lowercase) else {
        return Ok(());
    };
    if fiido_protocol::validate::email(&address).is_err() {
        tracing::info!("SMTP: a mail from an unusable address was dropped");
        return Ok(());
    }
    let name = from
        .name()
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 64)
        .unwrap_or_else(|| address.split('@').next().unwrap_or("customer"))
        .to_owned();
    let message_id = parsed.message_id().map(bare_id).unwrap_or_else(|| {
        format!(
            "{}@fiido-desk.invalid",
            hex::encode(&Sha256::digest(raw)[..12])
        )
    });
    let mut thread_ids: Vec<String> = Vec::new();
    for header in [parsed.in_reply_to(), parsed.references()] {
        for id in header.as_text_list().unwrap_or_default().iter().rev() {
            thread_ids.push(bare_id(id));
        }
    }
    let subject = parsed.subject().unwrap_or_default().trim().to_owned();
    let words = own_words(parsed.body_text(0).as_deref().unwrap_or_default());
    // The mail's id makes a second delivery of it land once.
    let external_id = format!(
        "mail-{}",
        hex::encode(&Sha256::digest(message_id.as_bytes())[..16])
    );

    let mut w = state.db.begin_write().await?;
    let sender = Sender {
        channel_key: "email",
        address: &address,
        name: &name,
        email: Some(&address),
        language: None,
        source: CustomerSource::Email,
    };
    let customer = customer_for(&mut w, store_id, &sender).await?;
    let thread = match db::channels::thread_of(w.conn(), &thread_ids).await? {
        Some(id) => db::conversations::by_id_in(w.conn(), &id)
            .await?
            .filter(|c| c.customer_id == customer.id),
        None => None,
    };
    let text = match (&thread, words.is_empty()) {
        (Some(_), false) => words,
        (None, false) if !subject.is_empty() => format!("{subject}\n\n{words}"),
        (_, false) => words,
        (_, true) if !subject.is_empty() => subject.clone(),
        (_, true) => "(an e-mail without text)".to_owned(),
    };
    let message = receive(
        &mut w,
        &customer,
        thread,
        ConversationChannel::Email,
        &external_id,
        text,
    )
    .await?;
    let thread_subject =
        match db::channels::email_thread(state.db.pool(), &message.conversation_id).await? {
            Some(t) => t.subject,
            None if subject.is_empty() => "Your message".to_owned(),
            None => subject,
        };
    db::channels::remember_email(
        w.conn(),
        &message.conversation_id,
        &message_id,
        &thread_subject,
    )
    .await?;
    w.commit().await?;
    Ok(())
}

/// Sends an agent's reply as a mail in its thread; records the reply's
/// Message-ID so the customer's answer threads back.
pub async fn send_reply(
    state: &AppState,
    relay: &str,
    message: &Message,
    conversation: &Conversation,
    customer: &Customer,
    store: &Store,
) -> AppResult<()> {
    let to = customer
        .email
        .clone()
        .ok_or_else(|| AppError::Upstream("the e-mail customer has no address".into()))?;
    let thread = db::channels::email_thread(state.db.pool(), &conversation.id).await?;
    let subject = thread
        .as_ref()
        .map(|t| t.subject.as_str())
        .unwrap_or("Your message");
    let subject = if subject.to_ascii_lowercase().starts_with("re:") {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    };
    let own_id = format!("{}@{}", message.id, store.domain);
    let mut builder = lettre::Message::builder()
        .from(
            format!("{} <support@{}>", store.name, store.domain)
                .parse()
                .map_err(|e| AppError::Upstream(format!("the store's address: {e}")))?,
        )
        .to(to
            .parse()
            .map_err(|e| AppError::Upstream(format!("the customer's address: {e}")))?)
        .subject(subject.clone())
        .message_id(Some(format!("<{own_id}>")));
    if let Some(thread) = &thread {
        builder = builder
            .in_reply_to(format!("<{}>", thread.last_message_id))
            .references(
                thread
                    .references
                    .iter()
                    .map(|id| format!("<{id}>"))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
    }
    let mail = builder
        .header(ContentType::TEXT_PLAIN)
        .body(message.body.clone())
        .map_err(|e| AppError::Upstream(format!("building the mail: {e}")))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(relay)
        .map_err(|e| AppError::Upstream(format!("the SMTP relay URL: {e}")))?
        .build();
    transport
        .send(mail)
        .await
        .map_err(|e| AppError::Upstream(format!("the SMTP relay refused the mail: {e}")))?;
    let mut w = state.db.begin_write().await?;
    let thread_subject = thread
        .map(|t| t.subject)
        .unwrap_or_else(|| "Your message".to_owned());
    db::channels::remember_email(
        w.conn(),
        &conversation.id,
        &own_id.to_ascii_lowercase(),
        &thread_subject,
    )
    .await?;
    w.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_history_is_left_out() {
        let text = "Yes, that works.\r\n\r\nOn Tue, 3 Mar 2030, Fiido wrote:\r\n> Shall we send a new battery?\r\n";
        assert_eq!(own_words(text), "Yes, that works.");
        assert_eq!(own_words("> only a quote"), "");
        assert_eq!(own_words("Hallo\nAm Montag schrieb:\nalt"), "Hallo");
    }

    #[test]
    fn message_ids_match_without_brackets_or_case() {
        assert_eq!(bare_id(" <ABC@Fiido.de> "), "abc@fiido.de");
    }
}
