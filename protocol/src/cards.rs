//! Cards in conversations (MSG-4, COM-5): a product, an order or a coupon
//! sent as a small rich block the desk and the widget both draw. The agent
//! names what to send ([`CardRequest`]); the server fills the card from its
//! own records ([`Card`]), so a card never shows a price, a status or a
//! discount the store does not have. The card is a snapshot: the message
//! keeps what the customer was shown, even after the price changes.
//!
//! The builders here are used by the server (the card that is stored) and by
//! the desk (the copy shown while the message is on its way).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{Conversation, Money, Order, OrderStatus, Product, Store};
use crate::{ApiError, ErrorCode};

/// UTM parameters on every product link the desk hands out (COM-4), so the
/// shop's analytics credit the chat.
pub const UTM: &str = "utm_source=fiido-desk&utm_medium=chat&utm_campaign=customer-service";

/// How many of an order's lines a card lists; the rest are counted.
pub const ORDER_CARD_LINES: usize = 3;

/// A discount the store offers, sendable as a coupon card (COM-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coupon {
    /// What the customer types at checkout, e.g. `SPRING10`.
    pub code: String,
    /// One line saying what it gives, e.g. `10 % off any e-bike`.
    pub title: String,
    pub discount: Discount,
    /// The smallest basket it applies to, if any.
    #[serde(default)]
    pub min_spend: Option<Money>,
    /// When it stops working; none for a standing offer.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

impl Coupon {
    /// Whether the customer can still use it at `now`.
    pub fn valid_at(&self, now: i64) -> bool {
        self.expires_at.is_none_or(|at| at > now)
    }
}

/// What a coupon takes off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Discount {
    /// A share of the basket, 1 to 90.
    Percent { percent: i64 },
    /// A fixed amount.
    Amount { amount: Money },
}

/// What the agent asks to send; the server builds the [`Card`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CardRequest {
    /// A product of the catalogue, by SKU.
    Product { sku: String },
    /// One of the conversation's customer's orders, by id.
    Order { order_id: String },
    /// One of the store's coupons, by code.
    Coupon { code: String },
}

impl CardRequest {
    /// Checks the reference's shape (not whether it exists).
    pub fn validated(self) -> Result<Self, ApiError> {
        let (field, value) = match &self {
            CardRequest::Product { sku } => ("card.sku", sku),
            CardRequest::Order { order_id } => ("card.order_id", order_id),
            CardRequest::Coupon { code } => ("card.code", code),
        };
        let ok = !value.is_empty()
            && value.len() <= 64
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        if ok {
            Ok(self)
        } else {
            Err(ApiError::field(
                ErrorCode::ValidationFailed,
                field,
                "use 1 to 64 letters, digits, '-' or '_'",
            ))
        }
    }
}

fn refused(field: &str, message: String) -> ApiError {
    ApiError::field(ErrorCode::ValidationFailed, field, message)
}

/// The card `request` makes in `conversation`, from what the caller looked
/// up for it (the server in its database, the desk in its cache): the
/// `product` of a product request, the `order` of an order request. Refused
/// the same way on both sides: an unknown product, an order that is not this
/// customer's in this store, an unknown or expired coupon.
pub fn fill(
    request: &CardRequest,
    store: &Store,
    conversation: &Conversation,
    product: Option<&Product>,
    order: Option<&Order>,
    now: i64,
) -> Result<Card, ApiError> {
    match request {
        CardRequest::Product { sku } => product
            .map(|p| Card::Product(ProductCard::of(p, store)))
            .ok_or_else(|| refused("card.sku", format!("no product {sku} in the catalogue"))),
        CardRequest::Order { .. } => order
            .filter(|o| {
                o.customer_id == conversation.customer_id && o.store_id == conversation.store_id
            })
            .map(|o| Card::Order(OrderCard::of(o)))
            .ok_or_else(|| {
                refused(
                    "card.order_id",
                    "that order is not this customer's in this store".into(),
                )
            }),
        CardRequest::Coupon { code } => {
            let coupon = store
                .coupons
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(code))
                .ok_or_else(|| {
                    refused("card.code", format!("{} has no coupon {code}", store.name))
                })?;
            if !coupon.valid_at(now) {
                return Err(refused(
                    "card.code",
                    format!("coupon {} has expired", coupon.code),
                ));
            }
            Ok(Card::Coupon(CouponCard::of(coupon)))
        }
    }
}

