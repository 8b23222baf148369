//! The DHL, FedEx and UPS adapters against a local stand-in for the
//! carriers' APIs that serves the documented payloads in
//! `fixtures/carriers/` and checks credentials the way the carriers do.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use clap::Parser;
use fiido_protocol::tickets::{Checkpoint, ShipmentException, Tracking};
use fiido_server::carriers::dhl::{Dhl, DhlConfig};
use fiido_server::carriers::fedex::{FedEx, FedExConfig};
use fiido_server::carriers::simulated::Simulated;
use fiido_server::carriers::ups::{Ups, UpsConfig};
use fiido_server::carriers::{Carrier, CarrierError, Carriers, ShipmentQuery};
use fiido_server::cli::Cli;
use serde_json::{json, Value};

const DHL_KEY: &str = "dhl-test-key";
const FEDEX_ID: &str = "fedex-client";
const FEDEX_SECRET: &str = "fedex-secret";
const UPS_ID: &str = "ups-client";
const UPS_SECRET: &str = "ups-secret";

/// Numbers the stand-in answers with a failure of its own.
const FAILING: &str = "5000000000";
const GARBLED: &str = "6000000000";
const REVOKED: &str = "999999999999";

/// Each tracking number the stand-in knows, with the payload it answers.
const KNOWN: &[(&str, &str)] = &[
    (
        "4481926370",
        include_str!("fixtures/carriers/dhl_in_transit.json"),
    ),
    (
        "00340434292135100124",
        include_str!("fixtures/carriers/dhl_delivered.json"),
    ),
    (
        "7350481926",
        include_str!("fixtures/carriers/dhl_customs_hold.json"),
    ),
    (
        "00340434292135100187",
        include_str!("fixtures/carriers/dhl_returned.json"),
    ),
    (
        "794843185271",
        include_str!("fixtures/carriers/fedex_in_transit.json"),
    ),
    (
        "581190049992",
        include_str!("fixtures/carriers/fedex_delivered.json"),
    ),
    (
        "771206448391",
        include_str!("fixtures/carriers/fedex_clearance_delay.json"),
    ),
    (
        "286731549080",
        include_str!("fixtures/carriers/fedex_returned.json"),
    ),
    (
        "1ZA82D670391245567",
        include_str!("fixtures/carriers/ups_in_transit.json"),
    ),
    (
        "1Z3F71W20468553902",
        include_str!("fixtures/carriers/ups_delivered.json"),
    ),
    (
        "1Z9E04V86693177245",
        include_str!("fixtures/carriers/ups_customs_hold.json"),
    ),
    (
        "1Z0Y5816A290614438",
        include_str!("fixtures/carriers/ups_returned.json"),
    ),
    (
        "1Z5629230309413682",
        include_str!("fixtures/carriers/ups_no_information.json"),
    ),
];

/// What the stand-in counts and how long its tokens live.
struct Upstream {
    fedex_tokens: AtomicUsize,
    ups_tokens: AtomicUsize,
    token_seconds: AtomicU64,
}

type Shared = State<Arc<Upstream>>;

fn payload(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_owned(),
    )
        .into_response()
}

fn known(number: &str) -> Option<Response> {
    KNOWN
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, body)| payload(StatusCode::OK, body))
}

fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

async fn dhl_track(headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    if headers.get("DHL-API-Key").and_then(|v| v.to_str().ok()) != Some(DHL_KEY) {
        let body = json!({"status": 401, "title": "Unauthorized", "detail": "Unauthorized for given resource."});
        return payload(StatusCode::UNAUTHORIZED, &body.to_string());
    }
    let number = query.get("trackingNumber").cloned().unwrap_or_default();
    if number == FAILING {
        return payload(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"status":500,"title":"Internal Server Error"}"#,
        );
    }
    if number == GARBLED {
        return payload(StatusCode::OK, "<html>Down for maintenance</html>");
    }
    known(&number).unwrap_or_else(|| {
        payload(
            StatusCode::NOT_FOUND,
            include_str!("fixtures/carriers/dhl_not_found.json"),
        )
    })
}

