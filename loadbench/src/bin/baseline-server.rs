//! `baseline-server`: the least a server must do to fan customer messages out
//! to agent sockets, so `loadbench --baseline` can say how far fiido-server is
//! from it. No persistence, no auth, no per-socket filtering: a POST is turned
//! into one JSON frame, serialised once and sent to every socket through a
//! `tokio::sync::broadcast`. It uses the same HTTP and WebSocket stack as
//! fiido-server (axum over hyper and tokio-tungstenite, `axum::serve` with its
//! defaults), so the ratio measures fiido's own work, not the stack.

use std::net::SocketAddr;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Parser;
use serde::Deserialize;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

/// Frames a slow socket may fall behind before it loses some; large, so the
/// baseline drops nothing at the bench's rates.
const CAPACITY: usize = 1 << 16;

/// Command-line options.
#[derive(Debug, Parser)]
#[command(name = "baseline-server", about)]
struct Args {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Read buffer of each agent socket in bytes (axum's default is 128 KiB,
    /// which tungstenite zero-fills before every read attempt); to measure
    /// what a smaller one would save fiido-server.
    #[arg(long)]
    read_buffer: Option<usize>,
}

/// What every handler shares.
#[derive(Clone)]
struct Shared {
    frames: broadcast::Sender<Utf8Bytes>,
    read_buffer: Option<usize>,
}

/// The part of fiido's widget send request the baseline reads.
#[derive(Debug, Deserialize)]
struct SendRequest {
    body: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let shared = Shared {
        frames: broadcast::channel(CAPACITY).0,
        read_buffer: args.read_buffer,
    };
    // The same paths as fiido-server, so the bench drives both alike.
    let app = Router::new()
        .route("/api/v1/ws", get(socket))
        .route("/api/v1/widget/messages", post(send))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// An agent socket: subscribed before the upgrade completes, so it misses
/// nothing sent after `caught_up`.
async fn socket(State(shared): State<Shared>, mut upgrade: WebSocketUpgrade) -> Response {
    if let Some(size) = shared.read_buffer {
        upgrade = upgrade.read_buffer_size(size);
    }
    let live = shared.frames.subscribe();
    upgrade.on_upgrade(move |socket| follow(socket, live))
}

/// Sends `caught_up` (what the bench waits for), then every frame.
async fn follow(mut socket: WebSocket, mut live: broadcast::Receiver<Utf8Bytes>) {
    let caught_up = Message::Text(r#"{"type":"caught_up","head":0}"#.into());
    if socket.send(caught_up).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            frame = live.recv() => match frame {
                Ok(text) => {
                    if socket.send(Message::Text(text)).await.is_err() {
                        return;
                    }
                }
                // The bench counts what a socket did not get.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

/// A customer's message, framed like fiido's `message_upserted` event.
async fn send(State(shared): State<Shared>, Json(request): Json<SendRequest>) -> StatusCode {
    let frame = serde_json::json!({
        "type": "event",
        "prev": 0,
        "event": {"data": {"kind": "message_upserted", "message": {"body": request.body}}},
    });
    // No socket connected is not an error.
    let _ = shared.frames.send(frame.to_string().into());
    StatusCode::CREATED
}
