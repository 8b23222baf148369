//! A customer's spending (CUST-2), from their cached orders: what the panel
//! shows beside who they are.

use fiido_protocol::model::{Order, OrderStatus};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Totals of a customer's orders in one currency (the one most of their
/// orders use; orders in others are left out of the sums).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Spending {
    pub currency: String,
    /// Paid and not refunded or cancelled, in minor units.
    pub total_minor: i64,
    /// Every order, whatever its state.
    pub orders: i64,
    /// `total_minor` over the orders that count.
    pub average_minor: i64,
    /// Refunded orders among those that were paid, 0..=100.
    pub refund_rate_pct: i64,
    /// Reviews of 4 or 5 stars among the customer's reviewed orders,
    /// 0..=100; none when they never rated one.
    pub positive_review_pct: Option<i64>,
    /// How many of their orders they rated.
    pub reviews: i64,
}

/// The least stars a review needs to count as positive.
pub const POSITIVE_STARS: i64 = 4;

/// The spending of these orders; None without orders.
pub fn of(orders: &[Order]) -> Option<Spending> {
    let mut currencies: Vec<&str> = orders.iter().map(|o| o.total.currency.as_str()).collect();
    currencies.sort_unstable();
    let currency = currencies
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())?
        .first()?
        .to_string();
    let same: Vec<&Order> = orders
        .iter()
        .filter(|o| o.total.currency == currency)
        .collect();
    let paid: Vec<&&Order> = same
        .iter()
        .filter(|o| o.status != OrderStatus::Placed && o.status != OrderStatus::Cancelled)
        .collect();
    let refunded = paid
        .iter()
        .filter(|o| o.status == OrderStatus::Refunded)
        .count() as i64;
    let counting: Vec<&&&Order> = paid
        .iter()
        .filter(|o| o.status != OrderStatus::Refunded)
        .collect();
    let total_minor: i64 = counting.iter().map(|o| o.total.amount_minor).sum();
    let ratings: Vec<i64> = orders.iter().filter_map(|o| o.review).collect();
    let positive = ratings.iter().filter(|&&r| r >= POSITIVE_STARS).count() as i64;
    let reviews = ratings.len() as i64;
    Some(Spending {
        currency,
        total_minor,
        orders: orders.len() as i64,
        average_minor: if counting.is_empty() {
            0
        } else {
            total_minor / counting.len() as i64
        },
        refund_rate_pct: if paid.is_empty() {
            0
        } else {
            refunded * 100 / paid.len() as i64
        },
        positive_review_pct: (reviews > 0).then(|| positive * 100 / reviews),
        reviews,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiido_protocol::model::Money;

    fn order(status: OrderStatus, amount: i64, currency: &str) -> Order {
        Order {
            id: format!("{status:?}{amount}"),
            number: "FD-1".into(),
            store_id: "s".into(),
            customer_id: "c".into(),
            status,
            items: vec![],
            total: Money {
                amount_minor: amount,
                currency: currency.into(),
            },
            carrier: None,
            tracking_no: None,
            created_at: 0,
            updated_at: 0,
            shipping_address: String::new(),
            note: String::new(),
            timeline: vec![],
            urged_at: None,
            refund: None,
            review: None,
        }
    }

    #[test]
    fn spending_counts_what_was_paid_and_kept_and_rates_refunds() {
        use OrderStatus::*;
        let s = of(&[
            order(Delivered, 100_000, "EUR"),
            order(Shipped, 50_000, "EUR"),
            order(Refunded, 80_000, "EUR"),
            order(Cancelled, 70_000, "EUR"),
            order(Placed, 10_000, "EUR"),
            order(Delivered, 99_999, "USD"),
        ])
        .unwrap();
        assert_eq!(s.currency, "EUR");
        assert_eq!(
            (s.total_minor, s.orders, s.average_minor),
            (150_000, 6, 75_000)
        );
        assert_eq!(s.refund_rate_pct, 33, "1 of 3 paid orders refunded");
        assert_eq!(s.positive_review_pct, None, "no review, no rate");
        assert_eq!(of(&[]), None);
    }

    #[test]
    fn four_and_five_stars_count_as_positive_among_the_rated_orders() {
        let rated = |status, stars| Order {
            review: Some(stars),
            ..order(status, 100, "EUR")
        };
        let s = of(&[
            rated(OrderStatus::Delivered, 5),
            rated(OrderStatus::Delivered, 4),
            rated(OrderStatus::Delivered, 3),
            rated(OrderStatus::Refunded, 1),
            order(OrderStatus::Delivered, 100, "EUR"),
        ])
        .unwrap();
        assert_eq!((s.positive_review_pct, s.reviews), (Some(50), 4));
    }
}