async fn fedex_token(State(up): Shared, Form(form): Form<HashMap<String, String>>) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str);
    let valid = field("grant_type") == Some("client_credentials")
        && field("client_id") == Some(FEDEX_ID)
        && field("client_secret") == Some(FEDEX_SECRET);
    if !valid {
        let body = json!({"transactionId": "t", "errors": [{"code": "NOT.AUTHORIZED.ERROR", "message": "The given client credentials were not valid."}]});
        return payload(StatusCode::UNAUTHORIZED, &body.to_string());
    }
    let n = up.fedex_tokens.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({
        "access_token": format!("fedex-token-{n}"),
        "token_type": "bearer",
        "expires_in": up.token_seconds.load(Ordering::SeqCst),
        "scope": "CXS",
    }))
    .into_response()
}

async fn fedex_track(State(up): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    let current = format!(
        "Bearer fedex-token-{}",
        up.fedex_tokens.load(Ordering::SeqCst)
    );
    let number = body["trackingInfo"][0]["trackingNumberInfo"]["trackingNumber"]
        .as_str()
        .unwrap_or_default();
    if bearer(&headers) != current || number == REVOKED {
        let body = json!({"errors": [{"code": "NOT.AUTHORIZED.ERROR", "message": "Access token expired."}]});
        return payload(StatusCode::UNAUTHORIZED, &body.to_string());
    }
    assert_eq!(body["includeDetailedScans"], true);
    if number == FAILING {
        return payload(
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"errors":[{"code":"SERVICE.UNAVAILABLE.ERROR"}]}"#,
        );
    }
    known(number).unwrap_or_else(|| {
        payload(
            StatusCode::OK,
            include_str!("fixtures/carriers/fedex_not_found.json"),
        )
    })
}

async fn ups_token(
    State(up): Shared,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{UPS_ID}:{UPS_SECRET}"))
    );
    let valid = bearer(&headers) == basic
        && form.get("grant_type").map(String::as_str) == Some("client_credentials");
    if !valid {
        let body =
            json!({"response": {"errors": [{"code": "10401", "message": "ClientId is Invalid"}]}});
        return payload(StatusCode::UNAUTHORIZED, &body.to_string());
    }
    let n = up.ups_tokens.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({
        "token_type": "Bearer",
        "issued_at": "1715000000000",
        "client_id": UPS_ID,
        "access_token": format!("ups-token-{n}"),
        "expires_in": up.token_seconds.load(Ordering::SeqCst).to_string(),
        "refresh_count": "0",
        "status": "approved",
    }))
    .into_response()
}

async fn ups_track(
    State(up): Shared,
    headers: HeaderMap,
    Path(number): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let current = format!("Bearer ups-token-{}", up.ups_tokens.load(Ordering::SeqCst));
    if bearer(&headers) != current {
        let body = json!({"response": {"errors": [{"code": "250002", "message": "Invalid Authentication Information."}]}});
        return payload(StatusCode::UNAUTHORIZED, &body.to_string());
    }
    let has = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| !v.is_empty())
    };
    assert!(has("transId") && has("transactionSrc"), "UPS requires both");
    assert_eq!(query.get("locale").map(String::as_str), Some("en_US"));
    if number == "1Z0000000000000500" {
        return payload(
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"response":{"errors":[{"code":"TS0001","message":"Resource is not available"}]}}"#,
        );
    }
    known(&number).unwrap_or_else(|| {
        payload(
            StatusCode::NOT_FOUND,
            include_str!("fixtures/carriers/ups_not_found.json"),
        )
    })
}

/// Starts the stand-in on a free port; it lives as long as the test's runtime.
async fn upstream() -> (String, Arc<Upstream>) {
    let up = Arc::new(Upstream {
        fedex_tokens: AtomicUsize::new(0),
        ups_tokens: AtomicUsize::new(0),
        token_seconds: AtomicU64::new(3599),
    });
    let app = Router::new()
        .route("/track/shipments", get(dhl_track))
        .route("/oauth/token", post(fedex_token))
        .route("/track/v1/trackingnumbers", post(fedex_track))
        .route("/security/v1/oauth/token", post(ups_token))
        .route("/api/track/v1/details/{number}", get(ups_track))
        .with_state(up.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, up)
}