/// A card as it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Card {
    Product(ProductCard),
    Order(OrderCard),
    Coupon(CouponCard),
}

/// A product as the customer sees it on the store's site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductCard {
    pub sku: String,
    pub name: String,
    pub category: String,
    /// In the store's currency.
    pub price: Option<Money>,
    /// Whether any warehouse has it.
    pub in_stock: bool,
    /// Days until it is back, when out of stock.
    pub restock_eta_days: Option<i64>,
    /// Its page on the store's site, with UTM parameters.
    pub url: String,
}

/// An order's state, for the customer who placed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderCard {
    pub order_id: String,
    pub number: String,
    pub status: OrderStatus,
    pub total: Money,
    /// The first lines, e.g. `1 × Fiido D11`.
    pub lines: Vec<String>,
    /// Lines not listed.
    pub more_lines: i64,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub placed_at: i64,
}

/// A coupon with its terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CouponCard {
    pub code: String,
    pub title: String,
    pub discount: Discount,
    pub min_spend: Option<Money>,
    pub expires_at: Option<i64>,
}

/// A product's page on a store's site, with the desk's UTM parameters.
pub fn product_url(domain: &str, sku: &str) -> String {
    format!(
        "https://{domain}/products/{}?{UTM}",
        sku.to_ascii_lowercase()
    )
}

/// The SKU of the first link in `text` to one of the store's own product
/// pages (`https://{domain}/products/{sku}`), for a link preview (MSG-4).
/// Links to other sites are never looked at.
pub fn product_link_sku(text: &str, domain: &str) -> Option<String> {
    if domain.is_empty() {
        return None;
    }
    let prefixes = [
        format!("https://{domain}/products/"),
        format!("https://www.{domain}/products/"),
    ];
    prefixes
        .iter()
        .filter_map(|prefix| {
            let at = text.find(prefix.as_str())?;
            let rest = &text[at + prefix.len()..];
            let sku: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            (!sku.is_empty()).then_some((at, sku))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, sku)| sku.to_ascii_uppercase())
}

/// Money as plain text, e.g. `1299.00 EUR`, for a card's text fallback.
fn plain_money(m: &Money) -> String {
    let sign = if m.amount_minor < 0 { "-" } else { "" };
    let abs = m.amount_minor.unsigned_abs();
    format!("{sign}{}.{:02} {}", abs / 100, abs % 100, m.currency)
}

impl ProductCard {
    /// The card of `product` on `store`'s site.
    pub fn of(product: &Product, store: &Store) -> Self {
        ProductCard {
            sku: product.sku.clone(),
            name: product.name.clone(),
            category: product.category.clone(),
            price: product
                .prices
                .iter()
                .find(|p| p.currency == store.currency)
                .or_else(|| product.prices.first())
                .cloned(),
            in_stock: product.stock.iter().any(|s| s.quantity > 0),
            restock_eta_days: product.restock_eta_days,
            url: product_url(&store.domain, &product.sku),
        }
    }
}

impl OrderCard {
    /// The card of `order`.
    pub fn of(order: &Order) -> Self {
        OrderCard {
            order_id: order.id.clone(),
            number: order.number.clone(),
            status: order.status,
            total: order.total.clone(),
            lines: order
                .items
                .iter()
                .take(ORDER_CARD_LINES)
                .map(|i| format!("{} × {}", i.quantity, i.name))
                .collect(),
            more_lines: i64::try_from(order.items.len().saturating_sub(ORDER_CARD_LINES))
                .unwrap_or(i64::MAX),
            carrier: order.carrier.clone(),
            tracking_no: order.tracking_no.clone(),
            placed_at: order.created_at,
        }
    }
}

impl CouponCard {
    /// The card of `coupon`.
    pub fn of(coupon: &Coupon) -> Self {
        CouponCard {
            code: coupon.code.clone(),
            title: coupon.title.clone(),
            discount: coupon.discount.clone(),
            min_spend: coupon.min_spend.clone(),
            expires_at: coupon.expires_at,
        }
    }
}

/// Whether a message's body only repeats its card's text.
pub fn is_card_text(card: Option<&Card>, body: &str) -> bool {
    card.is_some_and(|c| c.fallback_text() == body)
}