fn dhl_at(url: &str, key: &str) -> Dhl {
    Dhl::new(DhlConfig {
        base_url: url.to_owned(),
        api_key: key.into(),
    })
}

fn fedex_at(url: &str, secret: &str) -> FedEx {
    FedEx::new(FedExConfig {
        base_url: format!("{url}/"),
        client_id: FEDEX_ID.into(),
        client_secret: secret.into(),
    })
}

fn ups_at(url: &str, secret: &str) -> Ups {
    Ups::new(UpsConfig {
        base_url: url.to_owned(),
        client_id: UPS_ID.into(),
        client_secret: secret.into(),
    })
}

fn query(carrier: &str, tracking_no: &str) -> ShipmentQuery {
    ShipmentQuery {
        carrier: carrier.into(),
        tracking_no: tracking_no.into(),
        shipped_at: 0,
        destination: String::new(),
    }
}

fn ms(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

/// The tracking the desk should show: scans as (time, place, text).
struct Expected<'a> {
    checkpoints: &'a [(&'a str, &'a str, &'a str)],
    eta: Option<&'a str>,
    delivered_at: Option<&'a str>,
    exception: Option<ShipmentException>,
    cross_border: bool,
}

impl Expected<'_> {
    fn of(&self, carrier: &str, tracking_no: &str) -> Tracking {
        Tracking {
            carrier: carrier.into(),
            tracking_no: tracking_no.into(),
            checkpoints: self
                .checkpoints
                .iter()
                .map(|(at, location, description)| Checkpoint {
                    at: ms(at),
                    location: (*location).into(),
                    description: (*description).into(),
                })
                .collect(),
            eta: self.eta.map(ms),
            delivered_at: self.delivered_at.map(ms),
            exception: self.exception,
            cross_border: self.cross_border,
        }
    }
}

async fn assert_maps(carrier: &impl Carrier, name: &str, cases: &[(&str, Expected<'_>)]) {
    for (tracking_no, expected) in cases {
        let got = carrier.track(&query(name, tracking_no), 0).await;
        assert_eq!(
            got.unwrap(),
            expected.of(name, tracking_no),
            "{name} {tracking_no}"
        );
    }
}

#[tokio::test]
async fn dhl_answers_map_to_the_desks_tracking() {
    let (url, _) = upstream().await;
    let cases = [
        (
            "4481926370",
            Expected {
                checkpoints: &[
                    ("2024-05-01T10:02:00+08:00", "SHENZHEN - CHINA", "Shipment information received"),
                    ("2024-05-01T18:30:00+08:00", "SHENZHEN - CHINA", "Shipment picked up"),
                    ("2024-05-02T09:05:00+08:00", "HONG KONG - HONG KONG SAR, CHINA", "Departed Facility in HONG KONG - HONG KONG SAR, CHINA"),
                    ("2024-05-03T01:40:00+02:00", "LEIPZIG - GERMANY", "Arrived at DHL Sort Facility LEIPZIG - GERMANY"),
                    ("2024-05-03T06:12:00+02:00", "LEIPZIG - GERMANY", "Processed at LEIPZIG - GERMANY"),
                ],
                eta: Some("2024-05-06T18:00:00+02:00"),
                delivered_at: None,
                exception: None,
                cross_border: true,
            },
        ),
        (
            "00340434292135100124",
            Expected {
                checkpoints: &[
                    ("2024-05-06T09:15:00+02:00", "", "The instruction data for this shipment have been provided by the sender to DHL electronically"),
                    ("2024-05-06T16:02:00+02:00", "Leipzig, DE", "The shipment has been processed in the parcel center of origin"),
                    ("2024-05-06T21:10:00+02:00", "Börnicke, DE", "The shipment has been processed in the destination parcel center"),
                    ("2024-05-07T07:31:00+02:00", "Berlin, DE", "The shipment has been loaded onto the delivery vehicle"),
                    ("2024-05-07T11:48:00+02:00", "Berlin, DE", "The shipment has been successfully delivered"),
                ],
                eta: None,
                delivered_at: Some("2024-05-07T11:48:00+02:00"),
                exception: None,
                cross_border: false,
            },
        ),
        (
            "7350481926",
            Expected {
                checkpoints: &[
                    ("2024-05-02T20:10:00+08:00", "SHENZHEN - CHINA", "Shipment picked up"),
                    ("2024-05-04T02:55:00+02:00", "AMSTERDAM - NETHERLANDS", "Arrived at DHL Sort Facility AMSTERDAM - NETHERLANDS"),
                    ("2024-05-04T08:20:00+02:00", "AMSTERDAM - NETHERLANDS", "Clearance event: shipment on hold"),
                ],
                eta: None,
                delivered_at: None,
                exception: Some(ShipmentException::Stuck),
                cross_border: true,
            },
        ),
        (
            "00340434292135100187",
            Expected {
                checkpoints: &[
                    ("2024-05-08T17:40:00Z", "Leipzig, DE", "The shipment has been processed in the parcel center of origin"),
                    ("2024-05-09T10:05:00Z", "München, DE", "The recipient could not be found at the given address"),
                    ("2024-05-10T14:20:00Z", "Aschheim, DE", "The shipment is being returned to the sender"),
                ],
                eta: None,
                delivered_at: None,
                exception: Some(ShipmentException::Returned),
                cross_border: false,
            },
        ),
    ];
    assert_maps(&dhl_at(&url, DHL_KEY), "DHL", &cases).await;
}

#[tokio::test]
async fn fedex_answers_map_to_the_desks_tracking() {
    let (url, _) = upstream().await;
    let cases = [
        (
            "794843185271",
            Expected {
                checkpoints: &[
                    ("2024-05-01T16:05:12-05:00", "", "Shipment information sent to FedEx"),
                    ("2024-05-02T11:30:00+08:00", "SHENZHEN, CN", "Picked up"),
                    ("2024-05-02T22:40:00+08:00", "GUANGZHOU, CN", "Departed FedEx location"),
                    ("2024-05-03T14:02:00-07:00", "ANCHORAGE, US", "International shipment release - Import"),
                    ("2024-05-04T01:15:00-04:00", "INDIANAPOLIS, US", "Arrived at FedEx hub"),
                    ("2024-05-04T05:47:00-04:00", "INDIANAPOLIS, US", "Departed FedEx hub"),
                ],
                eta: Some("2024-05-08T20:00:00-07:00"),
                delivered_at: None,
                exception: None,
                cross_border: true,
            },
        ),
        (
            "581190049992",
            Expected {
                checkpoints: &[
                    ("2024-04-25T08:55:00-07:00", "COSTA MESA, US", "Picked up"),
                    ("2024-04-25T18:56:00-07:00", "COSTA MESA, US", "Left FedEx origin facility"),
                    ("2024-04-26T06:38:00-07:00", "CLOVIS, US", "At local FedEx facility"),
                    ("2024-04-26T07:52:00-07:00", "FRESNO, US", "On FedEx vehicle for delivery"),
                    ("2024-04-26T09:26:00-07:00", "FRESNO, US", "Delivered"),
                ],
                eta: None,
                delivered_at: Some("2024-04-26T09:26:00-07:00"),
                exception: None,
                cross_border: false,
            },
        ),
        (
            "771206448391",
            Expected {
                checkpoints: &[
                    ("2024-05-02T15:10:00+08:00", "SHENZHEN, CN", "Picked up"),
                    ("2024-05-03T09:30:00+08:00", "GUANGZHOU, CN", "Departed FedEx location"),
                    ("2024-05-04T22:05:00+02:00", "LIEGE, BE", "Arrived at FedEx hub"),
                    ("2024-05-05T10:14:00+02:00", "LIEGE, BE", "Clearance delay: Import documentation is required for customs clearance"),
                ],
                eta: None,
                delivered_at: None,
                exception: Some(ShipmentException::Stuck),
                cross_border: true,
            },
        ),
        (
            "286731549080",
            Expected {
                checkpoints: &[
                    ("2024-05-06T14:20:00-05:00", "MEMPHIS, US", "Picked up"),
                    ("2024-05-09T07:12:00-05:00", "AUSTIN, US", "On FedEx vehicle for delivery"),
                    ("2024-05-09T15:41:00-05:00", "AUSTIN, US", "Delivery exception: Customer not available or business closed"),
                    ("2024-05-10T08:02:00-05:00", "AUSTIN, US", "Returning package to shipper: Recipient not in or business closed after three attempts"),
                ],
                eta: None,
                delivered_at: None,
                exception: Some(ShipmentException::Returned),
                cross_border: false,
            },
        ),
    ];
    assert_maps(&fedex_at(&url, FEDEX_SECRET), "FedEx", &cases).await;
}

#[tokio::test]
async fn ups_answers_map_to_the_desks_tracking() {
    let (url, _) = upstream().await;
    let cases = [
        (
            "1ZA82D670391245567",
            Expected {
                checkpoints: &[
                    ("2024-05-07T10:15:00-04:00", "US", "Shipper created a label, UPS has not received the package yet."),
                    ("2024-05-07T15:40:00-04:00", "Atlanta, US", "Pickup Scan"),
                    ("2024-05-07T19:15:00-04:00", "Atlanta, US", "Origin Scan"),
                    ("2024-05-08T04:12:00-04:00", "Atlanta, US", "Departed from Facility"),
                    ("2024-05-08T21:35:00-05:00", "Hodgkins, US", "Arrived at Facility"),
                ],
                eta: Some("2024-05-10T10:30:00Z"),
                delivered_at: None,
                exception: None,
                cross_border: false,
            },
        ),
        (
            "1Z3F71W20468553902",
            Expected {
                checkpoints: &[
                    ("2024-05-07T09:20:00+08:00", "CN", "Shipper created a label, UPS has not received the package yet."),
                    ("2024-05-07T17:05:00+08:00", "Shenzhen, CN", "Pickup Scan"),
                    ("2024-05-07T23:30:00+08:00", "Shenzhen, CN", "Departed from Facility"),
                    ("2024-05-09T05:20:00+02:00", "Köln, DE", "Import Scan"),
                    ("2024-05-09T16:30:00+02:00", "Köln, DE", "Your package was released by the customs agency."),
                    ("2024-05-10T08:10:00+02:00", "Aschheim, DE", "Out For Delivery Today"),
                    ("2024-05-10T14:23:00+02:00", "München, DE", "DELIVERED"),
                ],
                eta: None,
                delivered_at: Some("2024-05-10T14:23:00+02:00"),
                exception: None,
                cross_border: true,
            },
        ),
        (
            "1Z9E04V86693177245",
            Expected {
                checkpoints: &[
                    ("2024-05-04T15:00:00+08:00", "Shenzhen, CN", "Pickup Scan"),
                    ("2024-05-04T22:10:00+08:00", "Shenzhen, CN", "Departed from Facility"),
                    ("2024-05-06T06:05:00-07:00", "Seattle, US", "Import Scan"),
                    ("2024-05-06T09:18:00-07:00", "Seattle, US", "A clearance delay has occurred: the importer's documents are required by the customs agency."),
                ],
                eta: None,
                delivered_at: None,
                exception: Some(ShipmentException::Stuck),
                cross_border: true,
            },
        ),
        (
            "1Z0Y5816A290614438",
            Expected {
                checkpoints: &[
                    ("2024-05-07T14:20:00-04:00", "Louisville, US", "Pickup Scan"),
                    ("2024-05-10T08:30:00-06:00", "Denver, US", "Out For Delivery Today"),
                    ("2024-05-10T16:32:00-06:00", "Denver, US", "The receiver was not available for delivery. This was the final attempt; the package will be returned."),
                    ("2024-05-13T11:15:00-06:00", "Denver, US", "Returned to shipper"),
                ],
                eta: None,
                delivered_at: None,
                exception: Some(ShipmentException::Returned),
                cross_border: false,
            },
        ),
    ];
    assert_maps(&ups_at(&url, UPS_SECRET), "UPS", &cases).await;
}

#[tokio::test]
async fn an_oauth_token_is_fetched_once_and_reused_until_it_nears_expiry() {
    let (url, up) = upstream().await;
    let (fedex, ups) = (fedex_at(&url, FEDEX_SECRET), ups_at(&url, UPS_SECRET));
    for n in ["794843185271", "581190049992", "771206448391"] {
        fedex.track(&query("FedEx", n), 0).await.unwrap();
    }
    for n in [
        "1ZA82D670391245567",
        "1Z3F71W20468553902",
        "1Z9E04V86693177245",
    ] {
        ups.track(&query("UPS", n), 0).await.unwrap();
    }
    assert_eq!(up.fedex_tokens.load(Ordering::SeqCst), 1);
    assert_eq!(up.ups_tokens.load(Ordering::SeqCst), 1);

    // A token that lives less than the refresh margin is used once only.
    let (url, up) = upstream().await;
    up.token_seconds.store(30, Ordering::SeqCst);
    let (fedex, ups) = (fedex_at(&url, FEDEX_SECRET), ups_at(&url, UPS_SECRET));
    for _ in 0..2 {
        fedex
            .track(&query("FedEx", "794843185271"), 0)
            .await
            .unwrap();
        ups.track(&query("UPS", "1ZA82D670391245567"), 0)
            .await
            .unwrap();
    }
    assert_eq!(up.fedex_tokens.load(Ordering::SeqCst), 2);
    assert_eq!(up.ups_tokens.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_the_carrier_refuses_is_dropped_and_the_next_request_fetches_a_new_one() {
    let (url, up) = upstream().await;
    let fedex = fedex_at(&url, FEDEX_SECRET);
    fedex
        .track(&query("FedEx", "794843185271"), 0)
        .await
        .unwrap();
    let refused = fedex.track(&query("FedEx", REVOKED), 0).await;
    assert!(matches!(refused, Err(CarrierError::Unauthorized("FedEx"))));
    fedex
        .track(&query("FedEx", "794843185271"), 0)
        .await
        .unwrap();
    assert_eq!(up.fedex_tokens.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized() {
    let (url, _) = upstream().await;
    let answers = [
        dhl_at(&url, "not-the-key")
            .track(&query("DHL", "4481926370"), 0)
            .await,
        fedex_at(&url, "wrong")
            .track(&query("FedEx", "794843185271"), 0)
            .await,
        ups_at(&url, "wrong")
            .track(&query("UPS", "1ZA82D670391245567"), 0)
            .await,
    ];
    for (answer, carrier) in answers.into_iter().zip(["DHL", "FedEx", "UPS"]) {
        assert!(
            matches!(answer, Err(CarrierError::Unauthorized(c)) if c == carrier),
            "{answer:?}"
        );
    }
}

#[tokio::test]
async fn unknown_numbers_are_unknown_and_carrier_failures_unavailable() {
    let (url, _) = upstream().await;
    let (dhl, fedex, ups) = (
        dhl_at(&url, DHL_KEY),
        fedex_at(&url, FEDEX_SECRET),
        ups_at(&url, UPS_SECRET),
    );
    let unknown = [
        dhl.track(&query("DHL", "0000000000"), 0).await,
        fedex.track(&query("FedEx", "123456789012"), 0).await,
        ups.track(&query("UPS", "1Z0000000000000404"), 0).await,
        ups.track(&query("UPS", "1Z5629230309413682"), 0).await,
        ups.track(&query("UPS", "1Z/../../oauth"), 0).await,
    ];
    for answer in unknown {
        assert!(
            matches!(answer, Err(CarrierError::Unknown(_))),
            "{answer:?}"
        );
    }
    let failed = [
        dhl.track(&query("DHL", FAILING), 0).await,
        dhl.track(&query("DHL", GARBLED), 0).await,
        fedex.track(&query("FedEx", FAILING), 0).await,
        ups.track(&query("UPS", "1Z0000000000000500"), 0).await,
    ];
    for answer in failed {
        assert!(
            matches!(answer, Err(CarrierError::Unavailable(_))),
            "{answer:?}"
        );
    }
}

#[tokio::test]
async fn a_carrier_that_cannot_be_reached_is_unavailable() {
    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let answer = dhl_at(&closed, DHL_KEY)
        .track(&query("DHL", "4481926370"), 0)
        .await;
    assert!(
        matches!(answer, Err(CarrierError::Unavailable(_))),
        "{answer:?}"
    );
}

#[tokio::test]
async fn without_keys_the_registry_simulates_every_carrier() {
    let cli = Cli::try_parse_from(["fiido-server"]).unwrap();
    let registry = cli.serve.carriers.registry();
    assert!(registry.real().is_empty());
    for carrier in ["DHL", "FedEx", "UPS", "DPD"] {
        let q = ShipmentQuery {
            shipped_at: 1_700_000_000_000,
            ..query(carrier, "JJD000000000001")
        };
        let now = q.shipped_at + 86_400_000;
        assert_eq!(
            registry.track(&q, now).await.unwrap(),
            Simulated.track(&q, now).await.unwrap()
        );
    }
}

#[tokio::test]
async fn the_registry_asks_the_configured_carrier_by_name_whatever_its_case() {
    let (url, _) = upstream().await;
    let registry = Carriers::new(
        Some(DhlConfig {
            base_url: url,
            api_key: DHL_KEY.into(),
        }),
        None,
        None,
    );
    assert_eq!(registry.real(), ["DHL"]);
    assert!(
        registry.uses_real_api(" dhl "),
        "the sweep spares DHL's quota"
    );
    assert!(!registry.uses_real_api("FedEx"), "FedEx is simulated here");
    let real = registry.track(&query(" dhl ", "4481926370"), 0).await;
    assert_eq!(real.unwrap().exception, None);
    let q = query("FedEx", "794843185271");
    assert_eq!(
        registry.track(&q, 0).await.unwrap(),
        Simulated.track(&q, 0).await.unwrap()
    );
}

#[test]
fn keys_never_show_in_the_configuration_and_come_in_pairs() {
    let cli = Cli::try_parse_from([
        "fiido-server",
        "--dhl-api-key",
        "dhl-sekrit",
        "--ups-client-id",
        "ups-id-sekrit",
        "--ups-client-secret",
        "ups-sekrit",
    ])
    .unwrap();
    let shown = format!("{cli:?}");
    assert!(!shown.contains("sekrit"), "{shown}");
    assert_eq!(cli.serve.carriers.registry().real(), ["DHL", "UPS"]);
    let half = Cli::try_parse_from(["fiido-server", "--fedex-client-id", "id"]);
    assert_eq!(
        half.unwrap_err().kind(),
        clap::error::ErrorKind::MissingRequiredArgument,
        "a FedEx client id needs its secret"
    );
}

#[tokio::test]
async fn the_tracking_route_answers_from_the_real_carrier_404_for_unknown_and_502_when_refused() {
    let (url, _) = upstream().await;
    let server = fiido_testkit::TestServer::start(&[
        "--demo",
        "--dhl-api-key",
        DHL_KEY,
        "--dhl-url",
        &url,
        "--fedex-client-id",
        FEDEX_ID,
        "--fedex-client-secret",
        "revoked-secret",
        "--fedex-url",
        &url,
    ]);
    let admin = server.login("admin@demo.fiido").await;
    let (_, orders) = server.get(&admin.token, "/api/v1/orders?limit=500").await;
    let order_of = |carrier: &str| {
        orders["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["carrier"] == carrier && o["tracking_no"].is_string())
            .unwrap_or_else(|| panic!("the demo has a {carrier} parcel"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let tracking = |carrier: &str| {
        let path = format!("/api/v1/orders/{}/tracking", order_of(carrier));
        let server = &server;
        let token = admin.token.clone();
        async move { server.get(&token, &path).await }
    };

    // The stand-in does not know the demo's DHL numbers.
    let (status, body) = tracking("DHL").await;
    assert_eq!((status, &body["error"]["code"]), (404, &json!("not_found")));
    // FedEx refuses the server's secret.
    let (status, body) = tracking("FedEx").await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (502, &json!("upstream_unavailable"))
    );
    // UPS has no keys: simulated.
    let (status, body) = tracking("UPS").await;
    assert_eq!((status, &body["carrier"]), (200, &json!("UPS")));
}