impl Card {
    /// The message text that goes with a card when the agent wrote none:
    /// what a client that cannot draw cards shows, and what search finds.
    pub fn fallback_text(&self) -> String {
        match self {
            Card::Product(p) => {
                let price = p.price.as_ref().map(plain_money).unwrap_or_default();
                format!("{} {price}\n{}", p.name, p.url).replace("  ", " ")
            }
            Card::Order(o) => format!(
                "Order {} · {} · {}",
                o.number,
                o.status.as_str(),
                plain_money(&o.total)
            ),
            Card::Coupon(c) => format!("Coupon {}: {}", c.code, c.title),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrderItem, StockLevel};

    fn store() -> Store {
        Store {
            id: "s".into(),
            key: "k".into(),
            name: "Fiido DE".into(),
            domain: "fiido.de".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
            overdue_after_secs: 120,
            coupons: Vec::new(),
        }
    }

    fn money(amount_minor: i64, currency: &str) -> Money {
        Money {
            amount_minor,
            currency: currency.into(),
        }
    }

    #[test]
    fn a_product_card_takes_the_stores_currency_and_a_utm_link() {
        let product = Product {
            sku: "FD-D11".into(),
            name: "Fiido D11".into(),
            model: "D11".into(),
            category: "e-bike".into(),
            prices: vec![money(139_900, "USD"), money(129_900, "EUR")],
            stock: vec![StockLevel {
                warehouse: "EU".into(),
                quantity: 0,
            }],
            restock_eta_days: Some(12),
        };
        let card = ProductCard::of(&product, &store());
        assert_eq!(card.price, Some(money(129_900, "EUR")));
        assert!(!card.in_stock);
        assert_eq!(card.url, format!("https://fiido.de/products/fd-d11?{UTM}"));
        assert_eq!(
            Card::Product(card).fallback_text(),
            format!("Fiido D11 1299.00 EUR\nhttps://fiido.de/products/fd-d11?{UTM}")
        );
    }

    #[test]
    fn an_order_card_lists_three_lines_and_counts_the_rest() {
        let item = |n: &str| OrderItem {
            sku: n.into(),
            name: n.into(),
            quantity: 1,
            unit_price: money(100, "EUR"),
        };
        let order = Order {
            id: "o1".into(),
            number: "FD-1".into(),
            store_id: "s".into(),
            customer_id: "c".into(),
            status: OrderStatus::Shipped,
            items: vec![item("a"), item("b"), item("c"), item("d")],
            total: money(400, "EUR"),
            carrier: Some("DHL".into()),
            tracking_no: Some("JD1".into()),
            created_at: 1,
            updated_at: 2,
            shipping_address: String::new(),
            note: "never shown to the customer".into(),
            timeline: Vec::new(),
            urged_at: None,
            refund: None,
            review: None,
        };
        let card = OrderCard::of(&order);
        assert_eq!(card.lines, vec!["1 × a", "1 × b", "1 × c"]);
        assert_eq!(card.more_lines, 1);
        let json = serde_json::to_string(&Card::Order(card)).unwrap();
        assert!(json.starts_with(r#"{"kind":"order""#), "{json}");
        assert!(
            !json.contains("never shown"),
            "the team's note stays inside"
        );
    }

    #[test]
    fn only_the_stores_own_product_links_are_previewed() {
        let text =
            "see https://evil.example/products/x and https://www.fiido.de/products/fd-d11?x=1 too";
        assert_eq!(
            product_link_sku(text, "fiido.de").as_deref(),
            Some("FD-D11")
        );
        assert_eq!(
            product_link_sku("https://fiido.de/products/", "fiido.de"),
            None
        );
        assert_eq!(
            product_link_sku("https://fiido.com/products/a", "fiido.de"),
            None
        );
        assert_eq!(product_link_sku("anything", ""), None);
    }

    #[test]
    fn a_card_request_names_a_plain_reference() {
        assert!(CardRequest::Coupon {
            code: "SPRING10".into()
        }
        .validated()
        .is_ok());
        for bad in ["", "a b", "../x", &"x".repeat(65)] {
            let err = CardRequest::Product { sku: bad.into() }
                .validated()
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::ValidationFailed);
        }
    }

    #[test]
    fn an_expired_coupon_is_not_valid() {
        let coupon = Coupon {
            code: "X".into(),
            title: "t".into(),
            discount: Discount::Percent { percent: 10 },
            min_spend: None,
            expires_at: Some(100),
        };
        assert!(coupon.valid_at(99));
        assert!(!coupon.valid_at(100));
    }
}
